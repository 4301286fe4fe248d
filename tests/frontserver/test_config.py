"""The front server's configuration: the compose file validates (both modes), the nginx templates
render into a configuration Debian's nginx accepts in both modes, with the portal's limits."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from ocop_portal.frontserver import config_values, render_config, standalone_main_config

from .conftest import NGINX, needs_nginx

ROOT = Path(__file__).resolve().parents[2]


def compose_command() -> list[str] | None:
    """``docker compose`` (the v2 plugin) when it answers, else Debian's ``docker-compose``."""
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True, check=False)
        if probe.returncode == 0:
            return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    return None


def as_data(text: str) -> dict:
    """The YAML that ``config`` prints, read by the Python that runs docker-compose (it has PyYAML;
    the portal's virtualenv does not need it)."""
    python = "/usr/bin/python3" if Path("/usr/bin/python3").exists() else "python3"
    code = "import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))"
    out = subprocess.run([python, "-c", code], input=text, capture_output=True, text=True, check=True).stdout
    return json.loads(out)


@pytest.mark.parametrize("plain_http", ["false", "true"])
def test_compose_config_validates(tmp_path, plain_http):
    command = compose_command()
    if command is None:
        pytest.skip("needs docker compose or docker-compose (scripts/system-deps.sh test)")
    project = tmp_path / "stack"
    project.mkdir()
    shutil.copy(ROOT / "docker-compose.yml", project / "docker-compose.yml")
    (project / "deploy").symlink_to(ROOT / "deploy")
    env = (
        (ROOT / ".env.example").read_text().replace("OCOP_PLAIN_HTTP=false", f"OCOP_PLAIN_HTTP={plain_http}")
    )
    (project / ".env").write_text(env)
    (project / "Dockerfile").write_text("FROM scratch\n")
    v2 = command[0] == "docker"
    done = subprocess.run(
        [*command, "config", *(["--format", "json"] if v2 else [])],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    stack = (json.loads(done.stdout) if v2 else as_data(done.stdout))["services"]
    assert set(stack) == {"nginx", "web", "worker", "beat", "postgres", "redis"}
    nginx, web = stack["nginx"], stack["web"]
    assert nginx["image"].startswith("nginx:")
    assert {str(p.get("published")) if isinstance(p, dict) else p.split(":")[0] for p in nginx["ports"]} == {
        "80",
        "443",
    }
    assert "ports" not in web  # gunicorn is reached through nginx only
    assert web["environment"]["OCOP_FRONT_SERVER"] == "nginx"
    assert str(web["environment"]["OCOP_PROXY_HOPS"]) == "1"
    assert str(nginx["environment"]["OCOP_PLAIN_HTTP"]) == plain_http
    assert str(nginx["environment"]["OCOP_UPLOAD_MAX_DOSSIER_MB"]) == "600"
    mounts = " ".join(
        v if isinstance(v, str) else f"{v.get('source')}:{v.get('target')}" for v in nginx["volumes"]
    )
    assert "/etc/nginx/templates" in mounts and "/docker-entrypoint.d/10-ocop-limits.envsh" in mounts


def test_limits_script_derives_what_the_renderer_derives(settings):
    """compose derives the body limit and the mode in 10-ocop-limits.envsh; the tests in Python."""
    settings.OCOP_UPLOAD_MAX_FILE_MB = 7
    settings.OCOP_UPLOAD_MAX_DOSSIER_MB = 90
    script = ROOT / "deploy" / "nginx" / "10-ocop-limits.envsh"
    out = subprocess.run(
        ["sh", "-c", f'. "{script}"; echo "$OCOP_NGINX_BODY_MAX_MB $OCOP_NGINX_MODE"'],
        env={"OCOP_UPLOAD_MAX_FILE_MB": "7", "OCOP_UPLOAD_MAX_DOSSIER_MB": "90", "OCOP_PLAIN_HTTP": "true"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert out == [config_values()["OCOP_NGINX_BODY_MAX_MB"], "http"] == ["91", "http"]
    tls = subprocess.run(
        ["sh", "-c", f'. "{script}"; echo "$OCOP_NGINX_MODE"'], capture_output=True, text=True
    )
    assert tls.stdout.strip() == "https"


@needs_nginx
@pytest.mark.parametrize("mode", ["https", "http"])
def test_nginx_accepts_the_rendered_configuration(tmp_path, mode):
    certs = tmp_path / "certs"
    certs.mkdir()
    if mode == "https":
        if not shutil.which("openssl"):
            pytest.skip("needs openssl for a throw-away certificate")
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=ocop.test",
             "-keyout", str(certs / "privkey.pem"), "-out", str(certs / "fullchain.pem")],
            check=True,
            capture_output=True,
        )  # fmt: skip
    prefix = tmp_path / "nginx"
    values = config_values(
        OCOP_NGINX_MODE=mode,
        OCOP_NGINX_HTTP_PORT="18080",
        OCOP_NGINX_HTTPS_PORT="18443",
        OCOP_NGINX_CONF_DIR=str(prefix / "conf.d"),
        OCOP_NGINX_CERT_DIR=str(certs),
        OCOP_NGINX_STATIC_ROOT=str(tmp_path / "static"),
        OCOP_NGINX_MEDIA_ROOT=str(tmp_path / "media"),
    )
    render_config(prefix / "conf.d", values)
    (prefix / "nginx.conf").write_text(standalone_main_config(prefix))
    done = subprocess.run(
        [NGINX, "-t", "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", "stderr"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    rendered = (prefix / "conf.d" / "ocop-locations.inc").read_text()
    assert f"client_max_body_size {values['OCOP_NGINX_BODY_MAX_MB']}m;" in rendered
    assert "${" not in "".join(p.read_text() for p in (prefix / "conf.d").iterdir())
