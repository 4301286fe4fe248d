"""Two workers at the same moment (a beat that fired twice, two worker processes): against
PostgreSQL, with committed data, every reminder is still sent exactly once."""

from __future__ import annotations

import subprocess
import threading
from collections import Counter

import pytest
from django.core import mail
from django.db import connection

from notifications import rules, services
from notifications.models import ReminderLog
from plans.models import Recurrence, Task
from tests.notifications import helpers as h
from tests.notifications import procs
from tests.notifications.procs import committed_reference_data, restore_reference_data  # noqa: F401

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("restore_reference_data", "committed_reference_data"),
]

DAY = h.D(2022, 7, 8)  # Friday: 7 days before batch 1; the week's digest is due (late)


def build():
    ppl = h.people()
    for i in range(4):
        h.person(f"dx_extra_{i}", "district", unit_code=h.DUY_XUYEN)
    call = h.call_2022()
    for i in range(3):
        h.dossier(call, ppl["dx"], f"Sản phẩm {i}")
    p2022 = h.plan(2022)
    # A quarterly task past due: both runs try to spawn its next occurrence.
    h.task(p2022, "Báo cáo quý", h.D(2022, 7, 1), recurrence=Recurrence.QUARTERLY)
    return ppl


# 6 Duy Xuyên officers (batch 1, 7 days) + DARD (digest) + the overdue task (head + DARD)
EXPECTED_ROWS = 6 + 1 + 2


def test_two_threads_on_the_same_day_send_each_reminder_once(monkeypatch):
    assert connection.vendor == "postgresql"
    build()
    barrier = threading.Barrier(2, timeout=60)
    original = rules.collect

    def collect_then_wait(today, *, dry_run=False):
        reminders = list(original(today, dry_run=dry_run))
        barrier.wait()  # both threads have computed the same list: now they race to deliver it
        return reminders

    monkeypatch.setattr(rules, "collect", collect_then_wait)
    results, errors = {}, []

    def worker(name):
        try:
            results[name] = services.run_reminders(DAY)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(90)
    assert not errors, errors
    sent = [r for name in ("a", "b") for r in results[name] if r.status == "sent"]
    keys = Counter((r.kind, r.lead, r.object_type, r.object_id, r.moment, r.recipient) for r in sent)
    assert len(keys) == EXPECTED_ROWS and set(keys.values()) == {1}
    assert ReminderLog.objects.filter(status="sent").exclude(recipient_key="system").count() == EXPECTED_ROWS
    assert (
        len(mail.outbox) == ReminderLog.objects.filter(emailed=True).count() == EXPECTED_ROWS - 1
    )  # dx_quiet
    # Housekeeping ran twice but spawned the next occurrence once.
    assert Task.objects.filter(title="Báo cáo quý").count() == 2


def test_two_processes_on_the_same_day_send_each_reminder_once(tmp_path):
    build()
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    environment = procs.env(mail_dir, OCOP_TEST_EMAIL_DELAY="0.2")
    command = [procs.python(), "manage.py", "run_reminders", "--today", DAY.isoformat()]
    runs = [
        subprocess.Popen(
            command, cwd=procs.ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(2)
    ]
    outputs = []
    for p in runs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()
        outputs.append(out.decode())
    lines = [line for out in outputs for line in out.splitlines() if " → " in line]
    assert len(lines) == EXPECTED_ROWS and len(set(lines)) == EXPECTED_ROWS
    assert ReminderLog.objects.filter(status="sent").exclude(recipient_key="system").count() == EXPECTED_ROWS
    messages = procs.emails(mail_dir)
    assert len(messages) == EXPECTED_ROWS - 1  # dx_quiet has e-mail off
    assert set(Counter((m["To"], m["Subject"]) for m in messages).values()) == {1}
    assert all(m.get_content_type() == "multipart/alternative" for m in messages)
    assert Task.objects.filter(title="Báo cáo quý").count() == 2
