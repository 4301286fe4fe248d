"""The demo producer's login (issue 18): ``demo_producer`` / ``demo12345``, bound to a demo producer with
products at several steps of the cycle — one idea, one dossier in progress (a draft) for the current
year's open call, one certified product expiring soon — and the expiry reminder in its notifications.

Runs last in ``seed_demo`` (called at the end of :mod:`notifications.demo`, the last app), because it
builds on everyone's demo data: it finds what it needs by querying (the open call of the current year,
whatever unit issued it; a certificate in the reminder window) and hard-codes no unit code.
Idempotent: a second run finds the login bound and changes nothing.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD
from accounts.models import AdministrativeUnit, Role, User
from certificates.models import Certificate
from dossiers import services as dossier_services
from dossiers.models import Dossier, DossierCall
from evaluation.models import DecisionEntry, RecognitionDecision
from producers import services as producer_services
from producers.models import Producer, ProducerAccount, ProducerKind
from products import services as product_services
from products import workflows
from products.models import Product

from . import conf, rules
from .delivery import render
from .models import Notification, ReminderLog

USERNAME = "demo_producer"
PRODUCER_NAME = "Hợp tác xã Trà thảo mộc Thu Bồn"
TAX_CODE = "4001888999"
IDEA_NAME = "Trà gừng mật ong Thu Bồn"
DOSSIER_NAME = "Mật ong rừng Thu Bồn"


def open_call(today: datetime.date) -> DossierCall | None:
    """The open call of the current year: one with a batch deadline still ahead, provincial level first."""
    calls = DossierCall.objects.filter(year=today.year).select_related("issuing_unit")
    ahead = calls.filter(batches__deadline__gte=today).distinct()
    return (ahead if ahead.exists() else calls).order_by("-level", "pk").first()


def _expiring_certificate(today: datetime.date) -> Certificate | None:
    """A certificate of the demo's recognised products that expires 1 to 6 months from now (the reminder
    window), issued by an approved decision, on a product nobody re-rates or evaluates this year; first
    one whose old commune has a known successor today (the producer registers this year's products in
    today's commune)."""
    from products.demo import successor_commune

    months = max(conf.get("OCOP_CERTIFICATE_REMINDER_MONTHS") or [6])
    candidates = (
        Certificate.objects.valid(today)
        .filter(
            product__state=workflows.RECOGNISED,
            valid_until__gt=today + relativedelta(months=1),
            valid_until__lte=today + relativedelta(months=months),
            recorded_from_paper=False,
            decision_entry__isnull=False,
            decision__status=RecognitionDecision.Status.APPROVED,
        )
        .exclude(product__producer__accounts__isnull=False)
        .exclude(product__dossiers__year=today.year)
        .exclude(product__round_entries__round__year=today.year)
        .exclude(product__fair_participations__isnull=False)  # shown at a fair by its own producer
        .select_related("product", "product__group", "product__commune", "decision_entry")
        .order_by("valid_until", "pk")
    )
    for cert in candidates:
        if successor_commune(cert.product.commune, today) is not None:
            return cert
    return candidates.first()


def _step_product(name, producer, commune, group, *, by, target):
    """The producer's product ``name`` (registered as an idea, moved on to ``target`` through the
    lifecycle's own moves)."""
    product = Product.objects.filter(producer=producer, name=name).first()
    if product is None:
        product = product_services.register_product(
            by=by,
            duplicate_reason="Dữ liệu mẫu của tài khoản chủ thể",
            name=name,
            producer=producer,
            commune=commune,
            group=group,
            registered_year=timezone.localdate().year,
            description="Sản phẩm mẫu của tài khoản chủ thể demo_producer.",
        )
    moves = {
        workflows.IDEA_REGISTERED: "accept_idea",
        workflows.IDEA_ACCEPTED: "submit_plan",
        workflows.PLAN_SUBMITTED: "approve_plan",
        workflows.PLAN_APPROVED: "start_development",
    }
    while product.state != target and product.state in moves:
        product_services.transition(product, moves[product.state], by=by)
    return product


def _log_reminders(user, producer, today: datetime.date) -> int:
    """Today's reminders for the producer (certificate expiry): logged as sent, unread in the bell."""
    moment = timezone.now()
    made = 0
    for reminder in rules.collect(today):
        if reminder.object_type != "producer" or reminder.object_id != producer.pk:
            continue
        for recipient in reminder.recipients:
            if recipient.user is None or recipient.user.pk != user.pk:
                continue
            subject, text, _html = render(reminder, recipient, today=today, late=False)
            row, new = ReminderLog.objects.get_or_create(
                **reminder.key,
                recipient_key=recipient.key,
                defaults=dict(
                    recipient=user,
                    email=recipient.address,
                    title=subject,
                    status=ReminderLog.Status.SENT,
                    due_on=reminder.due_on,
                    run_day=today,
                    claimed_at=moment,
                    created_at=moment,
                    sent_at=moment,
                ),
            )
            if new:
                Notification.objects.create(
                    recipient=user,
                    kind=reminder.kind,
                    title=subject,
                    body=text,
                    url=reminder.url,
                    created_at=moment,
                    reminder=row,
                )
                made += 1
    return made


def _adopt(cert: Certificate, producer, *, by) -> Product:
    """The certified product becomes the demo producer's (the demo's recognised products keep their
    count); its decision entry gets the total score the council's average gave, if the demo had none."""
    product = product_services.update_product(cert.product, by=None, producer=producer)
    entry = cert.decision_entry
    if entry.score is None:
        DecisionEntry.objects.filter(pk=entry.pk).update(
            score=Decimal("76.50") if entry.stars >= 4 else Decimal("62.00")
        )
    return product


def seed(out=None) -> str:
    today = timezone.localdate()
    existing = ProducerAccount.objects.filter(user__username=USERNAME).select_related("producer").first()
    if existing is not None:
        return f"demo_producer already bound to {existing.producer.name}"
    cert = _expiring_certificate(today)
    if cert is None:
        return "demo_producer: no certificate expiring within the reminder window"
    from products.demo import successor_commune

    sample = cert.product
    # Registered with today's commune (the certified product keeps the old one it was certified in).
    commune = successor_commune(sample.commune, today) or sample.commune
    from dossiers.demo import local_officer

    admin = User.objects.filter(username="admin").first()
    # Today's officer of the commune (its economic office), else the city's Sở NN&MT staff.
    officer = local_officer(commune, User.objects.filter(username="demo_city").first() or admin)
    producer = Producer.objects.filter(tax_code=TAX_CODE).first() or producer_services.create_producer(
        by=None,
        name=PRODUCER_NAME,
        kind=ProducerKind.COOPERATIVE,
        tax_code=TAX_CODE,
        legal_representative="Võ Thị Thu",
        phone="0905 111 222",
        email="htx.thaomoc@example.vn",
        commune=commune,
        address=f"Thôn 3, {commune.name}",
        founded_year=2019,
    )
    product = _adopt(cert, producer, by=admin)
    idea = _step_product(
        IDEA_NAME, producer, producer.commune, sample.group, by=officer, target=workflows.IDEA_REGISTERED
    )
    dossier_note = "no open call this year"
    call = open_call(today)
    if call is not None:
        commune = producer.commune
        if not call.covers(commune):
            area = AdministrativeUnit.objects.communes().within(call.issuing_unit).valid_on(today)
            commune = area.order_by("path").first() or commune
        developing = _step_product(
            DOSSIER_NAME, producer, commune, sample.group, by=officer, target=workflows.IN_DEVELOPMENT
        )
        dossier = Dossier.objects.filter(product=developing, year=call.year).first()
        if dossier is None:
            dossier = dossier_services.create_dossier(product=developing, call=call, by=officer)
        dossier_note = f"dossier {dossier.year} ({dossier.status}) in {call.issuing_unit.name}"
    user, _new = User.objects.get_or_create(
        username=USERNAME,
        defaults=dict(
            role=Role.PRODUCER, first_name="Võ Thị", last_name="Thu", email="demo_producer@example.vn"
        ),
    )
    user.set_password(DEMO_PASSWORD)
    user.save()
    ProducerAccount.objects.update_or_create(user=user, defaults={"producer": producer})
    reminders = _log_reminders(user, producer, today)
    return (
        f"demo_producer → {producer.name}: idea “{idea.name}”, {dossier_note}, certified “{product.name}” "
        f"({cert.number}, valid until {cert.valid_until:%d/%m/%Y}), {reminders} reminder(s) in the bell"
    )
