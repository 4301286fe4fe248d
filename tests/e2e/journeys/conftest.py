"""One demo portal for every role's working day, served as ``make run`` serves it.

The journeys in this package do not use pytest-django's database: a session-wide fixture creates a
PostgreSQL database of its own, migrates it, loads the demo (``seed_demo``, dates relative to today) and
serves it with ``manage.py runserver`` on a free port, with ``HOST``/``PORT`` in the environment as the
Makefile passes them and no ``SITE_URL`` — so that every absolute address the portal prints (the QR of a
certificate, e-mails, open data) must lead back to this very server. Background jobs run in-process
(``CELERY_TASK_ALWAYS_EAGER``), mail goes to the console.

Journeys share the seeded data: each one works on objects no other journey changes, or re-reads the
state before it asserts. Facts the browser cannot see are read with :meth:`DemoSite.shell`.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[3]
PASSWORD = "demo12345"

# Every journey: the e2e marker, Debian's Chromium; no pytest-django database.
JOURNEY_MARKS = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="needs Debian's chromium (scripts/system-deps.sh test)"
    ),
]


@pytest.fixture(scope="module", autouse=True)
def restore_reference_data():
    """Overrides the live-server journeys' fixture: these journeys never touch the test database."""
    yield


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class DemoSite:
    url: str
    env: dict
    data_dir: Path

    def manage(self, *args: str, timeout: int = 300) -> str:
        """Run a management command against the demo site's database; return its standard output."""
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if done.returncode:
            raise AssertionError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def shell(self, code: str) -> str:
        """Run Python code in the demo site's Django (``manage.py shell -c``); return what it printed."""
        return self.manage("shell", "-v", "0", "-c", code).strip()


def _site_env(db_name: str, port: int, data_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "DJANGO_SETTINGS_MODULE"}}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ocop")
    env.update(
        DATABASE_URL=re.sub(r"/[^/]*$", f"/{db_name}", base),
        CACHE_KEY_PREFIX=db_name,
        CELERY_TASK_ALWAYS_EAGER="true",
        DJANGO_DEBUG="true",
        DJANGO_SECRET_KEY=os.environ.get("DJANGO_SECRET_KEY", "test-only-not-secret"),
        OCOP_DATA_DIR=str(data_dir),
        HOST="127.0.0.1",
        PORT=str(port),
        PYTHONUNBUFFERED="1",
    )
    return env


def _psql(base_url: str, sql: str) -> None:
    maintenance = re.sub(r"/[^/]*$", "/postgres", base_url)
    subprocess.run(["psql", maintenance, "-q", "-c", sql], check=True, capture_output=True)


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory):
    """The demo portal, seeded once for the session and served on a free port."""
    port = _free_port()
    db_name = f"{os.environ.get('CACHE_KEY_PREFIX', 'ocop')}_journeys"
    data_dir = tmp_path_factory.mktemp("demo-site")
    env = _site_env(db_name, port, data_dir)
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ocop")
    _psql(base, f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
    _psql(base, f'CREATE DATABASE "{db_name}"')
    site = DemoSite(url=f"http://127.0.0.1:{port}", env=env, data_dir=data_dir)
    site.manage("migrate", "--noinput", "-v", "0", timeout=600)
    site.manage("seed_demo", timeout=600)
    log = open(data_dir / "runserver.log", "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{site.url}/", timeout=5).read()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError((data_dir / "runserver.log").read_text()) from None
                time.sleep(0.3)
        yield site
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        _psql(base, f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')


@pytest.fixture(scope="package")
def chromium():
    """One headless Chromium for all journeys (torn down when this package's tests end, before the
    rest of the suite runs Django's ORM in this thread again)."""
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            try:
                yield browser
            finally:
                browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def visitor(chromium, demo_site):
    """A fresh browser context (no cookies) in Vietnamese, for a public visitor."""
    context = chromium.new_context(locale="vi-VN", accept_downloads=True)
    context.set_default_timeout(20_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def login(chromium, demo_site):
    """``login("demo_council")`` → a page signed in as that demo user, in its own browser context."""
    contexts = []

    def sign_in(username: str, password: str = PASSWORD):
        context = chromium.new_context(locale="vi-VN", accept_downloads=True)
        context.set_default_timeout(20_000)
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{demo_site.url}/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.press("input[name=password]", "Enter")
        page.wait_for_load_state()
        assert "/accounts/login/" not in page.url, f"{username} could not sign in"
        return page

    yield sign_in
    for context in contexts:
        context.close()


# --- Accessibility (axe-core) and HTML validity (W3C Nu HTML checker) -------------------------------
# Both come from npm (tests/e2e/package.json, installed by `make test` with `npm ci`); the checker runs
# on Debian's Java (scripts/system-deps.sh test). Without them the checks skip with the command to run.
NODE_MODULES = ROOT / "tests" / "e2e" / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
BLOCKING_IMPACTS = {"serious", "critical"}
# moderate in axe, blocking here: a heading level skipped (h1 → h3) misleads screen-reader navigation
BLOCKING_RULES = {"heading-order"}


def axe_violations(page) -> list[dict]:
    """Run axe-core (WCAG 2.1 A and AA rules, and axe's best practices) on the page as it is now;
    return its violations.

    The script is evaluated through the DevTools protocol, which the portal's Content-Security-Policy
    does not govern, so the page is checked with the policy it is served with."""
    if not AXE_JS.exists():
        pytest.skip("axe-core missing: npm ci --prefix tests/e2e --ignore-scripts (make test does it)")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text() + "\n;true")
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return result["violations"]


def blocking(violations: list[dict]) -> list[str]:
    """The serious and critical violations (and heading-order), one readable line per offending element."""
    lines = []
    for v in violations:
        if v.get("impact") in BLOCKING_IMPACTS or v["id"] in BLOCKING_RULES:
            for node in v["nodes"][:5]:
                lines.append(
                    f"{v['id']} ({v['impact']}): {node['target']} — {node.get('failureSummary', '')[:200]}"
                )
    return lines


def html_errors(documents: dict[str, str]) -> dict[str, list[str]]:
    """Validate HTML documents ({name: markup}) with the W3C Nu HTML checker in one JVM; return the
    errors (not warnings) per name."""
    import json
    import shutil
    import tempfile

    java = shutil.which("java")
    if not (java and VNU_JAR.exists()):
        pytest.skip("Nu HTML checker missing: npm ci --prefix tests/e2e; java (scripts/system-deps.sh test)")
    with tempfile.TemporaryDirectory() as tmp:
        names = {}
        for i, (name, markup) in enumerate(documents.items()):
            path = Path(tmp) / f"page{i:02d}.html"
            path.write_text(markup, encoding="utf-8")
            names[path.name] = name
        done = subprocess.run(
            [
                java,
                "-Xss1m",
                "-jar",
                str(VNU_JAR),
                "--format",
                "json",
                "--errors-only",
                "--stdout",
                *sorted(Path(tmp).iterdir()),
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
        report = json.loads(done.stdout or "{}")
    errors: dict[str, list[str]] = {}
    for message in report.get("messages", []):
        if message.get("type") != "error":
            continue
        url = message.get("url", "")
        name = names.get(url.rsplit("/", 1)[-1], url)
        errors.setdefault(name, []).append(
            f"line {message.get('lastLine')}: {message.get('message')} «{message.get('extract', '').strip()[:80]}»"
        )
    return errors
