from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts import services
from accounts.units_data import iter_units, load_json


class Command(BaseCommand):
    help = (
        "Load administrative units from the vietnam-provinces package data "
        "(0.6.0: province → district → commune; 2025.x: province → commune)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--province", action="append", default=[], help="Province code(s) to load (default: all)"
        )
        parser.add_argument("--file", type=Path, help="A nested-divisions JSON file instead of the package's")

    def handle(self, *args, **opts):
        try:
            data = load_json(opts["file"])
        except (OSError, ValueError) as exc:
            raise CommandError(f"Cannot read units: {exc}") from exc
        rows = list(iter_units(data, set(opts["province"]) or None))
        if not rows:
            raise CommandError("No units matched.")
        created, updated = services.load_units(rows)
        self.stdout.write(f"{len(rows)} units read: {created} created, {updated} updated.")
