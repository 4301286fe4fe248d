"""What every reminder kind is built from: the reminder and its recipients, the lead-time ladder,
the declaration of a kind (:class:`ReminderKind`) and the shared look-ups (links, people by role
and unit, the districts of a unit)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from dateutil.relativedelta import relativedelta
from django.urls import NoReverseMatch, reverse

from accounts.models import AdministrativeUnit, Role, User
from producers.models import ProducerAccount

from .. import conf

ONE_DAY = datetime.timedelta(days=1)


# --- the reminder -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Recipient:
    """A portal user, or a bare e-mail address (a producer without an account)."""

    user: User | None = None
    email: str = ""
    display_name: str = ""  # how a bare address is greeted (the producer's name)

    @property
    def key(self) -> str:
        return f"u:{self.user.pk}" if self.user is not None else f"e:{self.email.strip().lower()}"

    @property
    def name(self) -> str:
        if self.user is not None:
            return self.user.get_full_name() or self.user.username
        return self.display_name or self.email

    @property
    def label(self) -> str:
        return self.user.username if self.user is not None else self.email

    @property
    def address(self) -> str:
        return (self.user.email if self.user is not None else self.email).strip()

    @property
    def wants_email(self) -> bool:
        if self.user is not None:
            return bool(self.user.email_notifications and self.address)
        return bool(self.address)


@dataclass
class Reminder:
    """One reminder (to one or more recipients). ``build`` computes the template context lazily:
    only when at least one recipient still has to receive it."""

    kind: str
    object_type: str
    object_id: int
    moment: datetime.date
    lead: str
    due_on: datetime.date
    template: str
    recipients: list[Recipient]
    build: Callable[[], dict]
    url: str = ""
    label: str = ""
    _context: dict | None = field(default=None, repr=False)

    @property
    def key(self) -> dict:
        """The exactly-once key (with the recipient's key): see :mod:`notifications.delivery`."""
        return dict(
            kind=self.kind,
            object_type=self.object_type,
            object_id=self.object_id,
            moment=self.moment,
            lead=self.lead,
        )

    def context(self) -> dict:
        if self._context is None:
            self._context = self.build()
        return self._context


# --- lead times -------------------------------------------------------------------------------------
def rung(today: datetime.date, moment: datetime.date, leads: Iterable[int], unit: str = "days"):
    """The ladder step active on ``today`` → (lead, due_on), or None.

    Leads sorted from the longest; step i is due from ``moment − lead_i`` until the day before
    ``moment − lead_{i+1}``; the last step until ``moment``.
    """

    def back(n: int) -> datetime.date:
        return moment - (relativedelta(months=n) if unit == "months" else datetime.timedelta(days=n))

    ordered = sorted(set(leads), reverse=True)
    for i, lead in enumerate(ordered):
        due = back(lead)
        end = back(ordered[i + 1]) - ONE_DAY if i + 1 < len(ordered) else moment
        if due <= today <= end:
            return lead, due
    return None


@dataclass(frozen=True)
class Ladder:
    """Lead times before the moment, read from a setting (see :mod:`notifications.conf`):
    days (``"7d"``) or months (``"6m"``); each step is sent once, in its catch-up window."""

    setting: str
    unit: str = "days"

    def get(self) -> list[int]:
        return conf.get(self.setting)

    def tag(self, lead: int) -> str:
        return f"{lead}{'m' if self.unit == 'months' else 'd'}"

    def steps(
        self, today: datetime.date, subjects: Iterable, moment: Callable[[Any], datetime.date], leads
    ) -> Iterator[tuple[Any, int, datetime.date]]:
        """→ (subject, lead, due_on) for each subject whose moment has a step active on ``today``."""
        for subject in subjects:
            step = rung(today, moment(subject), leads, self.unit)
            if step is not None:
                yield subject, *step


@dataclass(frozen=True)
class CatchUp:
    """One reminder after the moment (its lead is a word: ``"overdue"``), due the day after; a run may
    still send it this many days late (the setting)."""

    setting: str
    lead: str

    def get(self) -> int:
        return conf.get(self.setting)


@dataclass(frozen=True)
class Weekly:
    """Once per ISO week (lead ``2022-W28``), due on the weekday given by the setting."""

    setting: str

    def get(self) -> int:
        return int(conf.get(self.setting))

    def tag(self, monday: datetime.date) -> str:
        iso = monday.isocalendar()
        return f"{iso.year}-W{iso.week:02d}"


# --- the declaration of a kind ----------------------------------------------------------------------
@dataclass(frozen=True)
class ReminderKind:
    """One reminder rule, declared in one place (at the bottom of its module).

    * ``moments(today, …)`` — the rows whose moment (deadline, milestone, ``valid_until``, due
      date…) falls within reach of ``today``: the moments come from data, never from settings;
    * ``leads`` — the lead times (a :class:`Ladder`, a :class:`CatchUp` or :class:`Weekly`);
    * ``audience(…)`` — who receives it;
    * ``relevant(…)`` — whether it is still worth sending on the run day (deadline passed,
      quota met, task done, certificate renewed or revoked, products scored → no reminder);
    * ``reminders(today, *, dry_run)`` — puts them together: every :class:`Reminder` due on ``today``.
    """

    name: str
    kind: str
    template: str
    moments: Callable[..., Iterable]
    leads: Ladder | CatchUp | Weekly
    audience: Callable[..., Any]
    relevant: Callable[..., Any]
    reminders: Callable[..., Iterator[Reminder]]

    def reminder(self, **fields) -> Reminder:
        """A :class:`Reminder` of this kind (its kind and e-mail template filled in)."""
        return Reminder(kind=self.kind, template=self.template, **fields)


# --- shared look-ups --------------------------------------------------------------------------------
def link(name: str, *args) -> str:
    """The path of a portal page ("" for a page this installation does not have)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:  # pragma: no cover - an app without that page
        return ""


def ddmmyyyy(day: datetime.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def active_users(**filters) -> list[User]:
    return list(User.objects.filter(is_active=True, **filters).order_by("username"))


def district_officers(district_ids) -> dict[int, list[Recipient]]:
    out: dict[int, list[Recipient]] = defaultdict(list)
    district_ids = list(district_ids)
    if not district_ids:
        return out
    for user in active_users(role=Role.DISTRICT, unit_id__in=list(district_ids)):
        out[user.unit_id].append(Recipient(user))
    return out


def province_staff() -> list[Recipient]:
    return [Recipient(u) for u in active_users(role=Role.PROVINCE)]


def producer_recipients(producer_ids) -> dict[int, list[Recipient]]:
    """The producer's portal accounts; without one, its e-mail address (plain e-mail)."""
    out: dict[int, list[Recipient]] = defaultdict(list)
    producer_ids = list(producer_ids)
    if not producer_ids:
        return out
    for account in (
        ProducerAccount.objects.filter(producer_id__in=list(producer_ids), user__is_active=True)
        .select_related("user")
        .order_by("user__username")
    ):
        out[account.producer_id].append(Recipient(account.user))
    return out


def dedupe(recipients: Iterable[Recipient]) -> list[Recipient]:
    seen, out = set(), []
    for r in recipients:
        if r.key not in seen:
            seen.add(r.key)
            out.append(r)
    return out


def districts_of(unit: AdministrativeUnit) -> list[AdministrativeUnit]:
    """The local units (the level under the province: districts, or communes when two-tier) of ``unit``,
    and of the units it succeeded (the city's call after the 2025 merger also reaches the officers of
    Quảng Nam's old districts, whose products' dossiers it receives)."""
    if unit.is_local:
        return [unit]
    from accounts.successions import were_within

    return list(were_within(unit, AdministrativeUnit.objects.local()).order_by("code"))


def product_district(product) -> AdministrativeUnit | None:
    """The local unit of a product's commune, whose local officers get its reminders: the district in a
    three-tier province, the commune itself in a two-tier one. No query: the commune and its parent
    are loaded (``commune__parent__level``)."""
    commune = product.commune
    if commune.local_unit_id is None:
        return None
    if commune.local_unit_id == commune.pk:
        return commune
    if commune.local_unit_id == commune.parent_id:
        return commune.parent
    return commune.local_unit
