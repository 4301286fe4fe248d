"""Back up the portal: database + media files in one archive with a manifest (see ocop_portal.backup)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ocop_portal.backup.archive import backup_dir, create_backup, prune
from ocop_portal.backup.database import BackupError
from ocop_portal.uploads.policy import human_size


class Command(BaseCommand):
    help = (
        "Dump the database (pg_dump custom format; SQLite: its backup API) and every media file into "
        "one archive ocop-backup-<UTC time>.tar with manifest.json (row counts, SHA-256 of each file), "
        "then keep only the newest --keep archives."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="folder for the archives (default OCOP_BACKUP_DIR)")
        parser.add_argument(
            "--keep",
            type=int,
            default=getattr(settings, "OCOP_BACKUP_KEEP", 14),
            help="archives to keep in the folder, newest first (0: keep all; default OCOP_BACKUP_KEEP)",
        )

    def handle(self, *args, output, keep, **options):
        output = output or backup_dir()
        try:
            archive, manifest = create_backup(output)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"{archive} ({human_size(archive.stat().st_size)}): {len(manifest['tables'])} tables, "
            f"{rows} rows, {len(manifest['media'])} media files."
        )
        for name in manifest["missing_media"]:
            self.stderr.write(
                f"warning: {name} is referenced by the database but missing from the media folder"
            )
        for path in prune(output, keep=keep):
            self.stdout.write(f"removed old backup {path.name}")
