"""Run the reminders for one day or for each day of a range (the same service as the beat task).

    python manage.py run_reminders                       # today
    python manage.py run_reminders --today 2022-07-01
    python manage.py run_reminders --from 2022-01-01 --to 2022-12-31
    python manage.py run_reminders --today 2022-07-01 --dry-run

Prints one line per reminder it sends (or would send; "[trễ]" marks a late catch-up) and a final
count. In the embedded mode (no Redis, no beat) this command is how reminders run: schedule it
daily with cron or a systemd timer.
"""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from notifications.services import run_reminders


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"“{value}” is not a date (YYYY-MM-DD).") from None


class Command(BaseCommand):
    help = "Send the reminders due on a day (or each day of a range), exactly once."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Run as if today were this day (YYYY-MM-DD)")
        parser.add_argument("--from", dest="start", help="First day of a range (YYYY-MM-DD)")
        parser.add_argument("--to", dest="end", help="Last day of a range (YYYY-MM-DD)")
        parser.add_argument("--dry-run", action="store_true", help="Change nothing; list what would be sent")

    def handle(self, *args, today=None, start=None, end=None, dry_run=False, **options):
        if today and (start or end):
            raise CommandError("Give either --today or --from/--to, not both.")
        if bool(start) != bool(end):
            raise CommandError("--from and --to go together.")
        if start:
            first, last = _day(start), _day(end)
            if last < first:
                raise CommandError("--to is before --from.")
            if (last - first).days > 3660:
                raise CommandError("A range of at most ten years, please.")
        else:
            first = last = _day(today) if today else timezone.localdate()
        results = []
        day = first
        while day <= last:
            results.extend(run_reminders(day, dry_run=dry_run, out=self.stdout))
            day += datetime.timedelta(days=1)
        sent = [r for r in results if r.status in ("sent", "would_send")]
        failed = [r for r in results if r.status == "failed"]
        busy = [r for r in results if r.status == "busy"]
        late = [r for r in sent if r.late]
        verb = "would be sent" if dry_run else "sent"
        summary = f"{len(sent)} reminder(s) {verb}"
        if late:
            summary += f", {len(late)} late"
        if failed:
            summary += f", {len(failed)} failed (will be retried)"
        if busy:
            summary += f", {len(busy)} being sent by another process"
        self.stdout.write(self.style.SUCCESS(summary + "."))
