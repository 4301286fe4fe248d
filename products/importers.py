"""Spreadsheet import of producers and products (openpyxl, read-only), all-or-nothing.

The file's first worksheet holds one product per row under a header row whose columns are
found by their Vietnamese names, in any order (accents, case and a trailing "*" do not
matter). Unknown columns are ignored, so a file exported from the product list can be
re-imported.

Two phases:

1. **validate** — read every row, resolve units, groups, producers and existing products
   with a constant number of queries, and collect *every* error as (row, column, value,
   message). Nothing is written.
2. **apply** — only when there is no error and it is not a dry run: one transaction, through
   the producers and products services. A failure there rolls everything back.

Matching (so a re-import does not duplicate rows):

* unit: accent-insensitive name without its type prefix (:func:`ocop_portal.text.fold_unit_name`),
  the commune inside the named district;
* producer: by tax code, else by folded name in the same commune; otherwise created (once per
  file) in the product's commune. Existing producers are not modified by an import;
* product: by folded name + producer; an existing one is updated (group, commune, rating) or
  left unchanged;
* group: by code ("1.3") or folded name, under the regulation in force on the recognition date
  (148/QĐ-TTg when the row has no date);
* rating (``Hạng sao`` 3–5 with ``Ngày công nhận``): recorded by
  :func:`products.services.record_imported_rating`, unless a more recent rating is recorded.
"""

from __future__ import annotations

import datetime
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import AdministrativeUnit
from ocop_portal.text import fold, fold_unit_name
from ocop_portal.workflow import TransitionRefused
from producers import services as producer_services
from producers.models import Producer, ProducerKind

from . import services
from .models import Product, ProductGroup, RegulationVersion

# Column key → the header in the spreadsheet (a data format: stays Vietnamese).
COLUMNS = {
    "name": "Tên sản phẩm",
    "producer": "Chủ thể",
    "kind": "Loại hình chủ thể",
    "tax_code": "Mã số doanh nghiệp",
    "commune": "Xã/Phường/Thị trấn",
    "district": "Huyện/Thị xã/Thành phố",
    "group": "Nhóm sản phẩm",
    "stars": "Hạng sao",
    "decision": "Số quyết định công nhận",
    "recognised_on": "Ngày công nhận",
}
REQUIRED = ("name", "producer", "kind", "commune", "district", "group")
HEADER_ALIASES = {
    "xa": "commune",
    "xa/phuong": "commune",
    "xa, phuong, thi tran": "commune",
    "huyen": "district",
    "huyen/thi xa": "district",
    "huyen, thi xa, thanh pho": "district",
    "ten chu the": "producer",
    "ma so thue": "tax_code",
    "so quyet dinh": "decision",
}
DEFAULT_REGULATION = "148-2023"
MAX_ROWS = 50_000
HEADER_SEARCH_ROWS = 20

# The canonical Vietnamese names of producer types (used by the template and exports).
KIND_LABELS = {
    ProducerKind.ENTERPRISE: "Doanh nghiệp",
    ProducerKind.COOPERATIVE: "Hợp tác xã",
    ProducerKind.COOP_GROUP: "Tổ hợp tác",
    ProducerKind.HOUSEHOLD: "Hộ sản xuất",
}
_KIND_ALIASES = [
    # order matters: the longer, more specific prefixes first
    (ProducerKind.COOP_GROUP, ("to hop tac", "tht", "cooperative group")),
    (ProducerKind.COOPERATIVE, ("hop tac xa", "htx", "cooperative", "lien hiep htx")),
    (
        ProducerKind.ENTERPRISE,
        ("doanh nghiep", "dn", "dntn", "cong ty", "cty", "enterprise"),
    ),
    (
        ProducerKind.HOUSEHOLD,
        ("ho san xuat", "ho kinh doanh", "ho gia dinh", "co so", "household", "registered household", "ho"),
    ),
]
_UNIT_ABBREVIATIONS = (
    (re.compile(r"^tt\.?\s+"), "thi tran "),
    (re.compile(r"^tx\.?\s+"), "thi xa "),
    (re.compile(r"^tp\.?\s+"), "thanh pho "),
    (re.compile(r"^h\.\s*"), "huyen "),
    (re.compile(r"^x\.\s*"), "xa "),
    (re.compile(r"^p\.\s*"), "phuong "),
)
_GROUP_CODE = re.compile(r"^\s*(\d+(?:\.\d+)?)(?:[.\s]|$)")
_STARS = re.compile(r"^\s*(\d+)\s*(?:sao|★+|\*)?\s*$", re.IGNORECASE)
_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")


# --- Report ---------------------------------------------------------------------------------


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

    @property
    def district(self):
        return self.commune.parent


@dataclass
class ImportReport:
    filename: str = ""
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

    def error(self, row, column_key, value, message):
        column = COLUMNS.get(column_key, column_key or "")
        self.errors.append(RowError(row, column, "" if value is None else str(value)[:100], message))


# --- Cell parsing -----------------------------------------------------------------------------


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y")
    return re.sub(r"\s+", " ", str(value)).strip()


def parse_kind(text: str) -> str | None:
    folded = fold(text)
    if not folded:
        return None
    for kind, label in KIND_LABELS.items():
        if folded == fold(label):
            return kind
    for kind, aliases in _KIND_ALIASES:
        for alias in aliases:
            if folded == alias or folded.startswith(alias + " ") or folded.startswith(alias + "("):
                return kind
    return None


def parse_stars(value) -> int | None:
    """3–5, or None for an empty cell; raises ValueError otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int | float):
        if float(value).is_integer():
            stars = int(value)
        else:
            raise ValueError
    else:
        match = _STARS.match(str(value))
        if not match:
            raise ValueError
        stars = int(match.group(1))
    if not 3 <= stars <= 5:
        raise ValueError
    return stars


def parse_date(value) -> datetime.date | None:
    """A date cell, or text dd/mm/yyyy; None for an empty cell; raises ValueError otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        for fmt in _DATE_FORMATS:
            try:
                return datetime.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
    raise ValueError


def unit_key(text: str) -> str:
    folded = fold(text)
    for pattern, replacement in _UNIT_ABBREVIATIONS:
        folded = pattern.sub(replacement, folded)
    return fold_unit_name(folded)


def _prefer_exact(units: list, text: str) -> list:
    """Among units whose folded names match, keep those spelled exactly so (accents decide
    between "Xã Trà Dơn" and "Xã Trà Don" of the same district)."""
    if len(units) < 2:
        return units
    wanted = unicodedata.normalize("NFC", text).strip().lower()
    exact = []
    for unit in units:
        name = unicodedata.normalize("NFC", unit.name).lower()
        if name == wanted or name.endswith(" " + wanted):
            exact.append(unit)
    return exact or units


def _header_key(value) -> str | None:
    text = fold(cell_text(value))
    text = re.sub(r"\s*/\s*", "/", text)
    text = re.sub(r"[\s*:(]+\)?$", "", text).strip()
    if not text:
        return None
    for key, header in COLUMNS.items():
        if text == re.sub(r"\s*/\s*", "/", fold(header)):
            return key
    return HEADER_ALIASES.get(text)


# --- The importer ---------------------------------------------------------------------------


class ProductImporter:
    """Validate then (unless ``dry_run``) apply a spreadsheet of products. See the module docs."""

    def __init__(self, user=None):
        self.user = user

    # Entry point --------------------------------------------------------------------------------
    def run(self, fileobj, *, filename: str = "", dry_run: bool = False) -> ImportReport:
        report = ImportReport(filename=filename, dry_run=dry_run)
        if self.user is not None and not producer_services.can_register(self.user):
            report.error(None, "", "", _("Your role may not import products."))
            return report
        raw_rows = self._read(fileobj, filename, report)
        if report.errors:
            return report
        self._validate(raw_rows, report)
        if report.errors or dry_run or not report.rows:
            if not report.rows and not report.errors:
                report.error(None, "", "", _("The file has no product rows under the header row."))
            return report
        self._apply(report)
        return report

    # Reading ---------------------------------------------------------------------------------
    def _read(self, fileobj, filename, report) -> list[tuple[int, dict]]:
        from openpyxl import load_workbook
        from openpyxl.utils.exceptions import InvalidFileException

        if filename and not filename.lower().endswith(".xlsx"):
            report.error(None, "", filename, _("Only Excel .xlsx files can be imported."))
            return []
        try:
            wb = load_workbook(fileobj, read_only=True, data_only=True)
        except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
            report.error(None, "", filename, _("This is not a readable Excel .xlsx file."))
            return []
        try:
            if not wb.worksheets:
                report.error(None, "", filename, _("The workbook has no worksheet."))
                return []
            return self._read_sheet(wb.worksheets[0], report)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
            report.error(None, "", filename, _("This is not a readable Excel .xlsx file."))
            return []
        finally:
            wb.close()

    def _read_sheet(self, ws, report) -> list[tuple[int, dict]]:
        rows = ws.iter_rows(values_only=True)
        columns: dict[str, int] = {}
        header_row = None
        for number, row in enumerate(rows, start=1):
            keys = [_header_key(v) for v in row]
            if "name" in keys:
                header_row = number
                for index, key in enumerate(keys):
                    if key is None:
                        continue
                    if key in columns:
                        report.error(number, key, "", _("This column appears twice."))
                    columns[key] = index
                break
            if number >= HEADER_SEARCH_ROWS:
                break
        if header_row is None:
            report.error(
                None,
                "",
                "",
                _("No header row with a “%(header)s” column was found.") % {"header": COLUMNS["name"]},
            )
            return []
        for key in REQUIRED:
            if key not in columns:
                report.error(header_row, key, "", _("This required column is missing."))
        if report.errors:
            return []
        out = []
        for number, row in enumerate(rows, start=header_row + 1):
            values = {key: (row[i] if i < len(row) else None) for key, i in columns.items()}
            if all(cell_text(v) == "" for v in values.values()):
                continue
            out.append((number, values))
            if len(out) > MAX_ROWS:
                report.error(None, "", "", _("The file has more than %(n)s rows.") % {"n": MAX_ROWS})
                return []
        return out

    # Validation ------------------------------------------------------------------------------
    def _load_units(self):
        province = AdministrativeUnit.objects.get(code=settings.OCOP_PROVINCE_CODE)
        units = list(
            AdministrativeUnit.objects.within(province, include_self=False).select_related("level", "parent")
        )
        self.districts: dict[str, list] = {}
        self.communes_by_parent: dict[int, dict[str, list]] = {}
        self.communes_anywhere: dict[str, list] = {}
        for unit in units:
            if unit.level.code == "district":
                for key in {unit_key(unit.name), fold(unit.name)}:
                    self.districts.setdefault(key, []).append(unit)
            elif unit.level.code == "commune":
                for key in {unit_key(unit.name), fold(unit.name)}:
                    self.communes_by_parent.setdefault(unit.parent_id, {}).setdefault(key, []).append(unit)
                    self.communes_anywhere.setdefault(key, []).append(unit)
        self.has_districts = bool(self.districts)
        self.province = province
        self.allowed_communes = (
            None
            if self.user is None
            else set(access.units_for(self.user).communes().values_list("pk", flat=True))
        )

    def _load_groups(self):
        self.regulations = list(RegulationVersion.objects.order_by("effective_from"))
        self.default_regulation = next(
            (r for r in self.regulations if r.code == DEFAULT_REGULATION),
            self.regulations[-1] if self.regulations else None,
        )
        self.groups: dict[int, dict[str, ProductGroup]] = {}
        for group in ProductGroup.objects.select_related("regulation"):
            index = self.groups.setdefault(group.regulation_id, {})
            index[f"code:{group.code}"] = group
            index.setdefault(f"name:{group.name_ascii}", group)

    def _regulation_on(self, day):
        if day is None:
            return self.default_regulation
        in_force = [r for r in self.regulations if r.effective_from <= day]
        return in_force[-1] if in_force else (self.regulations[0] if self.regulations else None)

    def _match_group(self, text: str, regulation):
        if regulation is None:
            return None
        index = self.groups.get(regulation.pk, {})
        match = _GROUP_CODE.match(text)
        if match:
            found = index.get(f"code:{match.group(1)}")
            if found:
                return found
            rest = text[match.end() :].strip(" .-")
            if rest:
                return index.get(f"name:{fold(rest)}")
            return None
        return index.get(f"name:{fold(text)}")

    def _match_unit(self, number, values, report):
        district_text = cell_text(values.get("district"))
        commune_text = cell_text(values.get("commune"))
        district = None
        if district_text:
            candidates = self.districts.get(unit_key(district_text)) or self.districts.get(
                fold(district_text)
            )
            if not candidates:
                report.error(
                    number, "district", district_text, _("Unknown district in %(p)s.") % {"p": self.province}
                )
                return None
            district = _prefer_exact(candidates, district_text)[0]
        elif self.has_districts:
            report.error(number, "district", "", _("Required."))
            return None
        if not commune_text:
            report.error(number, "commune", "", _("Required."))
            return None
        key = unit_key(commune_text)
        if district is not None:
            local = self.communes_by_parent.get(district.pk, {})
            candidates = local.get(fold(commune_text)) or local.get(key)
            if not candidates:
                if self.communes_anywhere.get(key) or self.communes_anywhere.get(fold(commune_text)):
                    report.error(
                        number,
                        "commune",
                        commune_text,
                        _("This commune is not in %(district)s.") % {"district": district},
                    )
                else:
                    report.error(number, "commune", commune_text, _("Unknown commune."))
                return None
        else:
            candidates = self.communes_anywhere.get(fold(commune_text)) or self.communes_anywhere.get(key)
            if not candidates:
                report.error(number, "commune", commune_text, _("Unknown commune."))
                return None
        candidates = _prefer_exact(candidates, commune_text)
        if len(candidates) > 1:
            report.error(
                number,
                "commune",
                commune_text,
                _("Several communes have this name; write it in full, with accents."),
            )
            return None
        commune = candidates[0]
        if self.allowed_communes is not None and commune.pk not in self.allowed_communes:
            report.error(
                number,
                "commune",
                commune_text,
                _("This commune is outside your area: you may not import it."),
            )
            return None
        return commune

    def _validate_row(self, number, values, report) -> PlannedRow | None:
        errors_before = len(report.errors)
        name = cell_text(values.get("name"))
        producer_name = cell_text(values.get("producer"))
        kind_text = cell_text(values.get("kind"))
        tax_code = cell_text(values.get("tax_code"))
        group_text = cell_text(values.get("group"))
        decision = cell_text(values.get("decision"))
        today = timezone.localdate()

        if not name:
            report.error(number, "name", "", _("Required."))
        elif len(name) > 255:
            report.error(number, "name", name, _("Too long (at most 255 characters)."))
        if not producer_name:
            report.error(number, "producer", "", _("Required."))
        elif len(producer_name) > 255:
            report.error(number, "producer", producer_name, _("Too long (at most 255 characters)."))
        kind = parse_kind(kind_text)
        if not kind_text:
            report.error(number, "kind", "", _("Required."))
        elif kind is None:
            report.error(
                number,
                "kind",
                kind_text,
                _("Unknown type; use one of: %(kinds)s.") % {"kinds": ", ".join(KIND_LABELS.values())},
            )
        if len(tax_code) > 20:
            report.error(number, "tax_code", tax_code, _("Too long (at most 20 characters)."))
        commune = self._match_unit(number, values, report)
        try:
            stars = parse_stars(values.get("stars"))
        except ValueError:
            stars = None
            report.error(number, "stars", cell_text(values.get("stars")), _("Stars must be 3, 4 or 5."))
        try:
            recognised_on = parse_date(values.get("recognised_on"))
        except ValueError:
            recognised_on = None
            report.error(
                number,
                "recognised_on",
                cell_text(values.get("recognised_on")),
                _("Not a date: use dd/mm/yyyy."),
            )
        else:
            if recognised_on and recognised_on > today:
                report.error(
                    number, "recognised_on", cell_text(values.get("recognised_on")), _("In the future.")
                )
                recognised_on = None
        if len(decision) > 45:
            report.error(number, "decision", decision, _("Too long (at most 45 characters)."))
        if stars and not recognised_on and not cell_text(values.get("recognised_on")):
            report.error(number, "recognised_on", "", _("Required when the stars are given."))
        if (decision or cell_text(values.get("recognised_on"))) and not cell_text(values.get("stars")):
            report.error(number, "stars", "", _("Required when a recognition decision or date is given."))
        regulation = self._regulation_on(recognised_on)
        group = None
        if not group_text:
            report.error(number, "group", "", _("Required."))
        else:
            group = self._match_group(group_text, regulation)
            if group is None:
                report.error(
                    number,
                    "group",
                    group_text,
                    _("Unknown product group under %(regulation)s.") % {"regulation": regulation},
                )
        if len(report.errors) > errors_before:
            return None
        return PlannedRow(
            row=number,
            name=name,
            producer_name=producer_name,
            kind=kind,
            tax_code=tax_code,
            commune=commune,
            group=group,
            stars=stars,
            decision=decision,
            recognised_on=recognised_on,
        )

    def _validate(self, raw_rows, report):
        self._load_units()
        self._load_groups()
        planned = [self._validate_row(number, values, report) for number, values in raw_rows]
        planned = [p for p in planned if p is not None]
        if report.errors:
            return
        self._resolve_producers(planned)
        self._resolve_products(planned, report)
        report.rows = planned
        report.producers_created = len({p.producer_key for p in planned if p.producer is None})

    def _resolve_producers(self, planned):
        tax_codes = {p.tax_code for p in planned if p.tax_code}
        by_tax = {}
        if tax_codes:
            for producer in Producer.objects.filter(tax_code__in=tax_codes):
                by_tax[producer.tax_code] = producer
        names = {fold(p.producer_name) for p in planned}
        by_name = {}
        for producer in Producer.objects.filter(
            name_ascii__in=names, commune_id__in={p.commune.pk for p in planned}
        ).order_by("-pk"):
            by_name[(producer.name_ascii, producer.commune_id)] = producer  # lowest pk wins
        new_keys: dict = {}
        for p in planned:
            name_key = ("name", fold(p.producer_name), p.commune.pk)
            tax_key = ("tax", p.tax_code) if p.tax_code else None
            p.producer = (by_tax.get(p.tax_code) if p.tax_code else None) or by_name.get(name_key[1:])
            if p.producer is not None:
                continue
            key = (tax_key and new_keys.get(tax_key)) or new_keys.get(name_key) or (tax_key or name_key)
            new_keys.setdefault(name_key, key)
            if tax_key:
                new_keys.setdefault(tax_key, key)
            p.producer_key = key

    def _resolve_products(self, planned, report):
        existing_producers = {p.producer.pk for p in planned if p.producer is not None}
        existing = {}
        if existing_producers:
            for product in Product.objects.filter(
                producer_id__in=existing_producers, name_ascii__in={fold(p.name) for p in planned}
            ).order_by("-pk"):
                existing[(product.producer_id, product.name_ascii)] = product
        editable = None
        if self.user is not None and existing:
            editable = set(
                access.editable(self.user, Product)
                .filter(pk__in=[p.pk for p in existing.values()])
                .values_list("pk", flat=True)
            )
        seen: dict = {}
        for p in planned:
            producer_key = ("id", p.producer.pk) if p.producer else p.producer_key
            key = (producer_key, fold(p.name))
            if key in seen:
                report.error(
                    p.row,
                    "name",
                    p.name,
                    _("The same product of the same producer is on row %(row)s.") % {"row": seen[key]},
                )
                continue
            seen[key] = p.row
            product = existing.get((p.producer.pk, fold(p.name))) if p.producer else None
            if product is None:
                p.action = "create"
                p.set_rating = bool(p.stars)
                continue
            if editable is not None and product.pk not in editable:
                report.error(
                    p.row,
                    "name",
                    p.name,
                    _("This product is registered in another area: you may not change it."),
                )
                continue
            p.product = product
            if product.group_id != p.group.pk:
                p.changes.append(COLUMNS["group"])
            if product.commune_id != p.commune.pk:
                p.changes.append(COLUMNS["commune"])
            if p.stars:
                newer_known = product.certified_on and p.recognised_on < product.certified_on
                same = (
                    product.stars == p.stars
                    and product.certified_on == p.recognised_on
                    and (
                        not product.certificate_number.startswith("QĐ ")
                        or product.certificate_number == services.imported_certificate_number(p.decision)
                    )
                )
                if newer_known:
                    report.warnings.append(
                        _(
                            "Row %(row)s: a more recent rating (%(date)s) is already recorded; the rating was kept."
                        )
                        % {"row": p.row, "date": product.certified_on.strftime("%d/%m/%Y")}
                    )
                elif not same:
                    p.set_rating = True
                    p.changes.append(COLUMNS["stars"])
            p.action = "update" if p.changes else "unchanged"

    # Applying ----------------------------------------------------------------------------------
    def _apply(self, report):
        try:
            with transaction.atomic():
                self._write(report)
        except (ValidationError, TransitionRefused, PermissionDenied, DatabaseError) as exc:
            row = getattr(exc, "_import_row", None)
            message = getattr(exc, "message", None) or "; ".join(getattr(exc, "messages", [])) or str(exc)
            report.error(row, "", "", _("Not saved, nothing was imported: %(error)s") % {"error": message})
            report.applied = False
            return
        report.applied = True

    def _write(self, report):
        by = self.user
        created_producers: dict = {}
        this_year = timezone.localdate().year
        for p in report.rows:
            try:
                if p.producer is None:
                    producer = created_producers.get(p.producer_key)
                    if producer is None:
                        producer = producer_services.create_producer(
                            by=by, name=p.producer_name, kind=p.kind, tax_code=p.tax_code, commune=p.commune
                        )
                        created_producers[p.producer_key] = producer
                    p.producer = producer
                if p.action == "create":
                    fields = dict(
                        name=p.name,
                        producer=p.producer,
                        commune=p.commune,
                        group=p.group,
                        origin=Product.Origin.EXISTING if p.stars else Product.Origin.NEW,
                        registered_year=p.recognised_on.year if p.recognised_on else this_year,
                    )
                    try:
                        product = services.create_product(by=by, **fields)
                    except services.DuplicateWarning as warning:
                        names = ", ".join(f"{m.name} ({m.producer})" for m in warning.matches)
                        reason = _("Imported from a spreadsheet (row %(row)s); similar: %(names)s") % {
                            "row": p.row,
                            "names": names,
                        }
                        report.warnings.append(
                            _("Row %(row)s: similar products exist: %(names)s")
                            % {"row": p.row, "names": names}
                        )
                        product = services.create_product(by=by, duplicate_reason=reason[:1000], **fields)
                    p.product = product
                elif p.action == "update":
                    changes = {}
                    if p.product.group_id != p.group.pk:
                        changes["group"] = p.group
                    if p.product.commune_id != p.commune.pk:
                        changes["commune"] = p.commune
                    if changes:
                        p.product = services.update_product(p.product, by=by, **changes)
                if p.set_rating:
                    services.record_imported_rating(p.product, p.stars, p.decision, p.recognised_on, by)
            except (ValidationError, TransitionRefused, PermissionDenied, DatabaseError) as exc:
                exc._import_row = p.row
                raise
        report.producers_created = len(created_producers)


def import_products(fileobj, *, user=None, filename: str = "", dry_run: bool = False) -> ImportReport:
    return ProductImporter(user).run(fileobj, filename=filename, dry_run=dry_run)


# --- The downloadable template --------------------------------------------------------------


def template_workbook() -> bytes:
    """An empty import sheet with the headers, drop-down lists and an instructions sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = "Sản phẩm"
    headers = list(COLUMNS.values())
    ws.append(headers)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="FFF2CC")
    for index, key in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=1, column=index)
        cell.font = bold
        if key in REQUIRED:
            cell.fill = fill
        ws.column_dimensions[cell.column_letter].width = max(14, len(headers[index - 1]) + 4)
    ws.freeze_panes = "A2"
    letters = {key: ws.cell(row=1, column=i).column_letter for i, key in enumerate(COLUMNS, start=1)}
    kinds = DataValidation(
        type="list", formula1='"' + ",".join(KIND_LABELS.values()) + '"', allow_blank=False
    )
    stars = DataValidation(type="list", formula1='"3,4,5"', allow_blank=True)
    ws.add_data_validation(kinds)
    ws.add_data_validation(stars)
    kinds.add(f"{letters['kind']}2:{letters['kind']}2000")
    stars.add(f"{letters['stars']}2:{letters['stars']}2000")
    for row in range(2, 2001):
        ws.cell(row=row, column=list(COLUMNS).index("recognised_on") + 1).number_format = "DD/MM/YYYY"
        ws.cell(row=row, column=list(COLUMNS).index("tax_code") + 1).number_format = "@"
        ws.cell(row=row, column=list(COLUMNS).index("decision") + 1).number_format = "@"

    help_ws = wb.create_sheet("Hướng dẫn")
    help_ws.column_dimensions["A"].width = 28
    help_ws.column_dimensions["B"].width = 90
    lines = [
        ("Cột", "Cách ghi"),
        (COLUMNS["name"], "Bắt buộc. Tên sản phẩm."),
        (COLUMNS["producer"], "Bắt buộc. Tên chủ thể (doanh nghiệp, HTX, tổ hợp tác, hộ sản xuất)."),
        (COLUMNS["kind"], "Bắt buộc. Một trong: " + ", ".join(KIND_LABELS.values()) + "."),
        (COLUMNS["tax_code"], "Không bắt buộc. Dùng để nhận ra chủ thể đã có."),
        (
            COLUMNS["commune"],
            "Bắt buộc. Ví dụ: Thị trấn Nam Phước hoặc Nam Phước (có dấu hay không dấu đều được).",
        ),
        (COLUMNS["district"], "Bắt buộc. Ví dụ: Huyện Duy Xuyên hoặc Duy Xuyên."),
        (COLUMNS["group"], "Bắt buộc. Mã nhóm (ví dụ 1.3) hoặc tên nhóm theo bộ tiêu chí áp dụng."),
        (COLUMNS["stars"], "Không bắt buộc. 3, 4 hoặc 5; khi có thì phải có Ngày công nhận."),
        (COLUMNS["decision"], "Không bắt buộc. Số quyết định công nhận, ví dụ 1234/QĐ-UBND."),
        (COLUMNS["recognised_on"], "Không bắt buộc. Dạng dd/mm/yyyy hoặc ô kiểu ngày."),
        ("", ""),
        (
            "Lưu ý",
            "Chỉ cần một dòng sai là cả tệp bị từ chối; không có gì được ghi. Nhập lại cùng tệp không tạo trùng.",
        ),
        ("", ""),
        ("Nhóm sản phẩm (QĐ 148/QĐ-TTg)", ""),
    ]
    for line in lines:
        help_ws.append(line)
    help_ws["A1"].font = bold
    help_ws["B1"].font = bold
    groups = ProductGroup.objects.filter(regulation__code=DEFAULT_REGULATION).order_by("code")
    for group in groups:
        help_ws.append((group.code, group.name))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
