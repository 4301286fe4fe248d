"""python manage.py import_products FILE.xlsx [--dry-run] [--user USERNAME]

All-or-nothing: any bad row rejects the whole file; every error is printed on stderr
("Row N, <column>: “value” message") and the command exits with status 1.

Ratings (certificates issued before the portal) are recorded from paper only when ``--user`` names a
DARD (provincial) account; otherwise — a district officer, or no user at all — they are proposed to
DARD, who confirms them on the certificates pages.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from products.importers import import_products

ACTIONS = {"create": "+", "update": "~", "unchanged": "="}


class Command(BaseCommand):
    help = "Import producers and products from an .xlsx spreadsheet (all-or-nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to the .xlsx file")
        parser.add_argument("--dry-run", action="store_true", help="Check and report; write nothing")
        parser.add_argument(
            "--user",
            help="Import as this user: their area limits the rows and the changes are recorded under their name",
        )

    def handle(self, *args, **opts):
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}", returncode=1)
        user = None
        if opts["user"]:
            try:
                user = get_user_model().objects.select_related("unit").get(username=opts["user"])
            except get_user_model().DoesNotExist:
                raise CommandError(f"Unknown user: {opts['user']}", returncode=1) from None
        with path.open("rb") as handle:
            report = import_products(handle, user=user, filename=path.name, dry_run=opts["dry_run"])
        if report.errors:
            for error in report.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"{path.name} was rejected: {len(report.errors)} error(s); nothing was written.", returncode=1
            )
        verbosity = opts["verbosity"]
        if verbosity >= 1:
            for row in report.rows:
                if row.action == "unchanged" and verbosity < 2:
                    continue
                changes = f" ({', '.join(row.changes)})" if row.changes else ""
                self.stdout.write(
                    f"{ACTIONS[row.action]} row {row.row}: {row.action}{changes}: {row.name} — {row.producer_name}, "
                    f"{row.commune}"
                )
            for warning in report.warnings:
                self.stdout.write(self.style.WARNING(str(warning)))
        summary = (
            f"{report.created} created, {report.updated} updated, {report.unchanged} unchanged, "
            f"{report.producers_created} new producer(s), {report.ratings_recorded} paper certificate(s) "
            f"recorded, {report.ratings_proposed} rating(s) proposed to DARD"
        )
        if report.dry_run:
            self.stdout.write(self.style.WARNING(f"Dry run, nothing written. Would be: {summary}."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported {path.name}: {summary}."))
