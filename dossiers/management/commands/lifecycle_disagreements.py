"""List products whose lifecycle disagrees with their dossier of a year (exit status 1 if any).

    python manage.py lifecycle_disagreements [--year 2026]

The services make new disagreements impossible (``dossiers.agreement``); a database that predates the
rule may still hold some: each line names the product, its state and its dossier's status, for DARD to
correct through the dossier (submit, return) rather than by editing the product.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from dossiers.agreement import disagreements


class Command(BaseCommand):
    help = "List products whose lifecycle state disagrees with their dossier of the year."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=None)

    def handle(self, *args, year=None, **options):
        year = year or timezone.localdate().year
        rows = disagreements(year)
        for product, state, status in rows:
            self.stdout.write(f"{product}\t{state}\t{status}")
        if rows:
            raise CommandError(f"{len(rows)} product(s) disagree with their dossier of {year}.")
        self.stdout.write(f"No disagreement in {year}.")
