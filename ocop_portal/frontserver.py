"""The front server (nginx, ``deploy/nginx``): protected downloads handed over with X-Accel-Redirect, and
the nginx configuration rendered from the repository's templates.

* :class:`AccelRedirectMiddleware` — with ``OCOP_FRONT_SERVER = "nginx"`` every access-checked download
  (a :class:`~django.http.FileResponse` of a file under ``MEDIA_ROOT``: dossier documents, inspection
  evidence, task attachments, product photos, PDF job archives) leaves Python as an empty answer with
  ``X-Accel-Redirect: /_protected/<path>``; nginx sends the file from its internal location. The view
  has already decided who may see it, the name and the type; nothing else changes. Without the setting
  (``make run``, the embedded mode, tests) the file streams through Django as before.
* :func:`render_config` — the same templates the official nginx image renders in docker-compose.yml
  (``${NAME}`` filled from the environment), rendered here for Debian's nginx in the tests and the
  load bench, with the size limits read from the portal's settings.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, HttpResponse

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "deploy" / "nginx" / "templates"
ACCEL_PREFIX = "/_protected/"
_NAME = re.compile(r"\$\{(OCOP_[A-Z0-9_]+)\}")


def front_server() -> str:
    """``"nginx"`` when nginx sits in front (``OCOP_FRONT_SERVER``), else ``""``."""
    return str(getattr(settings, "OCOP_FRONT_SERVER", "") or "").strip().lower()


def _media_relative_path(response: FileResponse) -> str | None:
    """The path under MEDIA_ROOT of the file a FileResponse streams, or None (temporary file, other)."""
    filelike = getattr(response, "file_to_stream", None)
    raw = getattr(filelike, "file", filelike)  # a FieldFile wraps the OS file
    name = getattr(raw, "name", None)
    if not isinstance(name, str) or not os.path.isabs(name):
        return None
    root = Path(settings.MEDIA_ROOT).resolve()
    try:
        return Path(name).resolve().relative_to(root).as_posix()
    except ValueError:
        return None


def accel_redirect(response):
    """The answer nginx needs instead of ``response`` (same status line and headers, no body), or
    ``response`` itself when it is not a file under MEDIA_ROOT."""
    if not isinstance(response, FileResponse) or response.status_code != 200:
        return response
    relative = _media_relative_path(response)
    if relative is None:
        return response
    handed = HttpResponse(status=response.status_code)
    for header, value in response.items():
        if header.lower() != "content-length":
            handed[header] = value
    handed.cookies = response.cookies
    handed["X-Accel-Redirect"] = ACCEL_PREFIX + quote(relative)
    # Only the file is closed: response.close() would also send request_finished (the server sends
    # it when it closes the answer it actually got).
    response.file_to_stream.close()
    return handed


class AccelRedirectMiddleware:
    """Hand file downloads to nginx (X-Accel-Redirect) when ``OCOP_FRONT_SERVER = "nginx"``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if front_server() == "nginx":
            return accel_redirect(response)
        return response


# --- Configuration ---------------------------------------------------------------------------


def config_values(**overrides: str) -> dict[str, str]:
    """The template's ``${OCOP_...}`` values: the upload limits from the settings (as
    ``deploy/nginx/10-ocop-limits.envsh`` derives them in compose), the rest from ``overrides``."""
    file_mb = int(settings.OCOP_UPLOAD_MAX_FILE_MB)
    dossier_mb = int(settings.OCOP_UPLOAD_MAX_DOSSIER_MB)
    values = {
        "OCOP_NGINX_MODE": "http",
        "OCOP_NGINX_HTTP_PORT": "80",
        "OCOP_NGINX_HTTPS_PORT": "443",
        "OCOP_UPLOAD_MAX_FILE_MB": str(file_mb),
        "OCOP_UPLOAD_MAX_DOSSIER_MB": str(dossier_mb),
        "OCOP_NGINX_BODY_MAX_MB": str(dossier_mb + 1),
        "OCOP_NGINX_MEDIA_ROOT": str(Path(settings.MEDIA_ROOT).resolve()),
        "OCOP_NGINX_STATIC_ROOT": str(Path(settings.STATIC_ROOT).resolve()),
        "OCOP_NGINX_CERT_DIR": "/etc/nginx/certs",
        "OCOP_NGINX_CONF_DIR": "/etc/nginx/conf.d",
        "OCOP_NGINX_UPSTREAM": "127.0.0.1:8000",
    }
    values.update({k: str(v) for k, v in overrides.items()})
    return values


def render_template(text: str, values: Mapping[str, str]) -> str:
    """Fill ``${OCOP_...}`` as envsubst does; a name without a value is an error, not an empty string."""

    def fill(match: re.Match) -> str:
        name = match.group(1)
        if name not in values:
            raise KeyError(f"nginx template needs {name}")
        return values[name]

    return _NAME.sub(fill, text)


def render_config(conf_dir: Path, values: Mapping[str, str]) -> list[Path]:
    """Render every template of ``deploy/nginx/templates`` into ``conf_dir`` (as the image renders them
    into /etc/nginx/conf.d); ``values`` must name ``OCOP_NGINX_CONF_DIR`` = ``conf_dir``."""
    conf_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for template in sorted(TEMPLATE_DIR.glob("*.template")):
        target = conf_dir / template.name.removesuffix(".template")
        target.write_text(render_template(template.read_text(encoding="utf-8"), values), encoding="utf-8")
        written.append(target)
    return written


def standalone_main_config(prefix: Path) -> str:
    """A non-root ``nginx.conf`` for ``nginx -p PREFIX -c PREFIX/nginx.conf`` (tests, bench): logs, pid
    and temporary files under ``prefix``, the site from ``prefix/conf.d/default.conf``."""
    temp = prefix / "tmp"
    temp.mkdir(parents=True, exist_ok=True)
    mime = "/etc/nginx/mime.types"
    # Started by root (CI), nginx's workers would become "nobody" and could not read the files.
    user = "user root;\n" if os.geteuid() == 0 else ""
    return f"""daemon off;
{user}worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 512; }}
http {{
    include {mime};
    default_type application/octet-stream;
    access_log {prefix}/access.log;
    sendfile on;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include conf.d/default.conf;
}}
"""
