"""Exports of the filtered lists: xlsx (openpyxl write-only) and csv (UTF-8 with BOM), in the user's scope."""

from __future__ import annotations

import csv
import io

import pytest
from django.http import StreamingHttpResponse
from openpyxl import load_workbook

from products.importers import COLUMNS
from tests.factories import CertifiedProductFactory, ProducerFactory, ProductFactory, unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def products(users):
    dai_loc = users["district2"].unit.children.order_by("code").first()
    return {
        "duy_xuyen": CertifiedProductFactory(name="Cà phê Nam Phước", stars=4),
        "duy_xuyen_2": ProductFactory(name="Bánh tráng Duy Sơn", commune=unit("20620")),
        "dai_loc": ProductFactory(
            name="Bánh tráng Đại Lộc", producer=ProducerFactory(commune=dai_loc), commune=dai_loc
        ),
    }


def read_xlsx(response):
    assert isinstance(response, StreamingHttpResponse)  # streamed: the first bytes leave at once
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"] and ".xlsx" in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    return rows[0], rows[1:]


def read_csv(response):
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    return rows[0], rows[1:]


def test_xlsx_export_content(products, client_for):
    headers, rows = read_xlsx(client_for("province").get("/products/", {"format": "xlsx"}))
    assert list(headers[: len(COLUMNS)]) == list(COLUMNS.values())
    assert len(rows) == 3
    coffee = next(r for r in rows if r[0] == "Cà phê Nam Phước")
    product = products["duy_xuyen"]
    assert coffee[1] == product.producer.name
    assert coffee[2] == "Hợp tác xã"
    assert coffee[4] == "Thị trấn Nam Phước" and coffee[5] == "Huyện Duy Xuyên"
    assert coffee[6] == "1.3" and coffee[7] == 4
    assert coffee[9].date() == product.certified_on  # a real date cell


def test_csv_export_content_and_filters(products, client_for):
    headers, rows = read_csv(client_for("province").get("/products/", {"format": "csv", "q": "banh trang"}))
    assert headers[0] == "Tên sản phẩm"
    assert sorted(r[0] for r in rows) == ["Bánh tráng Duy Sơn", "Bánh tráng Đại Lộc"]
    _, rows = read_csv(client_for("province").get("/products/", {"format": "csv", "stars": 4}))
    assert [r[0] for r in rows] == ["Cà phê Nam Phước"]


def test_export_respects_the_district_scope(products, client_for):
    _, rows = read_xlsx(client_for("district").get("/products/", {"format": "xlsx"}))
    assert sorted(r[0] for r in rows) == ["Bánh tráng Duy Sơn", "Cà phê Nam Phước"]
    _, rows = read_csv(client_for("district2").get("/products/", {"format": "csv"}))
    assert [r[0] for r in rows] == ["Bánh tráng Đại Lộc"]
    _, rows = read_csv(client_for("commune").get("/products/", {"format": "csv"}))
    assert [r[0] for r in rows] == ["Cà phê Nam Phước"]  # Nam Phước only


def test_export_rejects_other_districts_in_the_filter(products, client_for, users):
    # a district officer asking for Đại Lộc gets an invalid filter → nothing, not Đại Lộc's rows
    _, rows = read_csv(
        client_for("district").get("/products/", {"format": "csv", "district": users["district2"].unit.pk})
    )
    assert rows == []


def test_producer_export(products, client_for):
    headers, rows = read_csv(client_for("district").get("/producers/", {"format": "csv"}))
    assert "Tax code" in headers or len(headers) == 12
    names = {r[1] for r in rows}
    assert products["duy_xuyen"].producer.name in names
    assert products["dai_loc"].producer.name not in names
    headers, rows = read_xlsx(client_for("province").get("/producers/", {"format": "xlsx"}))
    assert len(rows) == 3
    row = next(r for r in rows if r[1] == products["duy_xuyen"].producer.name)
    assert row[-1] == 1  # product count


def test_export_iterates_in_chunks(products, client_for, django_assert_max_num_queries):
    """The export streams from the database: a constant, small number of queries."""
    client = client_for("province")
    with django_assert_max_num_queries(12):
        response = client.get("/products/", {"format": "csv"})
        b"".join(response.streaming_content)


def test_exports_never_write_formulas(client_for):
    ProductFactory(name='=HYPERLINK("http://evil.example")')
    _, rows = read_csv(client_for("province").get("/products/", {"format": "csv"}))
    assert rows[0][0] == '\'=HYPERLINK("http://evil.example")'
    response = client_for("province").get("/products/", {"format": "xlsx"})
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cell = wb.worksheets[0]["A2"]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://evil.example")'


def test_the_decision_number_comes_from_the_certificate(client_for, users):
    """Issue 13, defect 7: "Số quyết định công nhận" is the decision of the product's current certificate,
    the portal's recognition decision or the decision of a certificate recorded from paper."""
    import datetime

    from accounts.models import AdministrativeUnit
    from certificates import paper
    from certificates import services as certificate_services
    from evaluation.models import DecisionEntry, RecognitionDecision
    from products import workflows
    from products.models import RegulationVersion

    decided = ProductFactory(name="Có quyết định", state=workflows.EVALUATED)
    decision = RecognitionDecision.objects.create(
        number="134/QĐ-UBND",
        date=datetime.date(2025, 3, 1),
        level="province",
        issuing_unit=AdministrativeUnit.objects.get(code="49"),
        regulation=RegulationVersion.objects.get(code="148-2023"),
    )
    entry = DecisionEntry.objects.create(decision=decision, product=decided, stars=4)
    certificate_services.issue_certificate(
        decided, stars=4, issued_on=decision.date, level="province", decision=decision, decision_entry=entry
    )
    on_paper = ProductFactory(name="Bản giấy")
    paper.record_paper_certificate(
        on_paper,
        stars=3,
        decision_number="88/QĐ-UBND",
        decision_date=datetime.date(2024, 5, 2),
        by=users["province"],
    )
    ProductFactory(name="Chưa xếp hạng")
    headers, rows = read_csv(client_for("province").get("/products/", {"format": "csv"}))
    column = headers.index("Số quyết định công nhận")
    by_name = {r[0]: r for r in rows}
    assert by_name["Có quyết định"][column] == "134/QĐ-UBND"
    assert by_name["Bản giấy"][column] == "88/QĐ-UBND"
    assert by_name["Chưa xếp hạng"][column] == ""
    # re-importing the export changes nothing (the same rating is recognised as known)
    from products.importers import import_products

    response = client_for("province").get("/products/", {"format": "xlsx"})
    report = import_products(
        io.BytesIO(b"".join(response.streaming_content)), user=users["province"], filename="export.xlsx"
    )
    assert report.ok, [str(e) for e in report.errors]
    assert report.unchanged == 3 and report.ratings_recorded == 0
