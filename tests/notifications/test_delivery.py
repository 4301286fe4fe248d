"""Exactly once: repeat runs, failed sends and retries, crashes between claim and send, catch-up
after downtime (late, or skipped when no longer relevant), dry runs, e-mail opt-out, the command
and the Celery task."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.core.management import CommandError

from certificates.models import Certificate
from notifications import tasks
from notifications.models import Notification, ReminderLog
from notifications.services import run_reminders
from plans import services as plan_services
from tests.notifications import helpers as h

D = h.D
BATCH_1 = D(2022, 7, 15)


@pytest.fixture
def world(db):
    ppl = h.people()
    call = h.call_2022()
    drafts = [h.dossier(call, ppl["dx"], f"Sản phẩm Duy Xuyên {i}") for i in range(2)]
    return {**ppl, "call": call, "drafts": drafts}


def batch_results(results):
    return [r for r in results if r.kind == "dossier_batch"]


# --- repeat runs ------------------------------------------------------------------------------------
def test_running_twice_the_same_day_sends_once(world):
    first = batch_results(run_reminders(D(2022, 6, 15)))
    outbox = len(mail.outbox)
    second = run_reminders(D(2022, 6, 15))
    assert len(first) == 2 and second == [] and len(mail.outbox) == outbox
    assert ReminderLog.objects.filter(kind="dossier_batch").count() == 2
    assert Notification.objects.filter(kind="dossier_batch").count() == 2


def test_the_celery_task_is_thin_acks_late_and_idempotent(world):
    assert tasks.run_daily_reminders.acks_late is True
    first = tasks.run_daily_reminders.apply(kwargs={"today": "2022-06-15"}).get()
    again = tasks.run_daily_reminders.apply(kwargs={"today": "2022-06-15"}).get()
    assert first["sent"] == 3 and first["failed"] == 0  # 2 officers + the (late) weekly digest
    assert again == {"sent": 0, "failed": 0, "late": 0}


def test_email_opt_out_gets_the_portal_notification_only(world):
    run_reminders(D(2022, 6, 15))
    quiet = ReminderLog.objects.get(kind="dossier_batch", recipient=world["dx_quiet"])
    assert quiet.status == "sent" and not quiet.emailed
    assert Notification.objects.filter(recipient=world["dx_quiet"], reminder=quiet).exists()
    assert not [m for m in mail.outbox if world["dx_quiet"].email in m.to]
    assert [m for m in mail.outbox if world["dx"].email in m.to]


def test_a_user_without_an_email_address_gets_the_portal_notification(world):
    world["dx"].email = ""
    world["dx"].save()
    run_reminders(D(2022, 6, 15))
    row = ReminderLog.objects.get(kind="dossier_batch", recipient=world["dx"])
    assert row.status == "sent" and not row.emailed and row.notification


# --- failures and retries ---------------------------------------------------------------------------
class Boom(Exception):
    pass


def test_a_failed_send_stays_pending_and_is_retried_once_after_the_window(world, settings):
    settings.OCOP_REMINDER_RETRY_AFTER_SECONDS = 15 * 60
    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=Boom("SMTP down")):
        with h.at(D(2022, 6, 15), 6):
            results = batch_results(run_reminders())
    failed = [r for r in results if r.status == "failed"]
    assert [r.recipient for r in failed] == ["dx_officer"] and "SMTP down" in failed[0].error
    row = ReminderLog.objects.get(kind="dossier_batch", recipient=world["dx"])
    assert row.status == "pending" and "SMTP down" in row.last_error
    assert row.notification  # the portal notification is there already
    # A run five minutes later leaves it alone (it may still be in flight elsewhere) ...
    with h.at(D(2022, 6, 15), 6) as traveller:
        traveller.shift(datetime.timedelta(minutes=5))
        assert [(r.recipient, r.status) for r in batch_results(run_reminders())] == [("dx_officer", "busy")]
        # ... a run after the window retries it, once.
        traveller.shift(datetime.timedelta(minutes=20))
        retried = batch_results(run_reminders())
        assert [(r.recipient, r.status) for r in retried] == [("dx_officer", "sent")]
        assert batch_results(run_reminders()) == []
    row.refresh_from_db()
    assert row.status == "sent" and row.attempts == 2 and row.emailed and row.last_error == ""
    assert Notification.objects.filter(recipient=world["dx"], kind="dossier_batch").count() == 1
    assert len([m for m in mail.outbox if world["dx"].email in m.to and "lô 1" in m.subject]) == 1


def test_after_max_attempts_a_delivery_is_given_up(world, settings):
    settings.OCOP_REMINDER_MAX_ATTEMPTS = 2
    settings.OCOP_REMINDER_RETRY_AFTER_SECONDS = 0
    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=Boom("bad address")):
        for _ in range(4):
            run_reminders(D(2022, 6, 15))
    row = ReminderLog.objects.get(kind="dossier_batch", recipient=world["dx"])
    assert row.status == "failed" and row.attempts == 2
    run_reminders(D(2022, 6, 15))
    assert not [m for m in mail.outbox if world["dx"].email in m.to and "lô 1" in m.subject]


def test_a_crash_between_claim_and_send_is_completed_by_a_later_run(world):
    """A worker killed after claiming (row pending, nothing sent): the next run after the retry
    window sends it; a run inside the window does not (the first worker might still be sending)."""
    with h.at(D(2022, 6, 15), 6), mock.patch("notifications.delivery._send", side_effect=SystemExit):
        with pytest.raises(SystemExit):
            run_reminders()
    row = ReminderLog.objects.get(kind="dossier_batch")  # only the first delivery was claimed
    assert row.status == "pending" and mail.outbox == []
    with h.at(D(2022, 6, 15), 6) as traveller:
        traveller.shift(datetime.timedelta(minutes=1))
        # The claimed row is fresh: left alone (its worker might still be sending); the rest goes.
        assert [(r.recipient, r.status) for r in batch_results(run_reminders())] == [
            ("dx_officer", "busy"),
            ("dx_quiet", "sent"),
        ]
    assert ReminderLog.objects.filter(kind="dossier_batch", status="sent").count() == 1
    with h.at(D(2022, 6, 15), 7):
        resumed = batch_results(run_reminders())
    assert [r.recipient for r in resumed] == [row.recipient.username]
    assert ReminderLog.objects.filter(kind="dossier_batch", status="sent").count() == 2
    assert len([m for m in mail.outbox if "lô 1" in m.subject]) == 1  # dx_quiet has e-mail off


def test_the_task_comes_back_later_when_a_delivery_is_claimed_elsewhere(world):
    """A claim held by another (maybe dead) worker: the task retries after the retry window."""
    from celery.exceptions import Retry

    with h.at(D(2022, 6, 15), 6), mock.patch("notifications.delivery._send", side_effect=SystemExit):
        with pytest.raises(SystemExit):
            run_reminders()
    with h.at(D(2022, 6, 15), 6):
        with mock.patch.object(tasks.run_daily_reminders, "retry", side_effect=Retry) as retry:
            with pytest.raises(Retry):
                tasks.run_daily_reminders()
    assert retry.call_args.kwargs["kwargs"] == {"today": "2022-06-15"}
    assert retry.call_args.kwargs["countdown"] > 15 * 60
    with h.at(D(2022, 6, 15), 7):  # the retry, after the window
        assert tasks.run_daily_reminders(today="2022-06-15")["sent"] == 1
    assert not ReminderLog.objects.exclude(status="sent").exists()


# --- catch-up after downtime ------------------------------------------------------------------------
def test_after_downtime_the_latest_missed_reminder_is_sent_once_marked_late(world):
    # Nothing ran between 10/06 and 04/07: the 30-day (15/06) and 14-day (01/07) moments passed.
    results = batch_results(run_reminders(D(2022, 7, 4)))
    assert sorted((r.lead, r.recipient, r.late) for r in results) == [
        ("14d", "dx_officer", True),
        ("14d", "dx_quiet", True),
    ]
    message = next(m for m in mail.outbox if world["dx"].email in m.to and "lô 1" in m.subject)
    assert message.subject.startswith("[trễ] ") and "[trễ]" in message.body
    note = Notification.objects.get(recipient=world["dx"], kind="dossier_batch")
    assert note.title.startswith("[trễ] ")
    assert ReminderLog.objects.get(recipient=world["dx"], kind="dossier_batch").late
    # The 7-day reminder then goes out on its day, not late; the 30-day one is never sent.
    on_time = batch_results(run_reminders(D(2022, 7, 8)))
    assert {(r.lead, r.late) for r in on_time} == {("7d", False)}
    assert not ReminderLog.objects.filter(kind="dossier_batch", lead="30d").exists()


def test_command_output_marks_late_reminders(world):
    out = h.run("--today", "2022-07-04")
    lines = [line for line in out.splitlines() if "dossier_batch" in line]
    assert len(lines) == 2 and all("[trễ]" in line for line in lines)
    assert "2022-07-04 dossier_batch 14d → dx_officer [portal+e-mail] [trễ] Nhắc hạn nộp hồ sơ" in out
    # 04/07/2022 is a Monday: the weekly digest is due today, on time.
    assert out.strip().splitlines()[-1] == "3 reminder(s) sent, 2 late."


def test_catch_up_is_skipped_when_no_longer_relevant(world):
    dx = world["dx"]
    # During the downtime: the deadline passed …
    assert batch_results(run_reminders(BATCH_1 + datetime.timedelta(days=2))) == []
    # … or the dossiers were completed and submitted before the next run.
    for d in world["drafts"]:
        h.fill_required(d, dx)
        h.attest(d, dx)
        h.submit(d, dx, D(2022, 7, 20))
    assert batch_results(run_reminders(D(2022, 8, 25))) == []  # batch 2 quota met, nothing waiting
    # A task done during the downtime, a certificate renewed during it: nothing late either.
    plan = h.plan(2022)
    task = h.task(plan, "Nhiệm vụ đã xong", D(2022, 8, 20))
    with h.at(D(2022, 8, 19)):
        plan_services.transition_task(task, "complete", by=None)
    assert [r for r in run_reminders(D(2022, 8, 21)) if r.kind.startswith("task")] == []


# --- dry run and the command ------------------------------------------------------------------------
def test_dry_run_lists_without_changing_anything(world):
    cert = h.certificate("Nước mắm Cửa Khe", valid_until=D(2022, 6, 14))
    out = h.run("--today", "2022-06-15", "--dry-run")
    assert "2022-06-15 dossier_batch 30d → dx_officer [portal+e-mail]" in out and "(dry-run)" in out
    assert "certificate_expired expired → dard_staff" in out  # would expire and notify
    assert out.strip().splitlines()[-1] == "6 reminder(s) would be sent, 1 late."  # 2 + 3 + the digest
    assert not ReminderLog.objects.exists() and not Notification.objects.exists() and mail.outbox == []
    assert Certificate.objects.get(pk=cert.pk).status == Certificate.Status.VALID  # not expired by a dry run
    # After a real run, the dry run has nothing left to list.
    h.run("--today", "2022-06-15")
    assert "0 reminder(s) would be sent." in h.run("--today", "2022-06-15", "--dry-run")


def test_command_ranges_and_bad_input(world):
    out = h.run("--from", "2022-06-14", "--to", "2022-06-16")
    assert out.count("dossier_batch 30d") == 2 and "2022-06-15" in out
    for args in (
        ("--today", "15/06/2022"),
        ("--from", "2022-06-16", "--to", "2022-06-14"),
        ("--from", "2022-06-16"),
        ("--today", "2022-06-15", "--from", "2022-06-14", "--to", "2022-06-16"),
    ):
        with pytest.raises(CommandError):
            h.run(*args)


def test_command_defaults_to_the_local_day(world):
    with h.at(D(2022, 6, 15), 6):
        out = h.run()
    assert "2022-06-15 dossier_batch 30d → dx_officer" in out


def test_a_housekeeping_failure_does_not_hold_back_the_reminders(world):
    with mock.patch("certificates.services.expire_due", side_effect=RuntimeError("database hiccup")):
        out = h.run("--today", "2022-06-15")
    assert "# housekeeping failed: RuntimeError: database hiccup" in out
    assert "dossier_batch 30d → dx_officer" in out
