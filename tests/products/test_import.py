"""Spreadsheet import: good file, every kind of bad row, all-or-nothing, re-import, scope, dry run,
the upload page and the management command."""

from __future__ import annotations

import datetime
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from openpyxl import load_workbook

from certificates.models import Certificate, CertificateProposal
from producers.models import Producer, ProducerKind
from products import workflows
from products.importers import (
    COLUMNS,
    import_products,
    parse_date,
    parse_kind,
    parse_stars,
    template_workbook,
)
from products.models import Product, ProductTransition
from tests.factories import CertifiedProductFactory, ProducerFactory, ProductFactory, group, unit

from .helpers import a_year_ago, row, xlsx

pytestmark = pytest.mark.django_db


def counts():
    return Producer.objects.count(), Product.objects.count(), ProductTransition.objects.count()


def recognised_on() -> datetime.date:
    """The file's recognition date: under 148 before the 2025 reform (a year ago the rule set of 148 as
    amended by 1489 was in force, with no district level), still within the certificates' 36 months."""
    return min(a_year_ago(), datetime.date(2025, 6, 30))


def good_file():
    recognised = recognised_on()
    return xlsx(
        [
            row(),
            row(
                name="Nước mắm Duy Hải",
                producer="Cơ sở Nước mắm Bà Năm",
                kind="Hộ sản xuất",
                tax_code=None,
                commune="duy hai",  # no accents, no prefix
                district="Duy Xuyên",
                group="1.4",
                stars=4,
                decision="1234/QĐ-UBND",
                recognised_on=recognised.strftime("%d/%m/%Y"),
            ),
            row(
                name="Bánh tráng mè Nam Phước",
                stars="3",
                decision="77/QĐ-UBND",
                recognised_on=datetime.datetime.combine(recognised, datetime.time()),  # a date cell
                group="1.3. Thực phẩm chế biến",
            ),
        ]
    )


def test_good_file_creates_producers_products_and_ratings(users):
    """A district officer's file: producers and products created; its ratings only proposed to DARD."""
    before = counts()
    report = import_products(good_file(), user=users["district"], filename="ds.xlsx")
    assert report.ok, [str(e) for e in report.errors]
    assert report.applied
    assert (report.created, report.updated, report.unchanged) == (3, 0, 0)
    assert report.producers_created == 2
    assert (report.ratings_recorded, report.ratings_proposed) == (0, 2)
    assert Producer.objects.count() == before[0] + 2
    assert Product.objects.count() == before[1] + 3

    htx = Producer.objects.get(tax_code="4000999001")
    assert htx.kind == ProducerKind.COOPERATIVE
    assert htx.commune.code == "20599"
    assert htx.products.count() == 2  # both rows of the same producer share it

    fish = Product.objects.get(name="Nước mắm Duy Hải")
    recognised = recognised_on()
    assert fish.producer.kind == ProducerKind.HOUSEHOLD
    assert fish.commune.name == "Xã Duy Hải"
    assert fish.group.code == "1.4" and fish.group.regulation.code == "148-2023"
    assert fish.origin == Product.Origin.EXISTING
    # no certificate: no stars, not certified, nowhere public
    assert fish.state == workflows.IDEA_REGISTERED and not fish.is_certified
    assert fish.stars is None and fish.certificate_number == ""
    assert not Certificate.objects.filter(product=fish).exists()
    assert not Product.objects.public().filter(pk=fish.pk).exists()
    proposal = CertificateProposal.objects.get(product=fish)
    assert proposal.status == CertificateProposal.Status.PENDING
    assert (proposal.stars, proposal.decision_number, proposal.decision_date) == (
        4,
        "1234/QĐ-UBND",
        recognised,
    )
    assert (proposal.source_file, proposal.source_row) == ("ds.xlsx", 3)
    assert proposal.source_sha256 == report.sha256 and len(report.sha256) == 64
    assert proposal.proposed_by == users["district"]
    # under 148/QĐ-TTg the province recognised 4★, the district 3★
    assert (proposal.level, proposal.issuing_authority) == ("province", "UBND tỉnh Quảng Nam")
    plain = Product.objects.get(name="Bánh tráng Nam Phước")
    assert plain.state == workflows.IDEA_REGISTERED and plain.stars is None
    assert plain.created_by == users["district"]
    sesame = Product.objects.get(name="Bánh tráng mè Nam Phước").certificate_proposals.get()
    assert (sesame.stars, sesame.level, sesame.issuing_authority) == (3, "district", "UBND huyện Duy Xuyên")


def test_dard_file_records_its_ratings_as_paper_certificates(users):
    report = import_products(good_file(), user=users["province"], filename="ds.xlsx")
    assert report.ok, [str(e) for e in report.errors]
    assert (report.ratings_recorded, report.ratings_proposed) == (2, 0)
    fish = Product.objects.get(name="Nước mắm Duy Hải")
    recognised = recognised_on()
    assert fish.state == workflows.RECOGNISED and fish.is_certified
    assert fish.stars == 4
    assert fish.certified_on == recognised
    assert fish.valid_until == recognised + relativedelta(months=settings.OCOP_CERTIFICATE_VALIDITY_MONTHS)
    cert = Certificate.objects.get(number=fish.certificate_number)
    assert cert.number.startswith(f"OCOP-QNA-{recognised.year}-G")
    assert cert.recorded_from_paper and cert.status == Certificate.Status.VALID
    assert (cert.decision_number, cert.decision_date, cert.recognition_number) == (
        "1234/QĐ-UBND",
        recognised,
        "1234/QĐ-UBND",
    )
    assert cert.recorded_by == users["province"] and cert.source == "imported from ds.xlsx, row 3"
    move = fish.transitions.get(name="recognise")
    assert move.by == users["province"] and move.to_state == workflows.RECOGNISED
    assert Product.objects.public().filter(pk=fish.pk).exists()
    assert not CertificateProposal.objects.exists()


def test_headers_in_any_order_with_a_title_row_and_extra_columns(users):
    headers = ["Ghi chú", *reversed(list(COLUMNS.values()))]
    data = row()
    file = xlsx(
        [["bỏ qua", *[data[h] for h in headers[1:]]]],
        headers=headers,
        title_rows=[["DANH SÁCH SẢN PHẨM OCOP HUYỆN DUY XUYÊN"], []],
    )
    report = import_products(file, user=users["province"], filename="x.xlsx")
    assert report.ok, [str(e) for e in report.errors]
    assert report.rows[0].row == 4  # the spreadsheet's own row number
    assert Product.objects.filter(name="Bánh tráng Nam Phước").exists()


def test_old_recognition_date_uses_the_1048_groups_and_ends_expired(users):
    file = xlsx([row(stars=3, recognised_on="15/06/2021", group="1.6", decision="99/QĐ-UBND")])
    report = import_products(file, user=users["province"], filename="x.xlsx")
    assert report.ok, [str(e) for e in report.errors]
    product = Product.objects.get(name="Bánh tráng Nam Phước")
    assert product.group.regulation.code == "1048-2019"  # in force on 15/06/2021
    assert product.group.name == "Cà phê, ca cao"
    assert product.valid_until == datetime.date(2024, 6, 15)
    assert product.state == workflows.EXPIRED  # its 36 months are over: not shown as current
    assert not product.is_certified
    cert = Certificate.objects.get(number=product.certificate_number)
    assert cert.status == Certificate.Status.EXPIRED and cert.level == "province"  # 1048: the province
    assert cert.issuing_authority == "UBND tỉnh Quảng Nam"

    report = import_products(file, user=users["province"], filename="x.xlsx")
    assert report.unchanged == 1
    assert Certificate.objects.filter(product=product).count() == 1


BAD_ROWS = [
    ("unknown commune", {"commune": "Xã Không Có"}, "Xã/Phường/Thị trấn", "Unknown commune"),
    ("empty name", {"name": ""}, "Tên sản phẩm", "Required"),
    ("empty producer", {"producer": None}, "Chủ thể", "Required"),
    ("star above 5", {"stars": 6, "recognised_on": "01/02/2024"}, "Hạng sao", "3, 4 or 5"),
    ("star below 3", {"stars": 2, "recognised_on": "01/02/2024"}, "Hạng sao", "3, 4 or 5"),
    ("star text", {"stars": "bốn", "recognised_on": "01/02/2024"}, "Hạng sao", "3, 4 or 5"),
    ("impossible date", {"stars": 4, "recognised_on": "31/02/2024"}, "Ngày công nhận", "dd/mm/yyyy"),
    ("not a date", {"stars": 4, "recognised_on": "tháng 3"}, "Ngày công nhận", "dd/mm/yyyy"),
    ("future date", {"stars": 4, "recognised_on": "01/01/2099"}, "Ngày công nhận", "future"),
    (
        "stars without date",
        {"stars": 4, "decision": "1/QĐ-UBND"},
        "Ngày công nhận",
        "Required when the stars",
    ),
    (
        "stars without decision",
        {"stars": 4, "recognised_on": "01/02/2024"},
        "Số quyết định công nhận",
        "Required",
    ),
    ("commune of another district", {"commune": "Ái Nghĩa"}, "Xã/Phường/Thị trấn", "not in Huyện Duy Xuyên"),
    ("unknown district", {"district": "Huyện Không Có"}, "Huyện/Thị xã/Thành phố", "Unknown district"),
    ("unknown group", {"group": "9.9"}, "Nhóm sản phẩm", "Unknown product group"),
    ("unknown group name", {"group": "Đồ điện tử"}, "Nhóm sản phẩm", "Unknown product group"),
    ("unknown producer type", {"kind": "Tập đoàn"}, "Loại hình chủ thể", "Unknown type"),
]


@pytest.mark.parametrize("label,overrides,column,message", BAD_ROWS, ids=[b[0] for b in BAD_ROWS])
def test_a_bad_row_rejects_the_whole_file(users, label, overrides, column, message):
    before = counts()
    file = xlsx([row(name="Sản phẩm tốt 1", tax_code="4000999101"), row(**overrides), row(name="Tốt 3")])
    report = import_products(file, user=users["province"], filename="x.xlsx")
    assert not report.ok
    assert not report.applied
    assert counts() == before, "nothing may be written"
    matching = [e for e in report.errors if e.row == 3 and e.column == column]
    assert matching, [str(e) for e in report.errors]
    assert message in matching[0].message
    assert {e.row for e in report.errors} == {3}  # the good rows are not blamed
    assert str(matching[0]).startswith(f"Row 3, {column}")


def test_every_error_of_the_file_is_listed_at_once(users):
    file = xlsx([row(name=""), row(commune="Xã Không Có", stars=9), row(group="")])
    report = import_products(file, user=users["province"], filename="x.xlsx")
    cells = {(e.row, e.column) for e in report.errors}
    assert {(2, "Tên sản phẩm"), (3, "Xã/Phường/Thị trấn"), (3, "Hạng sao"), (4, "Nhóm sản phẩm")} <= cells


def test_the_same_product_twice_in_a_file_is_an_error(users):
    report = import_products(
        xlsx([row(), row(name="banh trang nam phuoc")]), user=users["province"], filename="x.xlsx"
    )
    assert [(e.row, e.column) for e in report.errors] == [(3, "Tên sản phẩm")]


def test_missing_required_column(users):
    headers = [h for h in COLUMNS.values() if h != "Nhóm sản phẩm"]
    report = import_products(xlsx([row()], headers=headers), user=users["province"], filename="x.xlsx")
    assert [e.column for e in report.errors] == ["Nhóm sản phẩm"]
    assert "missing" in report.errors[0].message


@pytest.mark.parametrize(
    "content,filename",
    [
        (b"Ten san pham,Chu the\nA,B\n", "list.csv"),
        (b"this is not a zip file at all", "list.xlsx"),
        (b"PK\x03\x04 broken zip", "list.xlsx"),
    ],
)
def test_wrong_file_type_is_rejected(users, content, filename):
    before = counts()
    report = import_products(io.BytesIO(content), user=users["province"], filename=filename)
    assert not report.ok and report.errors[0].row is None
    assert ".xlsx" in report.errors[0].message
    assert counts() == before


def test_reimport_does_not_duplicate(users):
    import_products(good_file(), user=users["district"], filename="x.xlsx")
    before = counts()
    report = import_products(good_file(), user=users["district"], filename="x.xlsx")
    assert report.ok
    assert (report.created, report.updated, report.unchanged, report.producers_created) == (0, 0, 3, 0)
    assert counts() == before


def test_reimport_updates_changed_rows_and_matches_producers_by_tax_code(users):
    import_products(good_file(), user=users["district"], filename="x.xlsx")
    changed = xlsx([row(producer="HTX DV NN Nam Phước (tên mới)", group="1.2")])  # same tax code
    report = import_products(changed, user=users["district"], filename="x.xlsx")
    assert report.ok
    # a new name under the same tax code is the same producer; the product is matched and regrouped
    assert (report.created, report.updated) == (0, 1)
    assert Product.objects.get(name="Bánh tráng Nam Phước").group.code == "1.2"


def test_existing_producer_matched_by_folded_name_in_commune(users):
    producer = ProducerFactory(name="Hộ kinh doanh Lê Văn Tám", tax_code="", kind=ProducerKind.HOUSEHOLD)
    existing = ProductFactory(name="Mứt gừng", producer=producer)
    file = xlsx(
        [row(name="MUT GUNG", producer="ho kinh doanh le van tam", kind="Hộ kinh doanh", tax_code="")]
    )
    report = import_products(file, user=users["district"], filename="x.xlsx")
    assert report.ok and report.rows[0].product == existing
    assert report.unchanged == 1
    assert Producer.objects.filter(name_ascii="ho kinh doanh le van tam").count() == 1


def test_a_more_recent_rating_is_kept(users):
    product = CertifiedProductFactory(
        name="Mứt gừng", producer=ProducerFactory(tax_code="4000999001"), stars=4
    )
    report = import_products(
        xlsx([row(name="Mứt gừng", stars=3, recognised_on="01/03/2023", decision="5/QĐ-UBND")]),
        user=users["province"],
        filename="x.xlsx",
    )
    assert report.ok and report.unchanged == 1 and report.warnings
    product.refresh_from_db()
    assert product.stars == 4
    assert product.certificates.count() == 1


def test_a_pending_proposal_is_not_proposed_twice_and_a_new_one_replaces_it(users):
    file = xlsx([row(stars=3, recognised_on="01/03/2024", decision="5/QĐ-UBND")])
    import_products(file, user=users["district"], filename="a.xlsx")
    again = import_products(file, user=users["district"], filename="a.xlsx")
    assert again.ok and again.unchanged == 1 and again.ratings_proposed == 0
    changed = xlsx([row(stars=3, recognised_on="01/03/2024", decision="6/QĐ-UBND")])
    report = import_products(changed, user=users["district"], filename="b.xlsx")
    assert report.ok and report.updated == 1 and report.ratings_proposed == 1
    statuses = dict(CertificateProposal.objects.values_list("decision_number", "status"))
    assert statuses == {"5/QĐ-UBND": "replaced", "6/QĐ-UBND": "pending"}


def test_district_officer_cannot_import_rows_of_another_district(users):
    before = counts()
    file = xlsx(
        [row(), row(name="Bánh tráng Đại Lộc", commune="Thị trấn Ái Nghĩa", district="Huyện Đại Lộc")]
    )
    report = import_products(file, user=users["district"], filename="x.xlsx")
    assert not report.ok
    assert [(e.row, e.column) for e in report.errors] == [(3, "Xã/Phường/Thị trấn")]
    assert "outside your area" in report.errors[0].message
    assert counts() == before
    # the provincial office may import the same file
    assert import_products(file, user=users["province"], filename="x.xlsx").ok


def test_district_officer_cannot_change_another_districts_product_by_reimport(users):
    other = ProductFactory(
        name="Bánh tráng", producer=ProducerFactory(tax_code="4000999001", commune=unit("20599"))
    )
    other.commune = users["district2"].unit.children.order_by("code").first()
    other.save()
    report = import_products(xlsx([row(name="Bánh tráng")]), user=users["district"], filename="x.xlsx")
    assert not report.ok and "another area" in report.errors[0].message


def test_roles_that_may_not_register_cannot_import(users):
    report = import_products(good_file(), user=users["commune"], filename="x.xlsx")
    assert not report.ok and "may not import" in report.errors[0].message


def test_dry_run_writes_nothing_and_reports_what_would_change(users):
    before = counts()
    report = import_products(good_file(), user=users["district"], filename="x.xlsx", dry_run=True)
    assert report.ok and not report.applied
    assert (report.created, report.updated, report.unchanged, report.producers_created) == (3, 0, 0, 2)
    assert [r.action for r in report.rows] == ["create", "create", "create"]
    assert counts() == before


def test_similar_products_of_other_producers_are_imported_with_a_warning(users):
    ProductFactory(
        name="Bánh tráng Nam Phước", producer=ProducerFactory(name="Cơ sở khác"), group=group("1.3")
    )
    report = import_products(xlsx([row()]), user=users["province"], filename="x.xlsx")
    assert report.ok and report.created == 1
    assert any("similar" in w for w in report.warnings)
    new = Product.objects.get(name="Bánh tráng Nam Phước", producer__tax_code="4000999001")
    assert "row 2" in new.duplicate_reason


def test_an_exported_list_can_be_reimported_unchanged(client_for, users):
    import_products(good_file(), user=users["district"], filename="x.xlsx")
    response = client_for("district").get("/products/", {"format": "xlsx"})
    exported = io.BytesIO(b"".join(response.streaming_content))
    report = import_products(exported, user=users["district"], filename="export.xlsx")
    assert report.ok, [str(e) for e in report.errors]
    assert report.created == 0 and report.updated == 0 and report.unchanged == 3


def test_parsers():
    assert parse_kind("HTX Nông nghiệp") == ProducerKind.COOPERATIVE
    assert parse_kind("Tổ hợp tác") == ProducerKind.COOP_GROUP
    assert parse_kind("Công ty TNHH") == ProducerKind.ENTERPRISE
    assert parse_kind("DN") == ProducerKind.ENTERPRISE
    assert parse_kind("Hộ sản xuất có đăng ký kinh doanh") == ProducerKind.HOUSEHOLD
    assert parse_kind("Tập đoàn") is None
    assert parse_stars(4.0) == 4 and parse_stars("5 sao") == 5 and parse_stars(None) is None
    for bad in (4.5, "2", 6, True):
        with pytest.raises(ValueError):
            parse_stars(bad)
    assert parse_date("5/3/2023") == datetime.date(2023, 3, 5)
    assert parse_date(datetime.datetime(2023, 3, 5, 0, 0)) == datetime.date(2023, 3, 5)
    with pytest.raises(ValueError):
        parse_date(45000)  # an unformatted number is not taken for a date


def test_accents_decide_between_communes_with_the_same_folded_name(users):
    # Xã Trà Dơn and Xã Trà Don (Nam Trà My) fold to the same text
    file = xlsx([row(commune="Xã Trà Dơn", district="Huyện Nam Trà My", tax_code="4000999777")])
    report = import_products(file, user=users["province"], filename="x.xlsx")
    assert report.ok, [str(e) for e in report.errors]
    assert report.rows[0].commune.name == "Xã Trà Dơn"
    ambiguous = xlsx([row(commune="xa tra don", district="Huyện Nam Trà My")])
    report = import_products(ambiguous, user=users["province"], filename="x.xlsx")
    assert "Several communes" in report.errors[0].message


def test_template_download_has_the_headers(client_for):
    response = client_for("district").get("/products/import/template.xlsx")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content), read_only=True)
    headers = [c for c in next(wb.worksheets[0].iter_rows(values_only=True))]
    assert headers == list(COLUMNS.values())
    assert "Hướng dẫn" in wb.sheetnames
    # the empty template imports as "no rows", not as an error in a cell
    report = import_products(io.BytesIO(template_workbook()), filename="mau.xlsx")
    assert [e.row for e in report.errors] == [None]


# --- The management command ----------------------------------------------------------------------


def write(tmp_path: Path, file: io.BytesIO, name="ds.xlsx") -> Path:
    path = tmp_path / name
    path.write_bytes(file.getvalue())
    return path


def test_command_imports(tmp_path):
    out = io.StringIO()
    call_command("import_products", str(write(tmp_path, good_file())), stdout=out)
    assert "3 created, 0 updated, 0 unchanged, 2 new producer(s)" in out.getvalue()
    # without a DARD user the ratings are only proposed
    assert "0 paper certificate(s) recorded, 2 rating(s) proposed to DARD" in out.getvalue()
    fish = Product.objects.get(name="Nước mắm Duy Hải")
    assert fish.state == workflows.IDEA_REGISTERED and fish.certificate_proposals.get().proposed_by is None


def test_command_as_dard_records_paper_certificates(tmp_path, users):
    out = io.StringIO()
    path = str(write(tmp_path, good_file()))
    call_command("import_products", path, "--user", users["province"].username, stdout=out)
    assert "2 paper certificate(s) recorded, 0 rating(s) proposed" in out.getvalue()
    assert Product.objects.filter(name="Nước mắm Duy Hải", state=workflows.RECOGNISED).exists()


def test_command_dry_run_reports_rows_and_writes_nothing(tmp_path):
    before = counts()
    out = io.StringIO()
    call_command("import_products", str(write(tmp_path, good_file())), "--dry-run", stdout=out)
    text = out.getvalue()
    assert "Dry run, nothing written" in text and "3 created" in text
    assert "row 3: create" in text and "Nước mắm Duy Hải" in text
    assert counts() == before


def test_command_as_a_district_officer_refuses_another_district(tmp_path, users):
    path = write(tmp_path, xlsx([row(commune="Thị trấn Ái Nghĩa", district="Đại Lộc")]))
    err = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("import_products", str(path), "--user", users["district"].username, stderr=err)
    assert exc.value.returncode == 1
    assert "Row 2, Xã/Phường/Thị trấn" in err.getvalue() and "outside your area" in err.getvalue()
    call_command("import_products", str(path), "--user", users["province"].username, stdout=io.StringIO())
    assert Product.objects.filter(commune__name="Thị trấn Ái Nghĩa", name="Bánh tráng Nam Phước").exists()


def test_command_bad_file_prints_errors_on_stderr(tmp_path):
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_products", str(write(tmp_path, xlsx([row(stars=8, recognised_on="x")]))), stderr=err
        )
    assert "Row 2, Hạng sao: “8” Stars must be 3, 4 or 5." in err.getvalue()
    assert "Row 2, Ngày công nhận" in err.getvalue()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="runs the command against the test database")
def test_command_exit_status_and_stderr_in_a_real_process(tmp_path):
    """The real process: exit status 1 and the per-cell errors on stderr, nothing on the database."""
    path = write(tmp_path, xlsx([row(commune="Xã Không Có"), row(name="")]))
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "import_products", str(path)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    # the command speaks the portal's language (Vietnamese) to the officer at the terminal
    assert "Dòng 2, Xã/Phường/Thị trấn: “Xã Không Có” Không tìm thấy xã." in result.stderr
    assert "Dòng 3, Tên sản phẩm" in result.stderr
    assert "nothing was written" in result.stderr
