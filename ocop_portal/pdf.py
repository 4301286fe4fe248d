"""WeasyPrint rendering shared by the apps: templates → PDF bytes with the vendored fonts.

Fonts come from ``static/fonts`` (Liberation Serif, SIL OFL, full Vietnamese glyphs), never from the
server, so output is the same everywhere and text stays selectable (pdftotext returns the exact
Vietnamese).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import io
import re
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
        _glyph_arrays_without_parser()
    return config


_GLYPH_ARRAY = re.compile(r"(hb_codepoint_t)\[(\d+)\]")


@functools.cache
def _glyph_arrays_without_parser() -> None:
    """WeasyPrint subsets each font of each PDF with ``ffi.new(f"hb_codepoint_t[{n}]", …)``: cffi parses
    that C declaration with pycparser (2 ms) for every new ``n`` (a font's glyph count, its highest
    glyph id), a few times per certificate in a batch. The array type is made directly instead (the
    type cffi would build, cached by cffi's backend); any other declaration is parsed as before."""
    from weasyprint.text.ffi import ffi

    backend, parsed = getattr(ffi, "_backend", None), getattr(ffi, "_parsed_types", None)
    if backend is None or type(parsed) is not dict:  # another cffi: leave it alone
        return

    class ParsedTypes(dict):
        def __missing__(self, cdecl):
            match = _GLYPH_ARRAY.fullmatch(cdecl) if isinstance(cdecl, str) else None
            if match is None:
                raise KeyError(cdecl)
            item = backend.new_pointer_type(ffi.typeof(match[1]))
            result = self[cdecl] = (backend.new_array_type(item, int(match[2])), False)
            return result

    ffi._parsed_types = ParsedTypes(parsed)


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

    document = HTML(string=html, base_url=str(STATIC_DIR) + "/")
    return document.write_pdf(font_config=font_config(), cache=_image_cache(), pdf_variant=PDF_VARIANT)


def _image_cache() -> dict:
    """WeasyPrint's decoded images by URL, per thread as well; emptied now and then, the QR codes
    being data: URIs, one per document."""
    images = getattr(_local, "images", None)
    if images is None or len(images) > 256:
        images = _local.images = {}
    return images


def pdf_stylesheet(path: str):
    """The stylesheet ``static/<path>`` parsed once per process and thread (its ``@font-face`` rules
    registered in :func:`font_config`), for documents laid out many times (a certificate batch):
    parsing the CSS and loading its fonts is then not repeated per PDF. Re-read when the file changes."""
    from weasyprint import CSS

    file = STATIC_DIR / path
    key = (path, file.stat().st_mtime_ns)
    sheets = getattr(_local, "stylesheets", None)
    if sheets is None:
        sheets = _local.stylesheets = {}
    sheet = sheets.get(key)
    if sheet is None:
        sheet = sheets[key] = CSS(filename=str(file), font_config=font_config())
    return sheet


def render_pdf_pages(
    template: str, context: dict, metadata: list[dict], *, stylesheet: str
) -> list[bytes] | None:
    """The template laid out ONCE as one document of ``len(metadata)`` pages, each page written as its
    own PDF (tagged, PDF/UA-1) with its own metadata (``title``, ``authors``, ``description``,
    ``keywords``; the language is ``vi``): one HTML parse and one style cascade for a whole chunk of
    certificates, the stylesheet parsed once per process (:func:`pdf_stylesheet`). ``None`` when the
    document does not have one page per entry (a page overflowed): the caller then renders the entries
    one by one (a single entry is always one PDF, of all its pages)."""
    from django.utils import translation
    from weasyprint.pdf.metadata import DocumentMetadata

    with translation.override("vi"):
        html = render_to_string(template, context)
    document = _parsed(html).render(
        font_config=font_config(),
        cache=_image_cache(),
        stylesheets=[pdf_stylesheet(stylesheet)],
        pdf_variant=PDF_VARIANT,
    )
    if len(metadata) == 1:  # one entry: its document, whatever its number of pages
        document.metadata = DocumentMetadata(lang="vi", **metadata[0])
        return [document.write_pdf(pdf_variant=PDF_VARIANT)]
    if len(document.pages) != len(metadata):
        return None
    pdfs = []
    for page, meta in zip(document.pages, metadata, strict=True):
        single = document.copy([page])
        single.metadata = DocumentMetadata(lang="vi", **meta)
        pdfs.append(single.write_pdf(pdf_variant=PDF_VARIANT))
    return pdfs


def _parsed(html: str):
    """WeasyPrint's document of ``html``: read by ElementTree's C parser when it is well-formed XML
    (a template written as XHTML: ``<br/>``, ``<img …/>``, no ``xmlns``), a tenth of a certificate's
    CPU time less than WeasyPrint's pure-Python HTML5 parser, which reads anything else."""
    from xml.etree import ElementTree

    from weasyprint import HTML

    base_url = str(STATIC_DIR) + "/"
    try:
        root = ElementTree.fromstring(html)
    except ElementTree.ParseError:
        return HTML(string=html, base_url=base_url)
    return _parsed_html_class()(root, STATIC_DIR.as_uri() + "/")


@functools.cache
def _parsed_html_class():
    """WeasyPrint's ``HTML`` for a tree already parsed (WeasyPrint is imported on first use only)."""
    import cssselect2
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    class ParsedHTML(HTML):
        """An HTML document already parsed (an ElementTree root with un-namespaced HTML tags)."""

        def __init__(self, root, base_url: str):  # what HTML.__init__ keeps, without its parser
            self.base_url = base_url
            self.url_fetcher = URLFetcher()
            self.media_type = "print"
            self.wrapper_element = cssselect2.ElementWrapper.from_html_root(root, content_language=None)
            self.etree_element = self.wrapper_element.etree_element

    return ParsedHTML


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
