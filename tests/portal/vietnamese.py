"""Nothing English, nothing Django-generic (issue 17): :func:`leaks` finds, in a rendered page, the known
English/Django placeholders ("---------", "next", "Unknown", "This field is required."…), raw choice codes
("complete" for "Đã xong") and msgids of the portal's catalogue left untranslated.

``tests/test_authorization_matrix.py`` runs it on every GET page of the matrix, as each role allowed
to open it (in Vietnamese, the default), at no extra request; the tests here check the checker and
that the Vietnamese catalogue has no fuzzy or untranslated entry (``msgfmt --statistics``)."""

from __future__ import annotations

import functools
import gettext
import re
from html.parser import HTMLParser
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parents[2]
VI_PO = ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"
VI_MO = VI_PO.with_suffix(".mo")

# Text a Vietnamese page must never show as a whole text node (Django/django-filter/tables2 defaults).
PLACEHOLDERS = {
    "---------",
    "next",
    "previous",
    "next »",
    "« previous",
    "Unknown",
    "None",
    "True",
    "False",
    "Chưa xác định",  # NullBoolean "unknown" where "Tất cả" is meant
}
# ... nor anywhere inside a text node.
FRAGMENTS = ("---------", "This field is required", "Enter a valid", "Select a valid choice")
# Shown on purpose: each language of the language menu is named in its own language.
ALLOWED = {"English"}
SKIP_TAGS = {"script", "style", "code", "pre", "textarea"}
ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}
CODE = re.compile(r"^[a-z][a-z0-9_]*$")


class TextNodes(HTMLParser):
    """Visible text nodes and human-read attributes of a page (not scripts, code samples or inputs)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.nodes: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIP_TAGS:
            self.skip += 1
        for name, value in attrs:
            if name in ATTRIBUTES and value and value.strip():
                self.nodes.append(value.strip())
            if tag == "input" and name == "value" and dict(attrs).get("type") in ("submit", "button"):
                self.nodes.append((value or "").strip())

    def handle_endtag(self, tag):
        if tag in SKIP_TAGS and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and not self.skip:
            self.nodes.append(text)


def text_nodes(html: str) -> list[str]:
    parser = TextNodes()
    parser.feed(html)
    return parser.nodes


@functools.cache
def catalogue_msgids() -> frozenset[str]:
    """English msgids of the portal's catalogue whose Vietnamese differs: seen as such, they leaked."""
    with VI_MO.open("rb") as fh:
        catalogue = gettext.GNUTranslations(fh)._catalog  # noqa: SLF001 - read the compiled catalogue
    found = set()
    for msgid, msgstr in catalogue.items():
        if not isinstance(msgid, str) or not msgid or msgstr == msgid:
            continue
        if "%" in msgid or "{" in msgid or not re.search(r"[A-Za-z]{3}", msgid):
            continue
        found.add(msgid)
    return frozenset(found)


@functools.cache
def choice_codes() -> dict[str, str]:
    """Stored choice codes ("complete", "in_progress") of every model field whose label differs."""
    codes: dict[str, str] = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            for value, label in getattr(field, "flatchoices", None) or ():
                if isinstance(value, str) and CODE.match(value) and str(label).strip().lower() != value:
                    codes.setdefault(value, f"{model._meta.label}.{field.name}")
    return codes


def leaks(html: str, msgids=None, codes=None) -> list[str]:
    msgids = catalogue_msgids() if msgids is None else msgids
    codes = choice_codes() if codes is None else codes
    found = []
    for node in text_nodes(html):
        if node in ALLOWED:
            continue
        if node in PLACEHOLDERS:
            found.append(f"placeholder {node!r}")
        elif any(fragment in node for fragment in FRAGMENTS):
            found.append(f"Django default text {node!r}")
        elif node in msgids:
            found.append(f"untranslated catalogue entry {node!r}")
        elif node in codes:
            found.append(f"raw choice code {node!r} ({codes[node]})")
    return found
