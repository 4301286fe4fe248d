"""Demo notifications and reminder log.

* The reminders that fell due during the last 7 days (computed from the demo's own calls, plans,
  certificates, tasks and rounds, all relative to today) are recorded in the reminder log as if the
  daily run had sent them on their day, with their in-portal notifications (older ones read).
  No e-mail is sent by the demo. Reminders that fell due *before* that week are left unsent: the
  first real run sends them as late catch-ups ("[trễ]"), so
  ``python manage.py run_reminders --dry-run`` always has live reminders to list.
* A few hand-written notifications for each demo login, read and unread.

Idempotent: the log's unique key and ``get_or_create`` keep a second run from adding anything.
"""

from __future__ import annotations

import datetime

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from accounts.models import User

from . import rules
from .delivery import render
from .models import Kind, Notification, ReminderLog

DAYS = 7

MESSAGES = {
    "demo_province": [
        ("Hệ thống nhắc việc tự động đã được bật", "notifications:list", True),
        ("Sở Công Thương đã cập nhật tiến độ nhiệm vụ hội chợ OCOP", "plans:list", False),
    ],
    "demo_district": [
        ("Chào mừng đến với cổng thông tin OCOP Đà Nẵng", "dashboard", True),
        ("Hồ sơ sản phẩm bị trả lại cần bổ sung minh chứng", "dossiers:list", False),
    ],
    "demo_district2": [("Chào mừng đến với cổng thông tin OCOP Đà Nẵng", "dashboard", False)],
    "demo_department": [
        ("Bạn được phân công chủ trì nhiệm vụ tổ chức hội chợ OCOP", "plans:task_list", False),
    ],
    "demo_commune": [
        ("Đề nghị lập biên bản đánh giá tiêu chí địa phương", "dossiers:commune_reports", False)
    ],
    "demo_council": [
        ("Bạn được mời tham gia hội đồng đánh giá, phân hạng sản phẩm", "evaluation:my_sheets", False)
    ],
}


def _url(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def _seed_messages(now) -> int:
    users = {u.username: u for u in User.objects.filter(username__in=MESSAGES)}
    created = 0
    for username, items in MESSAGES.items():
        user = users.get(username)
        if user is None:
            continue
        for i, (title, url_name, read) in enumerate(items):
            at = now - datetime.timedelta(days=2 - i, hours=3)
            _n, new = Notification.objects.get_or_create(
                recipient=user,
                title=title,
                defaults=dict(
                    kind=Kind.MESSAGE, url=_url(url_name), created_at=at, read_at=at if read else None
                ),
            )
            created += new
    return created


def _seed_log(today: datetime.date, now) -> int:
    created = 0
    for back in range(DAYS, 0, -1):
        day = today - datetime.timedelta(days=back)
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(6, 0)))
        for reminder in rules.collect(day):
            if reminder.due_on != day:
                continue  # due before the demo week: left for the first real run (late)
            for recipient in reminder.recipients:
                subject, text, _html = render(reminder, recipient, today=day, late=False)
                row, new = ReminderLog.objects.get_or_create(
                    **reminder.key,
                    recipient_key=recipient.key,
                    defaults=dict(
                        recipient=recipient.user,
                        email=recipient.address,
                        title=subject,
                        status=ReminderLog.Status.SENT,
                        due_on=reminder.due_on,
                        run_day=day,
                        claimed_at=moment,
                        created_at=moment,
                        sent_at=moment,
                    ),
                )
                if not new:
                    continue
                created += 1
                if recipient.user is not None:
                    Notification.objects.create(
                        recipient=recipient.user,
                        kind=reminder.kind,
                        title=subject,
                        body=text,
                        url=reminder.url,
                        created_at=moment,
                        read_at=moment + datetime.timedelta(hours=2) if back > 2 else None,
                        reminder=row,
                    )
    return created


def seed(out):
    now = timezone.now()
    today = timezone.localdate()
    messages = _seed_messages(now)
    logged = _seed_log(today, now)
    unread = Notification.objects.filter(read_at__isnull=True).count()
    # Last step of the whole demo: the producer's login, built on everyone's data.
    from . import demo_producer

    producer = demo_producer.seed(out)
    return (
        f"{logged} reminders logged for the last {DAYS} days, {messages} messages, {unread} unread notifications; "
        f"{producer}"
    )
