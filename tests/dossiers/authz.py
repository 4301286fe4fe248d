"""Authorization-matrix rows for the dossier pages (/dossiers/...).

The world: a provincial 148 call; in Nam Phước (Duy Xuyên) a *submitted* dossier with one file
and a submitted commune report, and a *draft* dossier with a draft commune report. The producer
login owns neither product (own-producer access is tested in tests/dossiers/test_access.py).
"""

import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from accounts.models import AdministrativeUnit
from dossiers import workflows as wf
from dossiers.demo import tiny_pdf
from dossiers.models import (
    CommuneReport,
    CommuneReportItem,
    DocumentKind,
    Dossier,
    DossierCall,
    DossierDocument,
    SubmissionBatch,
)
from evaluation.models import Level
from products.models import RegulationVersion

ROLES = ("province", "department", "district", "district2", "commune", "council", "producer", "admin")
SAMPLE = "dossiers/authz/sample.pdf"


def expect(default, **roles):
    return {"anonymous": 302, **{r: default for r in ROLES}, **roles}


def build(world):
    from tests.dossiers.helpers import make_product

    today = timezone.localdate()
    call, _ = DossierCall.objects.get_or_create(
        year=today.year,
        level=Level.PROVINCE,
        issuing_unit=AdministrativeUnit.objects.get(code="49"),
        defaults={"regulation": RegulationVersion.objects.get(code="148-2023")},
    )
    batch, _ = SubmissionBatch.objects.get_or_create(
        call=call, number=1, defaults={"deadline": today + datetime.timedelta(days=30), "quota_percent": 50}
    )
    submitted = Dossier.objects.create(
        product=make_product(name="Bánh tráng authz"),
        year=call.year,
        call=call,
        status=wf.SUBMITTED,
        submitted_at=timezone.now(),
        submitted_on=today,
        batch=batch,
    )
    draft = Dossier.objects.create(product=make_product(name="Mật ong authz"), year=call.year, call=call)
    if not default_storage.exists(SAMPLE):
        default_storage.save(SAMPLE, ContentFile(tiny_pdf("authz")))
    kind = DocumentKind.objects.get(code="test-reports")
    document = DossierDocument.objects.create(
        dossier=submitted,
        kind=kind,
        file=SAMPLE,
        original_name="Phiếu kiểm nghiệm.pdf",
        size=default_storage.size(SAMPLE),
        sha256="0" * 64,
        content_type="application/pdf",
    )
    commune = AdministrativeUnit.objects.get(code="20599")
    report = CommuneReport.objects.create(
        commune=commune,
        call=call,
        status=wf.REPORT_SUBMITTED,
        submitted_at=timezone.now(),
        minutes=SAMPLE,  # the signed minutes (any stored PDF will do here)
        minutes_name="Biên bản họp.pdf",
    )
    CommuneReportItem.objects.create(report=report, dossier=submitted)
    draft_report = CommuneReport.objects.create(commune=commune, call=call)
    CommuneReportItem.objects.create(report=draft_report, dossier=draft)
    # the council user sits on a round that evaluates the submitted product
    from evaluation.models import CouncilMember, CriteriaSet, Round, RoundProduct

    round_ = Round.objects.create(
        name="Đợt thử quyền",
        year=today.year,
        level="district",
        unit=submitted.product.commune.parent,
        regulation=RegulationVersion.objects.get(code="148-2023"),
    )
    CouncilMember.objects.create(round=round_, user=world["users"]["council"])
    RoundProduct.objects.create(
        round=round_, product=submitted.product, criteria_set=CriteriaSet.objects.first()
    )
    world["dossiers"] = {
        "call": call,
        "submitted": submitted,
        "draft": draft,
        "document": document,
        "report": report,
        "draft_report": draft_report,
    }


def pk(key):
    return lambda w: w["dossiers"][key].pk


# The chain of the submitted Nam Phước dossier.
# Department staff read dossiers only as council members of a round that evaluates the product (404 here).
CHAIN = dict(
    province=200,
    admin=200,
    district=200,
    commune=200,
    council=200,
    district2=404,
    producer=404,
    department=404,
)
# Assemblers' POSTs end in a redirect with a message (nothing to save, or refused by the service).
ASSEMBLE_POST = expect(403, province=302, admin=302, district=302, district2=404)

ROWS = {
    "dossiers:list": {"url": "/dossiers/", "expect": expect(200)},
    "dossiers:create": {
        "url": "/dossiers/new/",
        "expect": expect(403, province=200, admin=200, district=200, district2=200),
    },
    "dossiers:detail": {
        "url": lambda w: f"/dossiers/{pk('submitted')(w)}/",
        "expect": expect(403, **CHAIN),
    },
    "dossiers:review": {
        "url": lambda w: f"/dossiers/{pk('submitted')(w)}/review/",
        "expect": expect(403, **CHAIN),
    },
    "dossiers:zip": {
        "url": lambda w: f"/dossiers/{pk('submitted')(w)}/download.zip",
        "expect": expect(403, **CHAIN),
    },
    "dossiers:document_file": {
        "url": lambda w: f"/dossiers/documents/{pk('document')(w)}/",
        "expect": expect(403, **CHAIN),
    },
    "dossiers:upload": {
        "url": lambda w: f"/dossiers/{pk('draft')(w)}/upload/",
        "method": "post",
        "expect": ASSEMBLE_POST,
    },
    "dossiers:onsite_check": {
        "url": lambda w: f"/dossiers/{pk('draft')(w)}/onsite-check/",
        "method": "post",
        "expect": ASSEMBLE_POST,
    },
    "dossiers:action": {
        "url": lambda w: f"/dossiers/{pk('draft')(w)}/do/submit/",  # refused: incomplete
        "method": "post",
        "data": {"confirmed": "1"},  # past the confirmation step
        "expect": ASSEMBLE_POST,
    },
    "dossiers:document_delete": {
        "url": lambda w: f"/dossiers/documents/{pk('document')(w)}/delete/",  # refused: submitted
        "method": "post",
        "expect": ASSEMBLE_POST,
    },
    "dossiers:return": {
        # the evaluating level of a provincial call: provincial staff
        "url": lambda w: f"/dossiers/{pk('submitted')(w)}/return/",
        "expect": expect(403, province=200, admin=200, district2=404),
    },
    "dossiers:calls": {"url": "/dossiers/calls/", "expect": expect(200, producer=403)},
    "dossiers:call_detail": {
        "url": lambda w: f"/dossiers/calls/{pk('call')(w)}/",
        "expect": expect(200, producer=403),
    },
    "dossiers:commune_reports": {
        "url": "/dossiers/commune-reports/",
        "expect": expect(200, department=403, producer=403),
    },
    "dossiers:commune_report_create": {
        "url": "/dossiers/commune-reports/new/",
        "expect": expect(403, commune=200),
    },
    "dossiers:commune_report_detail": {
        "url": lambda w: f"/dossiers/commune-reports/{pk('report')(w)}/",
        "expect": expect(200, department=403, producer=403, district2=404),
    },
    "dossiers:commune_report_edit": {
        "url": lambda w: f"/dossiers/commune-reports/{pk('draft_report')(w)}/edit/",
        "expect": expect(403, commune=200, admin=200),
    },
    "dossiers:commune_report_minutes": {
        "url": lambda w: f"/dossiers/commune-reports/{pk('report')(w)}/minutes/",
        "expect": expect(200, department=403, producer=403, district2=404),
    },
    "dossiers:commune_report_submit": {
        "url": lambda w: f"/dossiers/commune-reports/{pk('draft_report')(w)}/submit/",  # refused: empty
        "method": "post",
        "data": {"confirmed": "1"},
        "expect": expect(403, commune=302, admin=302),
    },
}
