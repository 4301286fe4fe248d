"""A REAL Celery worker (subprocess) against the real Redis and the test database.

* ``run_daily_reminders`` sent through the broker is executed by the worker; its e-mails are
  captured by the file backend; a second delivery of the same task (a retry after a crash)
  sends nothing new.
* A worker killed with SIGKILL in the middle of a slow run (``acks_late``: the message was never
  acknowledged) → the broker gives the message to a restarted worker, which completes the run:
  every reminder sent exactly once, none lost.

Isolation: Redis database 14 of the host in ``REDIS_URL``, a queue name and a broker key prefix
unique to the test run. Run with ``make pytest ARGS="-m integration tests/notifications"``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
import uuid
from collections import Counter
from urllib.parse import urlparse

import pytest
from celery import Celery

from notifications.models import ReminderLog
from tests.notifications import helpers as h
from tests.notifications import procs
from tests.notifications.procs import committed_reference_data, restore_reference_data  # noqa: F401

REDIS_URL = os.environ.get("REDIS_URL", "")

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not REDIS_URL, reason="needs Redis (REDIS_URL)"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("restore_reference_data", "committed_reference_data"),
]

DAY = "2022-07-08"  # Friday: 7 days before batch 1 (15/07/2022)
TASK = "notifications.tasks.run_daily_reminders"


def _broker() -> str:
    url = urlparse(REDIS_URL)
    return f"redis://{url.hostname or '127.0.0.1'}:{url.port or 6379}/14"


class Worker:
    """``celery -A ocop_portal worker --pool=solo -Q <queue>`` as a subprocess, its log collected."""

    def __init__(self, queue: str, environment: dict, name: str):
        command = [
            os.path.join(os.path.dirname(procs.python()), "celery"),
            "-A",
            "ocop_portal",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"{name}@%h",
        ]
        self.lines: list[str] = []
        self.proc = subprocess.Popen(
            command,
            cwd=procs.ROOT,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line.rstrip())

    @property
    def log(self) -> str:
        return "\n".join(self.lines)

    def wait_ready(self, timeout=45):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(" ready." in line for line in self.lines):
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.2)
        raise AssertionError(f"worker did not start:\n{self.log}")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)


@pytest.fixture
def broker(tmp_path):
    """A queue and key prefix of our own on Redis db 14; the environment of the workers; a sender app."""
    tag = uuid.uuid4().hex[:10]
    queue, prefix = f"ocop-rem-{tag}", f"ocop-rem-{tag}:"
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    # Not the current app: the shared tasks of the rest of the session must keep using the project's.
    sender = Celery("reminder-test-sender", broker=_broker(), backend=_broker(), set_as_current=False)
    sender.conf.broker_transport_options = {"global_keyprefix": prefix, "socket_connect_timeout": 2}
    workers: list[Worker] = []

    def start(name, **extra):
        environment = procs.env(
            mail_dir,
            CELERY_BROKER_URL=_broker(),
            CELERY_RESULT_BACKEND=_broker(),
            OCOP_TEST_BROKER_PREFIX=prefix,
            **extra,
        )
        worker = Worker(queue, environment, f"{name}-{tag}")
        workers.append(worker)
        worker.wait_ready()
        return worker

    yield {"queue": queue, "mail_dir": mail_dir, "sender": sender, "start": start}
    for worker in workers:
        worker.stop()
    try:  # leave nothing behind on the shared Redis
        import redis

        client = redis.Redis.from_url(_broker())
        for key in client.scan_iter(match=f"{prefix}*"):
            client.delete(key)
    except Exception:  # noqa: BLE001 - cleanup only
        pass
    sender.close()


def _send(broker):
    return broker["sender"].send_task(TASK, kwargs={"today": DAY}, queue=broker["queue"])


def _outcome(result, timeout=60):
    try:
        return result.get(timeout=timeout)
    finally:
        result.forget()


def test_a_real_worker_runs_the_reminders_and_a_redelivery_sends_nothing_new(broker):
    ppl = h.people()
    call = h.call_2022()
    h.dossier(call, ppl["dx"], "Nước mắm Duy Xuyên")
    worker = broker["start"]("worker")

    outcome = _outcome(_send(broker))
    # dx_officer (e-mail + portal), dx_quiet (portal: e-mail off), DARD's weekly digest (late: Friday)
    assert outcome == {"sent": 3, "failed": 0, "late": 1}, worker.log
    messages = procs.emails(broker["mail_dir"])
    assert sorted(m["To"].addresses[0].addr_spec for m in messages) == [ppl["dard"].email, ppl["dx"].email]
    batch = next(m for m in messages if m["To"].addresses[0].addr_spec == ppl["dx"].email)
    assert "lô 1 ngày 15/07/2022 (còn 7 ngày)" in batch["Subject"]
    assert batch.get_body(("plain",)).get_content().startswith("Kính gửi")
    assert "<table" in batch.get_body(("html",)).get_content()
    assert ReminderLog.objects.filter(status="sent").count() == 3

    # The same task delivered again (as after a crash before the ack): nothing new.
    assert _outcome(_send(broker)) == {"sent": 0, "failed": 0, "late": 0}
    assert len(procs.emails(broker["mail_dir"])) == 2
    assert "run_daily_reminders" in worker.log and "succeeded" in worker.log


def test_a_worker_killed_mid_run_is_completed_by_a_restarted_worker_without_duplicates(broker):
    """SIGKILL while the task sends slowly (1 s per e-mail); ``acks_late`` leaves the message
    unacknowledged; after the (test-short) visibility timeout the broker hands it to a new worker,
    which takes over the delivery the dead worker had claimed (retry window: 3 s) and sends the rest."""
    ppl = h.people()
    officers = [ppl["dx"]] + [h.person(f"dx_extra_{i}", "district", unit_code=h.DUY_XUYEN) for i in range(4)]
    call = h.call_2022()
    h.dossier(call, ppl["dx"], "Nước mắm Duy Xuyên")
    slow = {"OCOP_TEST_EMAIL_DELAY": "1", "OCOP_TEST_VISIBILITY_TIMEOUT": "4", "OCOP_TEST_RETRY_AFTER": "3"}
    first = broker["start"]("doomed", **slow)
    result = _send(broker)

    deadline = time.monotonic() + 40
    while ReminderLog.objects.filter(status="sent", emailed=True).count() < 2:
        assert time.monotonic() < deadline, first.log
        time.sleep(0.1)
    first.kill()
    sent_before = ReminderLog.objects.filter(status="sent").count()
    expected = len(officers) + 1 + 1  # + dx_quiet (portal only) + DARD's digest
    assert 2 <= sent_before < expected, "the worker finished before it could be killed"

    second = broker["start"]("restarted", **slow)
    deadline = time.monotonic() + 60
    while ReminderLog.objects.filter(status="sent").count() < expected:
        assert time.monotonic() < deadline, (
            f"{second.log}\n{list(ReminderLog.objects.values_list('recipient_key', 'status'))}"
        )
        time.sleep(0.2)
    time.sleep(2)  # let a possible extra redelivery finish: it must send nothing

    rows = ReminderLog.objects.all()
    assert rows.count() == expected and not rows.exclude(status="sent").exists()
    messages = procs.emails(broker["mail_dir"])
    per_address = Counter(m["To"].addresses[0].addr_spec for m in messages)
    assert per_address == Counter({**{u.email: 1 for u in officers}, ppl["dard"].email: 1}), per_address
    assert "run_daily_reminders" in second.log
    result.forget()
