"""WeasyPrint rendering shared by the apps: templates → PDF bytes with the vendored fonts.

Fonts come from ``static/fonts`` (Liberation Serif, SIL OFL, full Vietnamese glyphs), never from the
server, so output is the same everywhere and text stays selectable (pdftotext returns the exact
Vietnamese).
"""

from __future__ import annotations

import base64
import hashlib
import io
import threading

from django.conf import settings
from django.template.loader import render_to_string

STATIC_DIR = settings.BASE_DIR / "static"


_local = threading.local()


def font_config():
    """One WeasyPrint font configuration per process and thread: the vendored fonts are registered
    with Fontconfig once and Pango keeps its shaped fonts, instead of both being rebuilt for every PDF
    (most of a certificate's rendering time). Per thread, because Pango's font map is not thread-safe
    (``runserver`` serves in threads); each batch worker process builds its own."""
    from weasyprint.text.fonts import FontConfiguration

    config = getattr(_local, "font_config", None)
    if config is None:
        config = _local.font_config = FontConfiguration()
    return config


CACHE_SECONDS = 24 * 3600

# Every PDF is tagged (PDF/UA-1: structure tags, PDF 1.7, the XMP metadata of the variant): screen
# readers follow headings, paragraphs and tables. Title, author (the issuing body), subject (meta
# description), keywords and language come from each template's <head> (<title>, <meta>, <html lang>).
PDF_VARIANT = "pdf/ua-1"


def render_pdf(template: str, context: dict, *, cached: bool = False) -> bytes:
    """The template as a PDF. ``cached``: the PDF is kept in the cache under the SHA-256 of its HTML
    (the PDF is a function of the HTML and the vendored fonts alone), so the same document asked for
    again (the plan, a decision) costs a template rendering instead of a layout; any change to its
    data changes the HTML, hence the key: nothing to invalidate."""
    from django.core.cache import cache

    html = render_html(template, context)
    if not cached:
        return html_to_pdf(html)
    key = "pdf:" + html_digest(html)
    data = cache.get(key)
    if data is None:
        data = html_to_pdf(html)
        cache.set(key, data, CACHE_SECONDS)
    return data


def render_html(template: str, context: dict) -> str:
    """The document's HTML, always in Vietnamese (administrative documents): the cheap half of a PDF."""
    from django.utils import translation

    with translation.override("vi"):
        return render_to_string(template, context)


def html_digest(html: str) -> str:
    """The SHA-256 of a document's HTML: the PDF is a function of it (and of the vendored fonts)."""
    return hashlib.sha256(html.encode()).hexdigest()


def html_to_pdf(html: str) -> bytes:
    """WeasyPrint's layout of ``html``: the expensive half of a PDF."""
    from weasyprint import HTML

    images = getattr(_local, "images", None)  # WeasyPrint's decoded images by URL, per thread as well
    if images is None or len(images) > 256:  # the QR codes are data: URIs, one per document
        images = _local.images = {}
    document = HTML(string=html, base_url=str(STATIC_DIR) + "/")
    return document.write_pdf(font_config=font_config(), cache=images, pdf_variant=PDF_VARIANT)


def qr_data_uri(url: str, scale: int = 4) -> str:
    """A PNG QR code as a data: URI (segno), for embedding in PDF templates."""
    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=2)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def authority_name(unit) -> str:
    """ "Tỉnh Quảng Nam" → "ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM"."""
    return f"ỦY BAN NHÂN DÂN {unit.name.upper()}"


def authority_short(unit) -> str:
    """ "Tỉnh Quảng Nam" → "UBND TỈNH QUẢNG NAM"."""
    return f"UBND {unit.name.upper()}"


# Division types in front of a unit's name, longest first ("Thành phố Tam Kỳ" → "Tam Kỳ").
DIVISION_PREFIXES = ("Thành phố", "Thị trấn", "Thị xã", "Phường", "Huyện", "Quận", "Tỉnh", "Xã")


def place_name(unit) -> str:
    """The place of a document's date line, from the unit that issues it: "Tỉnh Quảng Nam" → "Quảng Nam",
    "Huyện Đại Lộc" → "Đại Lộc" (so "Đại Lộc, ngày 05 tháng 03 năm 2026")."""
    if unit is None:
        return ""
    name = unit.name.strip()
    kinds = [unit.division_type] if getattr(unit, "division_type", "") else []
    for kind in (*kinds, *DIVISION_PREFIXES):
        if name.lower().startswith(kind.lower() + " "):
            return name[len(kind) + 1 :].strip()
    return name


def authority_kind(unit) -> str:
    """The kind of the issuing People's Committee as written after "UBND": "Tỉnh Quảng Nam" → "tỉnh",
    "Thành phố Đà Nẵng" → "thành phố" (empty when the name carries no known kind)."""
    if unit is None:
        return ""
    name = unit.name.strip().lower()
    kinds = [unit.division_type] if getattr(unit, "division_type", "") else []
    return next((k.lower() for k in (*kinds, *DIVISION_PREFIXES) if name.startswith(k.lower() + " ")), "")


def standing_agency(unit, day=None) -> str:
    """The name of ``unit``'s standing agency of the OCOP programme on ``day`` (its department marked as
    such and in force then): "Sở Nông nghiệp và Phát triển nông thôn" for Quảng Nam in 2023, "Sở Nông
    nghiệp và Môi trường thành phố Đà Nẵng" after the 2025 merger; empty when none is recorded."""
    if unit is None:
        return ""
    departments = unit.departments.filter(is_dard=True)
    if day is not None:
        departments = departments.exclude(valid_from__gt=day).exclude(valid_to__lt=day)
    department = departments.order_by("order", "pk").first()
    return department.name if department else ""


def signature_lines(signer_title: str, *, body: str = "ỦY BAN NHÂN DÂN") -> list[str]:
    """The authority lines above a collective body's signature (Decree 30/2020/NĐ-CP, Appendix I):

    ``TM. ỦY BAN NHÂN DÂN`` / ``CHỦ TỊCH`` when the chair signs, ``TM. ỦY BAN NHÂN DÂN`` /
    ``KT. CHỦ TỊCH`` / ``PHÓ CHỦ TỊCH`` when a vice-chair signs for the chair. ``signer_title`` may
    be the signer's title alone ("Phó Chủ tịch") or the whole block, one line each; the "TM." line
    is printed once whatever it holds.
    """
    lines = [line.strip().upper() for line in (signer_title or "").splitlines() if line.strip()]
    lines = [line for line in lines if not line.startswith("TM.")] or ["CHỦ TỊCH"]
    if lines[-1].startswith("PHÓ CHỦ TỊCH") and not any(line.startswith("KT.") for line in lines):
        lines.insert(len(lines) - 1, "KT. CHỦ TỊCH")
    return [f"TM. {body}", *lines]
