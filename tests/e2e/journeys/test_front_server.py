"""The demo portal behind Debian's nginx, as docker-compose.yml runs it: a commune economic officer
(demo_district, Xã Nam Phước) signs in through nginx, opens a dossier of her commune and downloads one of
its files. The portal answers the download with X-Accel-Redirect (OCOP_FRONT_SERVER=nginx) and nginx sends
the file; the officer of Xã Đại Lộc asking for the same file through nginx gets the Vietnamese 404 page.

A second portal process (runserver on the seeded demo database, with the front-server settings) stands
behind nginx; nginx serves the static files and the media through its internal location itself.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from ocop_portal.frontserver import config_values, render_config, standalone_main_config
from tests.e2e.journeys.conftest import JOURNEY_MARKS, PASSWORD, ROOT, _free_port
from tests.frontserver.conftest import NGINX, needs_nginx

pytestmark = [*JOURNEY_MARKS, needs_nginx]

DOCUMENT = """
import json
from accounts import access
from accounts.models import User
from dossiers.models import DossierDocument
officer = User.objects.get(username="demo_district")
doc = (access.visible(officer, DossierDocument).select_related("dossier")
       .filter(content_type="application/pdf").order_by("pk").first())
print(json.dumps({"pk": doc.pk, "dossier": doc.dossier_id, "name": doc.original_name,
                  "path": doc.file.path, "file": doc.file.name}))
"""


def _wait(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(log.read_text(errors="replace")) from None
            time.sleep(0.3)


@pytest.fixture(scope="module")
def behind_nginx(demo_site, tmp_path_factory):
    """(nginx URL, portal URL): a portal process with the front-server settings, nginx in front."""
    prefix = tmp_path_factory.mktemp("front-nginx")
    nginx_port, portal_port = _free_port(), _free_port()
    env = {
        **demo_site.env,
        "OCOP_FRONT_SERVER": "nginx",
        "OCOP_PROXY_HOPS": "1",
        "HOST": "127.0.0.1",
        "PORT": str(nginx_port),  # the portal's address (SITE_URL) is nginx's
    }
    log = prefix / "portal.log"
    portal = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{portal_port}"],
        cwd=ROOT,
        env=env,
        stdout=open(log, "w"),  # noqa: SIM115 - the process owns it
        stderr=subprocess.STDOUT,
    )
    nginx = None
    try:
        _wait(f"http://127.0.0.1:{portal_port}/healthz", portal, log)
        values = config_values(
            OCOP_NGINX_MODE="http",
            OCOP_NGINX_HTTP_PORT=str(nginx_port),
            OCOP_NGINX_UPSTREAM=f"127.0.0.1:{portal_port}",
            OCOP_NGINX_CONF_DIR=str(prefix / "conf.d"),
            OCOP_NGINX_STATIC_ROOT=str(ROOT / "static"),
            OCOP_NGINX_MEDIA_ROOT=str(demo_site.data_dir / "media"),
        )
        render_config(prefix / "conf.d", values)
        (prefix / "nginx.conf").write_text(standalone_main_config(prefix))
        nginx = subprocess.Popen(
            [NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", "stderr"],
            stdout=subprocess.DEVNULL,
            stderr=open(prefix / "stderr.log", "w"),  # noqa: SIM115
        )
        _wait(f"http://127.0.0.1:{nginx_port}/healthz", nginx, prefix / "stderr.log")
        yield f"http://127.0.0.1:{nginx_port}", f"http://127.0.0.1:{portal_port}", prefix
    finally:
        for process in (nginx, portal):
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()


def _sign_in(chromium, url: str, username: str):
    context = chromium.new_context(locale="vi-VN", accept_downloads=True)
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.goto(f"{url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, f"{username} could not sign in through nginx"
    return context, page


def test_district_officer_downloads_a_dossier_file_through_nginx(chromium, demo_site, behind_nginx, tmp_path):
    front, portal, prefix = behind_nginx
    doc = json.loads(demo_site.shell(DOCUMENT))
    on_disk = Path(doc["path"]).read_bytes()

    context, page = _sign_in(chromium, front, "demo_district")
    try:
        # The page came through nginx, its stylesheets from nginx's static location.
        css = []
        page.on("response", lambda r: css.append(r) if r.url.endswith(".css") else None)
        page.goto(f"{front}/dossiers/{doc['dossier']}/")
        assert doc["name"] in page.locator("body").inner_text()
        assert css and all(r.status == 200 for r in css)
        link = page.locator(f"a[href^='/dossiers/documents/{doc['pk']}/']").first
        href = link.get_attribute("href").split("?")[0]

        with page.expect_download() as info:
            page.evaluate(
                "href => { const a = document.createElement('a'); a.href = href; document.body.append(a); a.click(); }",
                href,
            )
        download = info.value
        saved = tmp_path / "downloaded"
        download.save_as(saved)
        assert saved.read_bytes() == on_disk
        assert download.suggested_filename == doc["name"]

        # The portal itself only named the file; nginx sent it.
        direct = context.request.get(f"{portal}{href}")
        assert direct.status == 200
        assert direct.headers["x-accel-redirect"] == f"/_protected/{doc['file']}"
        assert direct.body() == b""
        assert f'GET {href} HTTP/1.1" 200 {len(on_disk)}' in (prefix / "access.log").read_text()
    finally:
        context.close()

    context, page = _sign_in(chromium, front, "demo_district2")
    try:
        response = page.goto(f"{front}{href}")
        assert response.status == 404
        assert "Trang bạn yêu cầu không tồn tại hoặc không còn khả dụng." in page.locator("body").inner_text()
    finally:
        context.close()
