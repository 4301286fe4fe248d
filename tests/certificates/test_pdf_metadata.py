"""Every PDF the portal prints carries its title and metadata and is tagged (issue 17, Accessibility).

Certificates, recognition decisions and the annual plan: title, author (the issuing body), subject,
keywords, language ``vi``, and the PDF/UA-1 variant (structure tags), read back with poppler's pdfinfo.
The plan keeps the national motto on one line.
"""

from __future__ import annotations

import re
import subprocess
import zlib

import pytest

from certificates.pdf import certificate_pdf, decision_pdf
from plans.pdf import plan_pdf
from tests.certificates.test_pdf import certificate  # noqa: F401 - fixture
from tests.pdf.test_plan_pdf import plan  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def pdfinfo(data: bytes) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=True).stdout.decode()
    return {k.strip(): v.strip() for k, v in (line.split(":", 1) for line in out.splitlines() if ":" in line)}


def xmp(data: bytes) -> str:
    return subprocess.run(
        ["pdfinfo", "-meta", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


def assert_accessible_pdf(data: bytes, *, title: str, author: str, subject: str, keywords: str):
    info = pdfinfo(data)
    assert info["Title"] == title
    assert info["Author"] == author
    assert subject in info["Subject"]
    assert keywords in info["Keywords"]
    assert info["Tagged"] == "yes", "structure tags (PDF/UA-1)"
    assert info["PDF version"] == "1.7"
    meta = xmp(data)
    assert "pdfuaid:part" in meta and re.search(r"pdfuaid:part[^0-9]*1", meta), meta[:500]
    assert b"/Lang (vi)" in catalog_bytes(data), "the document's language (html lang) in the catalog"


def catalog_bytes(data: bytes) -> bytes:
    """The PDF with its compressed object streams inflated (the catalog sits in one)."""
    parts = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"".join(parts)


def test_certificate_pdf_has_title_author_subject_keywords_and_tags(certificate):  # noqa: F811
    assert_accessible_pdf(
        certificate_pdf(certificate),
        title=f"Giấy chứng nhận sản phẩm OCOP 4 sao số {certificate.number}: Nước mắm Cửa Khe truyền thống",
        author="ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM",
        subject="đạt hạng 4 sao OCOP theo Quyết định số 2345/QĐ-UBND",
        keywords=f"OCOP, giấy chứng nhận, 4 sao, {certificate.number}",
    )


def test_decision_pdf_has_title_author_subject_keywords_and_tags(certificate):  # noqa: F811
    assert_accessible_pdf(
        decision_pdf(certificate.decision),
        title="Quyết định số 2345/QĐ-UBND về việc công nhận sản phẩm đạt tiêu chuẩn OCOP năm 2024",
        author="ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM",
        subject="Công nhận 1 sản phẩm đạt tiêu chuẩn OCOP, ngày 29/02/2024",
        keywords="OCOP, quyết định, công nhận, 2345/QĐ-UBND",
    )


def test_plan_pdf_has_title_author_subject_keywords_and_tags(plan):  # noqa: F811
    data = plan_pdf(plan)
    assert_accessible_pdf(
        data,
        title="Kế hoạch 88/KH-UBND: Kế hoạch triển khai Chương trình Mỗi xã một sản phẩm năm 2023",
        author="ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM",
        subject="Chương trình Mỗi xã một sản phẩm (OCOP) năm 2023",
        keywords="OCOP, kế hoạch, 2023",
    )
    first_page = subprocess.run(
        ["pdftotext", "-layout", "-l", "1", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    assert any(
        " ".join(line.split()).endswith("Độc lập - Tự do - Hạnh phúc") for line in first_page.splitlines()
    ), "the national motto on one line:\n" + first_page[:800]


def test_batch_certificates_are_one_tagged_pdf_each_with_their_own_metadata(certificate):  # noqa: F811
    """A batch lays a chunk of certificates out as one document and writes each page as its own PDF:
    every PDF has one page, its own title and subject, its own text, the tags and the PDF/UA-1 mark,
    and is the same document as the certificate printed alone."""
    from certificates import services
    from certificates.pdf import certificate_pdfs
    from products import workflows as pw
    from tests.certificates.test_pdf import flat, pdftotext
    from tests.evaluation.conftest import make_product

    decision = certificate.decision
    others = [
        services.issue_certificate(
            make_product(name, state=pw.EVALUATED), stars=stars, issued_on=decision.date, level="province",
            decision=decision,
        )
        for name, stars in (("Trà thảo mộc Hòa Vang", 3), ("Mật ong rừng Tây Giang", 5))
    ]  # fmt: skip
    certs = [certificate, *others]
    pdfs = certificate_pdfs([c.pk for c in certs])
    assert [name for name, _ in pdfs] == [f"giay-chung-nhan-{c.number}.pdf" for c in certs]
    for cert, (_, data) in zip(certs, pdfs, strict=True):
        assert pdfinfo(data)["Pages"] == "1"
        assert_accessible_pdf(
            data,
            title=f"Giấy chứng nhận sản phẩm OCOP {cert.stars} sao số {cert.number}: {cert.product.name}",
            author="ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM",
            subject=f"đạt hạng {cert.stars} sao OCOP theo Quyết định số 2345/QĐ-UBND",
            keywords=f"OCOP, giấy chứng nhận, {cert.stars} sao, {cert.number}",
        )
        text = flat(pdftotext(data))
        assert cert.product.name in text and f"Đạt hạng {cert.stars} sao" in text
        assert all(other.number not in text for other in certs if other != cert)
        assert text == flat(pdftotext(certificate_pdf(cert)))


def test_pdf_of_markup_that_is_not_xhtml_is_read_by_the_html5_parser():
    """The certificate template is XHTML, read by ElementTree; markup that is not well-formed XML
    (an unclosed <br>) is still read, by WeasyPrint's HTML5 parser."""
    from ocop_portal.pdf import _parsed, _parsed_html_class

    assert isinstance(_parsed('<html lang="vi"><body><p>Một<br/>Hai</p></body></html>'), _parsed_html_class())
    html5 = _parsed('<html lang="vi"><body><p>Một<br>Hai</p></body></html>')
    assert not isinstance(html5, _parsed_html_class())
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=html5.write_pdf(), capture_output=True, check=True
    ).stdout.decode()
    assert text.split() == ["Một", "Hai"]
