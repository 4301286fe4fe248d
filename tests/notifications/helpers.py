"""Builders for reminder tests: people, a 2022 call with two batches, a published 2022 plan,
dossiers, certificates, tasks and a scoring round — all at fixed dates (never "today")."""

from __future__ import annotations

import datetime
import io
from collections import Counter
from zoneinfo import ZoneInfo

import time_machine
from django.core.management import call_command
from django.utils import timezone

from accounts.models import AdministrativeUnit, Department, Role, User
from certificates import services as evaluation_services
from certificates.models import Certificate
from dossiers import services as dossiers_services
from dossiers.models import DossierCall, SubmissionBatch
from evaluation.models import CouncilMember, CriteriaSet, Level, Round, RoundProduct, ScoreSheet
from notifications.models import ReminderLog
from plans import workflows as pwf
from plans.models import AnnualPlan, Milestone, Recurrence, Task
from producers.models import ProducerAccount
from products import workflows as pw
from products.models import RegulationVersion
from tests.dossiers.helpers import attest, fill_required
from tests.factories import ProducerFactory, ProductFactory, group, unit

VN = ZoneInfo("Asia/Ho_Chi_Minh")
D = datetime.date
DUY_XUYEN, DAI_LOC = "508", "506"
NAM_PHUOC = "20599"  # commune of Duy Xuyên


def at(day: datetime.date, hour: int = 6):
    """time-machine travel to ``day`` at ``hour`` Vietnam time (ticking)."""
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, hour, 0, tzinfo=VN))


def dai_loc_commune() -> AdministrativeUnit:
    return AdministrativeUnit.objects.communes().filter(parent__code=DAI_LOC).order_by("code").first()


def person(username, role, *, unit_code=None, department=None, **kw) -> User:
    user, _ = User.objects.get_or_create(
        username=username,
        defaults=dict(
            role=role,
            unit=AdministrativeUnit.objects.get(code=unit_code) if unit_code else None,
            department=Department.objects.get(code=department) if department else None,
            email=kw.pop("email", f"{username}@example.vn"),
            **kw,
        ),
    )
    return user


def people() -> dict[str, User]:
    return {
        "dx": person("dx_officer", Role.DISTRICT, unit_code=DUY_XUYEN, is_unit_head=True),
        "dx_quiet": person("dx_quiet", Role.DISTRICT, unit_code=DUY_XUYEN, email_notifications=False),
        "dl": person("dl_officer", Role.DISTRICT, unit_code=DAI_LOC),
        "dard": person("dard_staff", Role.PROVINCE, unit_code="49", department="so-nnptnt"),
        "ct_head": person(
            "ct_head", Role.DEPARTMENT, unit_code="49", department="so-cong-thuong", is_unit_head=True
        ),
        "ct_staff": person("ct_staff", Role.DEPARTMENT, unit_code="49", department="so-cong-thuong"),
        "m1": person("council_1", Role.COUNCIL, unit_code="49", department="so-khcn"),
        "m2": person("council_2", Role.COUNCIL, unit_code="49", department="so-khcn"),
    }


def product(name, *, commune=NAM_PHUOC, producer=None, regulation="1048-2019", state=pw.IN_DEVELOPMENT, **kw):
    producer = producer or ProducerFactory(commune=unit(commune))
    return ProductFactory(
        name=name, producer=producer, commune=unit(commune), group=group("1.3", regulation), state=state, **kw
    )


BATCHES_2022 = ((D(2022, 7, 15), 50), (D(2022, 9, 15), 100))  # 2022: ≥ 50 % by 15/07, the rest by 15/09


def call_2022(batches=BATCHES_2022) -> DossierCall:
    call = DossierCall.objects.create(
        year=2022,
        level=Level.PROVINCE,
        regulation=RegulationVersion.objects.get(code="1048-2019"),
        issuing_unit=unit("49"),
        title="Hồ sơ đánh giá OCOP cấp tỉnh năm 2022",
    )
    for n, (deadline, quota) in enumerate(batches, start=1):
        SubmissionBatch.objects.create(call=call, number=n, deadline=deadline, quota_percent=quota)
    return call


def plan(year=2022, *, status=pwf.PUBLISHED, milestones=()) -> AnnualPlan:
    p = AnnualPlan.objects.create(
        province=unit("49"), year=year, title=f"Kế hoạch OCOP năm {year}", status=status
    )
    for n, (due, quota) in enumerate(milestones, start=1):
        Milestone.objects.create(
            plan=p,
            kind=Milestone.Kind.DOSSIER_BATCH,
            label=f"Nộp hồ sơ lô {n}",
            due_date=due,
            batch_number=n,
            quota_percent=quota,
        )
    return p


def dossier(call, by, name, *, commune=NAM_PHUOC, complete=False):
    d = dossiers_services.create_dossier(product=product(name, commune=commune), call=call, by=by)
    if complete:
        fill_required(d, by)
        attest(d, by)
    return d


def submit(d, by, day: datetime.date):
    with at(day, 9):
        return dossiers_services.submit_dossier(d, by=by)


def certificate(name, *, valid_until: datetime.date, commune=NAM_PHUOC, producer=None) -> Certificate:
    """A certificate issued 36 months before ``valid_until`` (recorded outside a round)."""
    p = product(name, commune=commune, producer=producer, state=pw.EVALUATED)
    issued = datetime.date(valid_until.year - 3, valid_until.month, valid_until.day)
    cert = evaluation_services.issue_certificate(p, stars=4, issued_on=issued, level=Level.PROVINCE)
    assert cert.valid_until == valid_until
    return cert


def producer_with_account(username="nsx_account", commune=NAM_PHUOC):
    producer = ProducerFactory(commune=unit(commune), email="")
    user = person(username, Role.PRODUCER)
    ProducerAccount.objects.create(user=user, producer=producer)
    return producer, user


def task(
    p, title, due, *, lead="so-cong-thuong", group="", recurrence=Recurrence.NONE, status=pwf.OPEN
) -> Task:
    return Task.objects.create(
        plan=p,
        lead_department=Department.objects.get(code=lead) if lead and not group else None,
        lead_group=group,
        title=title,
        due_date=due,
        recurrence=recurrence,
        status=status,
    )


def scoring_round(members, closes_on, *, scored_by=()) -> Round:
    reg = RegulationVersion.objects.get(code="1048-2019")
    r = Round.objects.create(
        name="Hội đồng đánh giá cấp tỉnh năm 2022",
        year=closes_on.year,
        level=Level.PROVINCE,
        regulation=reg,
        unit=unit("49"),
        status=Round.Status.SCORING,
        scoring_closes_on=closes_on,
    )
    sheet = CriteriaSet.objects.filter(regulation=reg).first()
    entry = RoundProduct.objects.create(round=r, product=product("Trà thảo mộc hội đồng"), criteria_set=sheet)
    for user in members:
        member = CouncilMember.objects.create(round=r, user=user)
        if user in scored_by:
            ScoreSheet.objects.create(entry=entry, member=member, status=ScoreSheet.Status.SUBMITTED)
    return r


def run(*args) -> str:
    out = io.StringIO()
    call_command("run_reminders", *args, stdout=out)
    return out.getvalue()


def counts(**filters) -> Counter:
    """ReminderLog rows sent, by (kind, lead)."""
    return Counter(
        (kind, lead)
        for kind, lead in ReminderLog.objects.sent().filter(**filters).values_list("kind", "lead")
    )


def sent_to(user, **filters) -> list[tuple]:
    return list(
        ReminderLog.objects.sent()
        .filter(recipient=user, **filters)
        .order_by("run_day", "pk")
        .values_list("kind", "lead", "run_day")
    )


def local_now():
    return timezone.localtime()
