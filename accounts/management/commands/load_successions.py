"""Load an old → new unit mapping (JSON or CSV) as unit successions; idempotent, all or nothing."""

import csv
import datetime
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts import services

DEMO_FILE = Path(__file__).resolve().parents[2] / "successions_data" / "da_nang_2025_demo.json"


def read_mapping(path: Path) -> tuple[list[dict], dict]:
    """Rows and header of a mapping file: JSON ``{"date", "legal_basis", "successions": [...]}`` or a CSV
    with the columns old_code, old_name, new_code, new_name, legal_basis."""
    with open(path, encoding="utf-8-sig") as fh:
        if path.suffix.lower() == ".csv":
            return list(csv.DictReader(fh)), {}
        doc = json.load(fh)
    if isinstance(doc, list):
        return doc, {}
    return list(doc.get("successions", [])), doc


class Command(BaseCommand):
    help = (
        "Record unit successions (old commune → new commune, old province → new city) from a mapping "
        "file of official codes. Without FILE, loads the shipped demo subset for Đà Nẵng 2025."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", type=Path, default=DEMO_FILE)
        parser.add_argument(
            "--date", help="Date the successors took over (YYYY-MM-DD); default from the file"
        )
        parser.add_argument("--legal-basis", default="", help="Legal basis for rows that give none")

    def handle(self, *args, **opts):
        try:
            rows, header = read_mapping(opts["file"])
        except (OSError, ValueError) as exc:
            raise CommandError(f"Cannot read the mapping: {exc}") from exc
        raw_date = opts["date"] or header.get("date") or "2025-07-01"
        try:
            date = datetime.date.fromisoformat(raw_date)
        except ValueError as exc:
            raise CommandError(f"Invalid date “{raw_date}” (YYYY-MM-DD).") from exc
        if not rows:
            raise CommandError("The mapping has no rows.")
        basis = opts["legal_basis"] or header.get("legal_basis", "")
        try:
            created, unchanged = services.load_successions(rows, date=date, legal_basis=basis)
        except services.SuccessionFileError as exc:
            raise CommandError(f"Nothing was loaded: {exc}") from exc
        if header.get("demo_subset"):
            self.stdout.write("Note: this file is a DEMO SUBSET, not the official annex.")
        self.stdout.write(f"{len(rows)} rows: {created} successions recorded, {unchanged} already present.")
