"""Delete stale upload temporary files (a worker killed mid-upload leaves them behind)."""

import datetime

from django.core.management.base import BaseCommand

from ocop_portal.uploads.policy import human_size
from ocop_portal.uploads.tempfiles import STALE_AFTER, sweep_stale, temp_dir


class Command(BaseCommand):
    help = "Delete upload temporary files under FILE_UPLOAD_TEMP_DIR not touched for --hours (default 6)."

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=float, default=STALE_AFTER.total_seconds() / 3600)

    def handle(self, *args, hours, **options):
        result = sweep_stale(older_than=datetime.timedelta(hours=hours))
        self.stdout.write(
            f"{temp_dir()}: {result.removed} stale upload file(s) removed "
            f"({human_size(result.freed_bytes)}), {result.kept} in progress kept."
        )
