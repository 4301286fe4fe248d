"""Restore a backup archive into a NEW database and media folder, and verify it against its manifest."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ocop_portal.backup.archive import restore_backup
from ocop_portal.backup.database import BackupError


class Command(BaseCommand):
    help = (
        "Restore ARCHIVE (made by `backup`) into a new database — PostgreSQL: a database name created "
        "on the configured server; SQLite archive: a file path — and a new or empty media folder; "
        "then compare the row count of every table and the SHA-256 of every file with the manifest. "
        "Nothing existing is overwritten. Point DATABASE_URL and MEDIA_ROOT at them to serve the restore."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--database", required=True, help="new database name (PostgreSQL) or file (SQLite)"
        )
        parser.add_argument(
            "--media", required=True, type=Path, help="new or empty folder for the media files"
        )

    def handle(self, *args, archive, database, media, **options):
        try:
            report = restore_backup(archive, media=media, database_name=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"restored {archive.name}: {report.tables} tables, {report.rows} rows into {database}; "
            f"{report.files} media files into {media}."
        )
        if report.problems:
            for problem in report.problems:
                self.stderr.write(problem)
            raise CommandError(
                f"{len(report.problems)} difference(s) from the manifest: the restore is not trustworthy"
            )
        self.stdout.write("verified: every row count and file hash equals the manifest.")
