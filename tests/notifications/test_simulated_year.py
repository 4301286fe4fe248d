"""The simulated year: ``run_reminders --from 2022-01-01 --to 2022-12-31`` over a 2022 plan with
dossier batches on 15/07 (≥ 50 %) and 15/09 (the rest) sends each expected reminder exactly once.

The year is run in three stretches, with real changes in between (a certificate renewed on
01/06, a task completed on 01/06, Đại Lộc's last dossier submitted on 20/08), so that "no longer
relevant" is exercised along the way; then the whole year is run again and nothing is resent.
"""

from __future__ import annotations

from collections import Counter

import pytest
from django.core import mail

from certificates import services as evaluation_services
from certificates.models import Certificate
from evaluation.models import Level
from notifications.models import Notification, ReminderLog
from plans import services as plan_services
from plans import workflows as pwf
from plans.models import LeadGroup, PlanProduct, Recurrence, Task
from products import workflows as pw
from products.models import Product
from tests.factories import revocation_decision
from tests.notifications import helpers as h

D = h.D

EXPECTED = Counter(
    {
        # 30/14/7/1 days before each batch. Duy Xuyên (2 officers) misses both quotas all year.
        # Đại Lộc met batch 1 on 01/06 (no batch-1 reminders), is reminded once for batch 2
        # (16/08), then completes everything on 20/08: nothing more.
        ("dossier_batch", "30d"): 2 + 3,
        ("dossier_batch", "14d"): 2 + 2,
        ("dossier_batch", "7d"): 2 + 2,
        ("dossier_batch", "1d"): 2 + 2,
        # Certificate A (Duy Xuyên, producer with an account) valid until 31/10/2022:
        # producer + 2 district officers at 6, 3 and 1 months.
        # Certificate B (Đại Lộc, producer with only an e-mail) valid until 15/08/2022, renewed on
        # 01/06: 6 and 3 months only (producer e-mail + 1 officer). Certificate C is revoked: nothing.
        ("certificate_expiry", "6m"): 3 + 2,
        ("certificate_expiry", "3m"): 3 + 2,
        ("certificate_expiry", "1m"): 3,
        # Certificate A expires on 01/11: its district (2 officers) and DARD (1).
        ("certificate_expired", "expired"): 3,
        # Quarterly task of Sở Công Thương (head + staff), never done: 4 occurrences (31/03, 30/06,
        # 30/09, 31/12) × 7 days, 1 day, due day; plus the district-led task due 05/06 (3 officers):
        # its 7-day reminder only, it is done on 01/06.
        ("task_due", "7d"): 4 * 2 + 3,
        ("task_due", "1d"): 4 * 2,
        ("task_due", "0d"): 4 * 2,
        # The day after each due date, to the department's head and DARD (the 31/12 one falls in 2023).
        ("task_overdue", "overdue"): 3 * 2,
        # One of two council members has not scored: 3 and 1 days before 20/10.
        ("scoring", "3d"): 1,
        ("scoring", "1d"): 1,
    }
)
WEEKS = 53  # ISO weeks 2021-W52 (caught up on Saturday 01/01/2022, late) and 2022-W01…W52


@pytest.fixture
def year(db):
    ppl = h.people()
    call = h.call_2022()
    p2022 = h.plan(2022, milestones=[(D(2022, 7, 15), 50), (D(2022, 9, 15), 100)])
    p2023 = h.plan(2023, status=pwf.DRAFT)
    # Dossiers: Duy Xuyên has three drafts, incomplete; Đại Lộc two complete, one submitted 01/06.
    for name in ("Nước mắm Duy Xuyên", "Bánh tráng Duy Xuyên", "Lụa Mã Châu"):
        h.dossier(call, ppl["dx"], name)
    commune_dl = h.dai_loc_commune().code
    dl_first = h.dossier(call, ppl["dl"], "Chuối sấy Đại Lộc", commune=commune_dl, complete=True)
    dl_second = h.dossier(call, ppl["dl"], "Mật ong Đại Lộc", commune=commune_dl, complete=True)
    h.submit(dl_first, ppl["dl"], D(2022, 6, 1))
    # Certificates.
    producer_a, producer_user = h.producer_with_account()
    cert_a = h.certificate("Nước mắm Cửa Khe", valid_until=D(2022, 10, 31), producer=producer_a)
    producer_b = h.ProducerFactory(commune=h.unit(commune_dl), email="htx.daloc@example.vn")
    cert_b = h.certificate(
        "Trà xanh Đại Lộc", valid_until=D(2022, 8, 15), commune=commune_dl, producer=producer_b
    )
    cert_c = h.certificate("Rượu Đại Lộc", valid_until=D(2022, 12, 20), commune=commune_dl)
    evaluation_services.revoke_certificate(
        cert_c, decision=revocation_decision(D(2021, 12, 1)), reason="Vi phạm an toàn thực phẩm"
    )
    # Tasks of the published 2022 plan; one task in the draft 2023 plan is never reminded.
    quarterly = h.task(
        p2022, "Báo cáo tình hình điểm bán sản phẩm OCOP", D(2022, 3, 31), recurrence=Recurrence.QUARTERLY
    )
    district_task = h.task(p2022, "Rà soát sản phẩm đăng ký", D(2022, 6, 5), group=LeadGroup.DISTRICTS)
    h.task(p2023, "Nhiệm vụ của kế hoạch dự thảo", D(2022, 12, 1))
    h.scoring_round([ppl["m1"], ppl["m2"]], D(2022, 10, 20), scored_by=[ppl["m1"]])
    return {
        **ppl,
        "producer_user": producer_user,
        "call": call,
        "p2022": p2022,
        "p2023": p2023,
        "dl_second": dl_second,
        "cert_a": cert_a,
        "cert_b": cert_b,
        "quarterly": quarterly,
        "district_task": district_task,
    }


def _events_before_june(w):
    """01/06/2022: certificate B renewed; the district-led task done."""
    with h.at(D(2022, 6, 1), 8):
        evaluation_services.issue_certificate(
            w["cert_b"].product, stars=4, issued_on=D(2022, 6, 1), level=Level.PROVINCE
        )
        plan_services.transition_task(w["district_task"], "complete", by=None)


def _events_august(w):
    """20/08/2022: Đại Lộc submits its second dossier (quota met, nothing pending)."""
    h.submit(w["dl_second"], w["dl"], D(2022, 8, 20))


def test_simulated_year_sends_each_reminder_exactly_once(year):
    out = h.run("--from", "2022-01-01", "--to", "2022-05-31")
    _events_before_june(year)
    out += h.run("--from", "2022-06-01", "--to", "2022-08-19")
    _events_august(year)
    out += h.run("--from", "2022-08-20", "--to", "2022-12-31")

    got = h.counts()
    weekly = Counter({k: v for k, v in got.items() if k[0] == "weekly_digest"})
    flags = got[("rerating_flag", "flag")]
    reminders = Counter({k: v for k, v in got.items() if k[0] not in ("weekly_digest", "rerating_flag")})
    assert reminders == EXPECTED, sorted((reminders - EXPECTED).items()) + sorted(
        (EXPECTED - reminders).items()
    )
    assert len(weekly) == WEEKS and set(weekly.values()) == {1}  # one DARD user, once per ISO week
    assert flags == 1
    total = sum(EXPECTED.values()) + WEEKS

    # One output line per reminder, and the final counts.
    reminder_lines = [line for line in out.splitlines() if " → " in line]
    assert len(reminder_lines) == total
    assert "reminder(s) sent" in out
    # Late only on 01/01 (the digest of 2021-W52): every other reminder went out on its day.
    late = ReminderLog.objects.sent().filter(late=True)
    assert list(late.values_list("kind", "lead", "run_day")) == [("weekly_digest", "2021-W52", D(2022, 1, 1))]
    assert sum("[trễ]" in line for line in reminder_lines) == 1

    # E-mails: everyone except the officer who turned e-mail off (portal only) and the producer
    # without an account (e-mail only, no portal notification).
    quiet = ReminderLog.objects.sent().filter(recipient=year["dx_quiet"])
    assert quiet.count() == 8 + 3 + 1 + 1 and not quiet.filter(emailed=True).exists()
    plain = ReminderLog.objects.sent().filter(recipient__isnull=True).exclude(recipient_key="system")
    assert set(plain.values_list("email", flat=True)) == {"htx.daloc@example.vn"}
    emailed = ReminderLog.objects.sent().filter(emailed=True).count()
    assert len(mail.outbox) == emailed == total - quiet.count()
    assert Notification.objects.count() == total - plain.count()

    # Exact days of a few of them.
    assert h.sent_to(year["dl"], kind="dossier_batch") == [("dossier_batch", "30d", D(2022, 8, 16))]
    assert [d for _k, _l, d in h.sent_to(year["dx"], kind="dossier_batch")] == [
        D(2022, 6, 15), D(2022, 7, 1), D(2022, 7, 8), D(2022, 7, 14),
        D(2022, 8, 16), D(2022, 9, 1), D(2022, 9, 8), D(2022, 9, 14),
    ]  # fmt: skip
    assert h.sent_to(year["producer_user"]) == [
        ("certificate_expiry", "6m", D(2022, 4, 30)),
        ("certificate_expiry", "3m", D(2022, 7, 31)),
        ("certificate_expiry", "1m", D(2022, 9, 30)),
    ]
    assert h.sent_to(year["m2"]) == [("scoring", "3d", D(2022, 10, 17)), ("scoring", "1d", D(2022, 10, 19))]
    assert h.sent_to(year["m1"]) == []
    overdue_days = sorted({d for _k, _l, d in h.sent_to(year["ct_head"], kind="task_overdue")})
    assert overdue_days == [D(2022, 4, 1), D(2022, 7, 1), D(2022, 10, 1)]

    # Side effects: certificate A expired on 01/11 and its product went to the draft 2023 plan.
    cert_a = Certificate.objects.get(pk=year["cert_a"].pk)
    assert cert_a.status == Certificate.Status.EXPIRED
    assert Product.objects.get(pk=cert_a.product_id).state == pw.EXPIRED
    assert PlanProduct.objects.filter(plan=year["p2023"], product=cert_a.product, kind="upgrade").exists()
    # Recurring task: occurrences due 30/06, 30/09 and 31/12 were spawned (2023's waits for 2023).
    chain = Task.objects.filter(title="Báo cáo tình hình điểm bán sản phẩm OCOP").order_by("due_date")
    assert list(chain.values_list("due_date", flat=True)) == [
        D(2022, 3, 31), D(2022, 6, 30), D(2022, 9, 30), D(2022, 12, 31),
    ]  # fmt: skip

    # Running the whole year again sends nothing new.
    before = ReminderLog.objects.count()
    outbox = len(mail.outbox)
    again = h.run("--from", "2022-01-01", "--to", "2022-12-31")
    assert "0 reminder(s) sent" in again
    assert ReminderLog.objects.count() == before and len(mail.outbox) == outbox
