"""What an import reports: the errors (row, column, value, message), the warnings and the planned
rows with their action (create, update, unchanged)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from accounts.models import AdministrativeUnit
from producers.models import Producer

from ..models import Product, ProductGroup
from .cells import COLUMNS

ERRORS_SHOWN = 200  # errors listed on a page; the whole list downloads as a spreadsheet
ROWS_SHOWN = 200  # planned rows listed on the preview page


@dataclass
class RowError:
    row: int | None  # the spreadsheet's row number (None: about the whole file)
    column: str  # header text, or "" for the whole row/file
    value: str
    message: str

    def __str__(self):
        where = _("Row %(row)s") % {"row": self.row} if self.row else _("File")
        if self.column:
            where = f"{where}, {self.column}"
        value = f" “{self.value}”" if self.value else ""
        return f"{where}:{value} {self.message}"


@dataclass
class PlannedRow:
    row: int
    name: str
    producer_name: str
    kind: str
    tax_code: str
    commune: AdministrativeUnit
    group: ProductGroup
    stars: int | None
    decision: str
    recognised_on: datetime.date | None
    action: str = "create"  # create | update | unchanged
    changes: list[str] = field(default_factory=list)
    product: Product | None = None
    producer: Producer | None = None
    producer_key: tuple | None = None  # a producer to be created by this import
    set_rating: bool = False
    rating_route: str = ""  # "certificate" (DARD: recorded from paper) or "proposal" (awaits DARD)

    @property
    def district(self):
        return self.commune.parent


@dataclass
class ImportReport:
    filename: str = ""
    sha256: str = ""  # of the file's bytes: the preview's confirmation imports exactly this file
    dry_run: bool = False
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rows: list[PlannedRow] = field(default_factory=list)
    producers_created: int = 0
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def created(self) -> int:
        return self.count("create")

    @property
    def updated(self) -> int:
        return self.count("update")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")

    @property
    def ratings_recorded(self) -> int:
        return sum(1 for r in self.rows if r.set_rating and r.rating_route == "certificate")

    @property
    def ratings_proposed(self) -> int:
        return sum(1 for r in self.rows if r.set_rating and r.rating_route == "proposal")

    @property
    def errors_shown(self) -> list[RowError]:
        return self.errors[:ERRORS_SHOWN]

    @property
    def error_rows(self) -> list[list]:
        """The errors listed on the page, as [row, column, value, message] (as an import job keeps them)."""
        return [[e.row, e.column, e.value, e.message] for e in self.errors_shown]

    @property
    def warnings_shown(self) -> list[str]:
        return self.warnings[:ERRORS_SHOWN]

    @property
    def rows_shown(self) -> list[PlannedRow]:
        return self.rows[:ROWS_SHOWN]

    def error(self, row, column_key, value, message):
        column = COLUMNS.get(column_key, column_key or "")
        self.errors.append(RowError(row, column, "" if value is None else str(value)[:100], message))
