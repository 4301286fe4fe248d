"""Debian's nginx, run for real in front of pytest-django's live server.

:class:`FrontServer` renders ``deploy/nginx/templates`` (the very files docker-compose.yml mounts in the
official image) with :func:`ocop_portal.frontserver.render_config` into a temporary prefix, with a
non-root main ``nginx.conf``, a free port and the live server as upstream, and runs ``nginx -p``.
:func:`fetch` talks HTTP from a chosen loopback address (127.0.0.2, 127.0.0.3, ...), so the client address
nginx passes on differs from the address the portal's server sees (nginx's own, 127.0.0.1).
"""

from __future__ import annotations

import http.client
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.signals import request_started
from django.db import connection

from ocop_portal.frontserver import render_config, standalone_main_config

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
needs_nginx = pytest.mark.skipif(
    not Path(NGINX).exists(), reason="needs Debian's nginx (scripts/system-deps.sh test)"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


def fetch(
    url_base: str,
    path: str,
    *,
    method: str = "GET",
    headers: dict | None = None,
    body: bytes | None = None,
    source: str = "127.0.0.2",
    timeout: float = 30,
) -> Answer:
    """One request from the loopback address ``source`` (Linux routes all of 127/8 to lo)."""
    host, port = url_base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=timeout, source_address=(source, 0))
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, data)
    finally:
        conn.close()


@dataclass
class FrontServer:
    """nginx on ``url`` in front of ``upstream``; ``prefix`` holds its configuration and logs."""

    prefix: Path
    url: str
    upstream: str
    values: dict
    process: subprocess.Popen | None = None
    seen: list = field(default_factory=list)

    def start(self) -> FrontServer:
        render_config(self.prefix / "conf.d", self.values)
        (self.prefix / "nginx.conf").write_text(standalone_main_config(self.prefix))
        self.process = subprocess.Popen(
            [NGINX, "-p", str(self.prefix), "-c", str(self.prefix / "nginx.conf"), "-e", "stderr"],
            stdout=subprocess.DEVNULL,
            stderr=open(self.prefix / "stderr.log", "w"),  # noqa: SIM115 - the process owns it
        )
        port = int(self.url.rsplit(":", 1)[1])
        deadline = time.monotonic() + 15
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return self
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(self.log()) from None
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def log(self) -> str:
        return "\n".join(
            p.read_text(errors="replace")
            for p in (self.prefix / "stderr.log", self.prefix / "error.log")
            if p.exists()
        )

    def get(self, path: str, **kw) -> Answer:
        return fetch(self.url, path, **kw)


def restore_reference_data_after(django_db_blocker) -> None:
    """A transactional test empties the tables when it ends (and post_migrate handlers may refill a few):
    bring the database back to what the session started with — migration data and the unit tree —
    for the tests that come after."""
    with django_db_blocker.unblock():
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents:
            call_command("flush", "--noinput", verbosity=0, inhibit_post_migrate=True)
            connection.creation.deserialize_db_from_string(contents)
        call_command("loaddata", "units_quang_nam_2023", "departments_quang_nam", verbosity=0)


@pytest.fixture(autouse=True)
def short_lived_connections():
    """The live server answers from threads: close their connections so the database can be dropped."""
    previous = connection.settings_dict.get("CONN_MAX_AGE")
    connection.settings_dict["CONN_MAX_AGE"] = 0
    yield
    connection.settings_dict["CONN_MAX_AGE"] = previous


@pytest.fixture
def reference_data(transactional_db):
    """Migration data comes back through ``serialized_rollback``; the unit tree and the departments
    (loaded once per session, emptied by the previous transactional test) are loaded again."""
    from accounts.models import AdministrativeUnit

    if not AdministrativeUnit.objects.exists():
        call_command("loaddata", "units_quang_nam_2023", "departments_quang_nam", verbosity=0)


@pytest.fixture
def front(live_server, settings, tmp_path):
    """nginx (http trial mode) in front of the live server, as docker-compose.yml wires them: the portal
    hands downloads over (OCOP_FRONT_SERVER=nginx) and trusts one proxy hop (OCOP_PROXY_HOPS=1). Small
    upload limits (1 MB per file, 2 MB per dossier) keep the oversized upload cheap."""
    media = tmp_path / "media"
    media.mkdir()
    settings.MEDIA_ROOT = str(media)
    settings.OCOP_FRONT_SERVER = "nginx"
    settings.OCOP_PROXY_HOPS = 1
    settings.OCOP_UPLOAD_MAX_FILE_MB = 1
    settings.OCOP_UPLOAD_MAX_DOSSIER_MB = 2
    upstream = live_server.url.removeprefix("http://").replace("localhost", "127.0.0.1")
    port = free_port()
    prefix = tmp_path / "nginx"
    from ocop_portal.frontserver import config_values

    values = config_values(
        OCOP_NGINX_MODE="http",
        OCOP_NGINX_HTTP_PORT=str(port),
        OCOP_NGINX_UPSTREAM=upstream,
        OCOP_NGINX_CONF_DIR=str(prefix / "conf.d"),
        OCOP_NGINX_STATIC_ROOT=str(Path(django_settings.STATICFILES_DIRS[0])),
        OCOP_NGINX_MEDIA_ROOT=str(media),
    )
    server = FrontServer(prefix=prefix, url=f"http://127.0.0.1:{port}", upstream=upstream, values=values)

    def record(sender, environ=None, **kwargs):
        server.seen.append(
            {
                "path": environ.get("PATH_INFO"),
                "remote_addr": environ.get("REMOTE_ADDR"),
                "x_forwarded_for": environ.get("HTTP_X_FORWARDED_FOR"),
                "x_real_ip": environ.get("HTTP_X_REAL_IP"),
            }
        )

    request_started.connect(record, weak=False, dispatch_uid="frontserver-recorder")
    server.start()
    try:
        yield server
    finally:
        server.stop()
        request_started.disconnect(dispatch_uid="frontserver-recorder")
