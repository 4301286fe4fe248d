"""Authorization-matrix rows for evaluation rounds, decisions, certificates and inspections."""

import datetime

from django.core.files.base import ContentFile

from accounts.models import Department
from certificates import services
from certificates.models import Inspection, InspectionEvidence
from evaluation import services as rs
from evaluation.models import RecognitionDecision
from products import workflows as pw

from .conftest import make_product

ALL = ("province", "department", "district", "district2", "commune", "council", "producer", "admin")


def expect(default, **roles):
    return {"anonymous": 302, **{r: default for r in ALL}, **roles}


def build(world):
    users = world["users"]
    province = world["users"]["province"]
    round_, _members = _round(world)
    product = make_product("Rượu Hồng Đào Nam Phước", commune_code="20599", state=pw.EVALUATED)
    entry = rs.assign_product(round_, make_product("Nước mắm authz", commune_code="20620"), by=province)
    rs.add_member(round_, users["council"], by=province)
    rs.open_scoring(round_, by=province)
    cert = services.issue_certificate(product, stars=3, issued_on=datetime.date(2026, 3, 1), level="district")
    decision = RecognitionDecision.objects.create(
        number="1/QĐ-test",
        date=datetime.date(2026, 10, 1),
        level="district",
        issuing_unit=round_.unit,
        regulation=round_.regulation,
    )
    industry = Department.objects.get(code="so-cong-thuong")
    inspection = Inspection.objects.create(
        certificate=cert, department=industry, inspected_on=datetime.date(2026, 11, 1), finding="Nhãn sai"
    )
    evidence = InspectionEvidence(inspection=inspection, original_name="bien-ban.pdf")
    evidence.file.save("bien-ban.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    from certificates.models import PdfJob

    job = PdfJob.objects.create(decision=decision, status="done", total=1, done=1)
    job.file.save("test.zip", ContentFile(b"PK\x05\x06" + b"\x00" * 18), save=True)
    from certificates import paper

    proposal = paper.propose_imported(
        make_product("Bánh tráng đề nghị", commune_code="20599"),
        stars=3,
        decision_number="12/QĐ-UBND",
        decision_date=datetime.date(2024, 5, 1),
        by=users["district"],
    )
    world["evaluation"] = {
        "proposal": proposal,
        "job": job,
        "round": round_,
        "entry": entry,
        "member": round_.members.first(),
        "certificate": cert,
        "decision": decision,
        "inspection": inspection,
        "evidence": evidence,
        "criteria_set": entry.criteria_set,
    }


def _round(world):
    from .conftest import make_round

    return make_round(level="district", unit_code="508", members=1, by=world["users"]["province"])


def ev(key):
    return lambda w: w["evaluation"][key]


ORG = dict(province=200, district=200, admin=200)
ORG_POST = dict(province=302, district=302, admin=302)

ROWS = {
    "evaluation:round_list": {"url": "/evaluation/rounds/", "expect": expect(200, commune=403, producer=403)},
    "evaluation:round_create": {
        "url": "/evaluation/rounds/new/",
        "expect": expect(403, district2=200, **ORG),
    },
    "evaluation:round_detail": {
        "url": lambda w: f"/evaluation/rounds/{w['evaluation']['round'].pk}/",
        "expect": expect(404, council=200, **ORG),
    },
    "evaluation:round_transition": {
        "url": lambda w: f"/evaluation/rounds/{w['evaluation']['round'].pk}/action/close_scoring/",
        "method": "post",
        "expect": expect(403, district2=404, **ORG_POST),
    },
    "evaluation:member_add": {
        "url": lambda w: f"/evaluation/rounds/{w['evaluation']['round'].pk}/members/add/",
        "expect": expect(403, district2=404, **ORG),
    },
    "evaluation:member_remove": {
        "url": lambda w: (
            f"/evaluation/rounds/{w['evaluation']['round'].pk}/members/{w['evaluation']['member'].pk}/remove/"
        ),
        "method": "post",
        "expect": expect(403, district2=404, **ORG_POST),
    },
    "evaluation:assign": {
        "url": lambda w: f"/evaluation/rounds/{w['evaluation']['round'].pk}/products/add/",
        "expect": expect(403, district2=404, **ORG),
    },
    "evaluation:entry_remove": {
        "url": lambda w: (
            f"/evaluation/rounds/{w['evaluation']['round'].pk}/products/{w['evaluation']['entry'].pk}/remove/"
        ),
        "method": "post",
        "expect": expect(403, district2=404, **ORG_POST),
    },
    "evaluation:forward": {
        "url": lambda w: f"/evaluation/rounds/{w['evaluation']['round'].pk}/forward/",
        "method": "post",
        "expect": expect(403, district2=404, **ORG_POST),
    },
    "evaluation:round_export": {
        "url": lambda w: f"/evaluation/rounds/{w['evaluation']['round'].pk}/results.xlsx",
        "expect": expect(404, council=403, **ORG),
    },
    "evaluation:decision_create": {
        "url": lambda w: f"/evaluation/rounds/{w['evaluation']['round'].pk}/decision/new/",
        "expect": expect(403, district2=404, **ORG),
    },
    "evaluation:my_sheets": {"url": "/evaluation/my-sheets/", "expect": expect(200)},
    "evaluation:entry_detail": {
        "url": lambda w: f"/evaluation/entries/{w['evaluation']['entry'].pk}/",
        "expect": expect(404, council=200, **ORG),
    },
    "evaluation:score": {
        "url": lambda w: f"/evaluation/entries/{w['evaluation']['entry'].pk}/score/",
        "expect": expect(404, council=200, province=403, district=403, admin=403),
    },
    "evaluation:score_revise": {
        # the council member has no submitted sheet to revise: back to the sheet
        "url": lambda w: f"/evaluation/entries/{w['evaluation']['entry'].pk}/score/revise/",
        "expect": expect(404, council=302, province=403, district=403, admin=403),
    },
    "evaluation:conflict": {
        "url": lambda w: f"/evaluation/entries/{w['evaluation']['entry'].pk}/conflict/",
        "method": "post",
        "data": {"reason": "người thân"},
        "expect": expect(404, council=302, province=403, district=403, admin=403),
    },
    "evaluation:decision_list": {
        "url": "/evaluation/decisions/",
        "expect": expect(403, department=200, district2=200, **ORG),
    },
    "evaluation:decision_detail": {
        "url": lambda w: f"/evaluation/decisions/{w['evaluation']['decision'].pk}/",
        "expect": expect(403, department=200, district2=404, **ORG),
    },
    "certificates:decision_approve": {
        "url": lambda w: f"/evaluation/decisions/{w['evaluation']['decision'].pk}/approve/",
        "method": "post",
        "data": {"confirmed": "1"},
        "expect": expect(403, district2=404, **ORG_POST),
    },
    "certificates:certificate_list": {"url": "/evaluation/certificates/", "expect": expect(200, council=403)},
    "certificates:certificate_detail": {
        "url": lambda w: f"/evaluation/certificates/{w['evaluation']['certificate'].pk}/",
        "expect": expect(200, district2=404, producer=404, council=403),
    },
    "certificates:paper_create": {
        "url": "/evaluation/certificates/paper/new/",
        "expect": expect(403, province=200, admin=200),
    },
    "certificates:proposal_list": {
        "url": "/evaluation/certificates/proposals/",
        "expect": expect(403, province=200, admin=200, district=200, district2=200),
    },
    "certificates:proposal_action": {
        # an empty reason: refused with a message, nothing changes (the next role finds it pending)
        "url": lambda w: f"/evaluation/certificates/proposals/{w['evaluation']['proposal'].pk}/reject/",
        "method": "post",
        "data": {"reason": ""},
        "expect": expect(403, province=302, admin=302),
    },
    "certificates:inspection_list": {
        "url": "/evaluation/inspections/",
        "expect": expect(403, department=200, district2=200, **ORG),
    },
    "certificates:inspection_create": {
        "url": "/evaluation/inspections/new/",
        "expect": expect(403, department=200, province=200, admin=200),
    },
    "certificates:inspection_detail": {
        "url": lambda w: f"/evaluation/inspections/{w['evaluation']['inspection'].pk}/",
        "expect": expect(403, department=200, district2=404, **ORG),
    },
    "certificates:inspection_action": {
        "url": lambda w: f"/evaluation/inspections/{w['evaluation']['inspection'].pk}/propose/",
        "method": "post",
        "data": {"text": "Đề nghị thu hồi"},
        "expect": expect(403, province=302, admin=302),
    },
    "certificates:inspection_evidence": {
        "url": lambda w: f"/evaluation/evidence/{w['evaluation']['evidence'].pk}/",
        "expect": expect(404, department=200, **ORG),
    },
    "certificates:certificate_pdf": {
        "url": lambda w: f"/evaluation/certificates/{w['evaluation']['certificate'].pk}/pdf/",
        "expect": expect(200, district2=404, producer=404, council=404),
    },
    "certificates:decision_pdf": {
        "url": lambda w: f"/evaluation/decisions/{w['evaluation']['decision'].pk}/pdf/",
        "expect": expect(404, department=200, **ORG),
    },
    "certificates:decision_batch": {
        "url": lambda w: f"/evaluation/decisions/{w['evaluation']['decision'].pk}/certificates.zip",
        "method": "post",
        "expect": expect(404, **ORG_POST),
    },
    "certificates:pdf_job": {
        "url": lambda w: f"/evaluation/pdf-jobs/{w['evaluation']['job'].pk}/",
        "expect": expect(404, department=200, **ORG),
    },
    "certificates:pdf_job_download": {
        "url": lambda w: f"/evaluation/pdf-jobs/{w['evaluation']['job'].pk}/download/",
        "expect": expect(404, department=200, **ORG),
    },
    "evaluation:criteria_list": {"url": "/evaluation/criteria/", "expect": expect(200)},
    "evaluation:profile_list": {"url": "/evaluation/rule-sets/", "expect": expect(200)},
    "evaluation:criteria_detail": {
        "url": lambda w: f"/evaluation/criteria/{w['evaluation']['criteria_set'].pk}/",
        "expect": expect(200, producer=404),
    },
}
