"""Spreadsheet import of producers and products, all-or-nothing: the columns and cell parsing, reading,
validation and matching, writing, and the downloadable template (see :mod:`.pipeline`)."""

from .cells import COLUMNS, KIND_LABELS, REQUIRED, parse_date, parse_kind, parse_stars
from .pipeline import ProductImporter, file_sha256, import_products
from .report import ImportReport, PlannedRow, RowError
from .template import template_workbook

__all__ = [
    "COLUMNS",
    "KIND_LABELS",
    "REQUIRED",
    "ImportReport",
    "PlannedRow",
    "ProductImporter",
    "RowError",
    "file_sha256",
    "import_products",
    "parse_date",
    "parse_kind",
    "parse_stars",
    "template_workbook",
]
