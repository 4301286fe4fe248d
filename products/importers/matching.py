"""Matching rows against the database, with a constant number of queries per file: the district and
commune (inside the user's area) and the product group under the regulation in force on the
recognition date, then the producer and the existing product (so a re-import duplicates nothing)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts import access, territory
from accounts.models import AdministrativeUnit
from ocop_portal.text import fold
from producers.models import Producer

from .. import certification
from ..models import Product, ProductGroup, RegulationVersion
from .cells import COLUMNS, DEFAULT_REGULATION, GROUP_CODE, cell_text, prefer_exact, unit_key


class References:
    """The units and product groups a file's rows are matched against, for ``user`` (None: anywhere)."""

    def __init__(self, user=None):
        self.user = user
        self._load_units()
        self._load_groups()

    def _load_units(self):
        """The districts and communes of the territory served, both trees, by folded name (one query),
        and the user's communes. A row without a district is matched among today's communes and wards
        first (Xã Duy Nghĩa of 2025 before the Xã Duy Nghĩa of Huyện Duy Xuyên)."""
        t = territory.territory()
        province = territory.served_province()
        if province is None:
            raise AdministrativeUnit.DoesNotExist("the province the portal serves is not loaded")
        units = list(territory.served_units().filter(parent__isnull=False).select_related("level", "parent"))
        self.districts: dict[str, list] = {}
        self.communes_by_parent: dict[int, dict[str, list]] = {}
        self.communes_anywhere: dict[str, list] = {}
        self.communes_today: dict[str, list] = {}
        current_districts = 0
        for unit in units:
            if unit.level.code == "district":
                for key in {unit_key(unit.name), fold(unit.name)}:
                    self.districts.setdefault(key, []).append(unit)
                current_districts += not t.is_history(unit.pk)
            elif unit.level.code == "commune":
                for key in {unit_key(unit.name), fold(unit.name)}:
                    self.communes_by_parent.setdefault(unit.parent_id, {}).setdefault(key, []).append(unit)
                    self.communes_anywhere.setdefault(key, []).append(unit)
                    if not t.is_history(unit.pk):
                        self.communes_today.setdefault(key, []).append(unit)
        # the district column is required while the province served has districts (before the reform)
        self.has_districts = bool(current_districts)
        self.province = province
        self.allowed_communes = (
            None
            if self.user is None
            else set(access.units_for(self.user).communes().values_list("pk", flat=True))
        )

    def _load_groups(self):
        """The regulations and their product groups by code and folded name (two queries)."""
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

    def regulation_on(self, day):
        if day is None:
            return self.default_regulation
        in_force = [r for r in self.regulations if r.effective_from <= day]
        return in_force[-1] if in_force else (self.regulations[0] if self.regulations else None)

    def match_group(self, text: str, regulation):
        if regulation is None:
            return None
        index = self.groups.get(regulation.pk, {})
        match = GROUP_CODE.match(text)
        if match:
            found = index.get(f"code:{match.group(1)}")
            if found:
                return found
            rest = text[match.end() :].strip(" .-")
            if rest:
                return index.get(f"name:{fold(rest)}")
            return None
        return index.get(f"name:{fold(text)}")

    def match_unit(self, number, values, report):
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
            district = prefer_exact(candidates, district_text)[0]
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
            candidates = (
                self.communes_today.get(fold(commune_text))
                or self.communes_today.get(key)
                or self.communes_anywhere.get(fold(commune_text))
                or self.communes_anywhere.get(key)
            )
            if not candidates:
                report.error(number, "commune", commune_text, _("Unknown commune."))
                return None
        candidates = prefer_exact(candidates, commune_text)
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


def resolve_producers(planned) -> None:
    """Each row's existing producer (by tax code, else folded name in the commune), or the key of the
    producer this import creates (once per file)."""
    tax_codes = {p.tax_code for p in planned if p.tax_code}
    by_tax = {}
    if tax_codes:
        for producer in Producer.objects.filter(tax_code__in=tax_codes):
            by_tax[producer.tax_code] = producer
    names = {fold(p.producer_name) for p in planned}
    by_name = {}
    # by commune, the names compared here: ``name_ascii IN (…)`` with thousands of names makes PostgreSQL
    # probe the trigram index once per name (issue 15: seconds for a 10 000-row file)
    # (ids and names first, whole rows only for the names of the file: most producers of a commune are not)
    wanted = [
        pk
        for pk, name_ascii in Producer.objects.filter(
            commune_id__in={p.commune.pk for p in planned}
        ).values_list("pk", "name_ascii")
        if name_ascii in names
    ]
    for producer in Producer.objects.filter(pk__in=wanted).order_by("-pk"):
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


def resolve_products(planned, report, *, user=None) -> None:
    """Each row's existing product (folded name + producer) and action; duplicates in the file and
    products outside the user's area are errors."""
    existing_producers = {p.producer.pk for p in planned if p.producer is not None}
    existing = {}
    if existing_producers:
        names = {fold(p.name) for p in planned}
        wanted = [  # by producer, the names compared here (see resolve_producers); whole rows for those
            pk
            for pk, name_ascii in Product.objects.filter(producer_id__in=existing_producers).values_list(
                "pk", "name_ascii"
            )
            if name_ascii in names
        ]
        for product in Product.objects.filter(pk__in=wanted).order_by("-pk"):
            existing[(product.producer_id, product.name_ascii)] = product
    provider = certification.provider()
    known = provider.known_ratings([p.pk for p in existing.values()]) if provider and existing else {}
    editable = None
    if user is not None and existing:
        editable = set(
            access.editable(user, Product)
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
            _plan_rating(p, product, known.get(product.pk, []), report)
        p.action = "update" if p.changes else "unchanged"


def _plan_rating(p, product, known, report) -> None:
    """Whether the row's rating is new for ``product``: not when the same rating is already backed by a
    certificate or proposed, nor when a more recent one is known (a warning then)."""
    same = any(
        k.stars == p.stars and k.recognised_on == p.recognised_on and k.decision_number == p.decision
        for k in known
    )
    latest = max((k.recognised_on for k in known), default=None)
    if product.certified_on and (latest is None or product.certified_on > latest):
        latest = product.certified_on
    if same:
        return
    if latest and p.recognised_on < latest:
        report.warnings.append(
            _("Row %(row)s: a more recent rating (%(date)s) is already recorded; the rating was kept.")
            % {"row": p.row, "date": latest.strftime("%d/%m/%Y")}
        )
        return
    p.set_rating = True
    p.changes.append(COLUMNS["stars"])
