"""Builders for dossier tests: calls, dossiers, sample files of every accepted (and refused) type."""

from __future__ import annotations

import datetime
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import AdministrativeUnit
from dossiers import checks, services
from dossiers import workflows as wf
from dossiers.demo import tiny_pdf, tiny_png
from dossiers.models import DossierCall, LocalCriterion, SubmissionBatch
from evaluation.models import Level
from products import workflows as pw
from products.models import RegulationVersion
from tests.factories import ProducerFactory, ProductFactory, group, unit

PDF = tiny_pdf("Test")
PNG = tiny_png(8, 8)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"


def office_zip(kind: str) -> bytes:
    """A minimal DOCX ("word") or XLSX ("xl") package: [Content_Types].xml plus the part folder."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        zf.writestr("_rels/.rels", "<Relationships/>")
        if kind == "docx":
            zf.writestr("word/document.xml", "<w:document/>")
        elif kind == "xlsx":
            zf.writestr("xl/workbook.xml", "<workbook/>")
        else:
            zf.writestr("readme.txt", "just a zip")
    return buf.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type)


def make_call(
    *,
    year: int | None = None,
    regulation: str = "148-2023",
    level: str = Level.PROVINCE,
    unit_code: str = "49",
    late_policy: str = DossierCall.LatePolicy.REFUSE,
    batches=((21, 50), (60, 100)),
) -> DossierCall:
    """A call with batches whose deadlines are ``days`` from today."""
    today = timezone.localdate()
    call, _ = DossierCall.objects.get_or_create(
        year=year or today.year,
        level=level,
        issuing_unit=AdministrativeUnit.objects.get(code=unit_code),
        defaults=dict(regulation=RegulationVersion.objects.get(code=regulation), late_policy=late_policy),
    )
    for n, (days, quota) in enumerate(batches, start=1):
        SubmissionBatch.objects.get_or_create(
            call=call,
            number=n,
            defaults=dict(deadline=today + datetime.timedelta(days=days), quota_percent=quota),
        )
    return call


def make_product(*, commune="20599", group_code="1.3", regulation="148-2023", producer=None, **kw):
    producer = producer or ProducerFactory(commune=unit(commune))
    return ProductFactory(
        producer=producer,
        commune=unit(commune),
        group=group(group_code, regulation),
        state=pw.IN_DEVELOPMENT,
        **kw,
    )


def make_dossier(call, by, **product_kw):
    return services.create_dossier(product=make_product(**product_kw), call=call, by=by)


def fill_required(dossier, by, *, skip=()):
    """Upload one small file for every required uploaded kind (except ``skip`` codes)."""
    for rule in checks.applicable_rules(dossier.call.regulation, dossier.product.group):
        if rule.required and rule.kind.is_uploaded and rule.kind.code not in skip:
            services.add_documents(
                dossier,
                kind=rule.kind,
                files=[upload(f"{rule.kind.code}.pdf", tiny_pdf(rule.kind.code))],
                by=by,
            )


def attest(dossier, by):
    return services.attest_onsite_check(dossier, by=by, checked_on=timezone.localdate(), note="OK")


def file_commune_report(commune_user, call, *, submit=True):
    """The commune official assesses every waiting product of the commune and (optionally) submits."""
    report = services.start_commune_report(commune=commune_user.unit, call=call, by=commune_user)
    criteria = list(LocalCriterion.objects.filter(regulation=call.regulation).prefetch_related("options"))
    answers = {
        (item.pk, c.pk): (c.options.all()[0].pk, "ghi chú") for item in report.items.all() for c in criteria
    }
    services.save_commune_report(
        report,
        by=commune_user,
        meeting_date=timezone.localdate(),
        chair_name="Nguyễn Văn Chủ Tịch",
        chair_title="Chủ tịch UBND",
        participants="A\nB",
        answers=answers,
        minutes=upload("Biên bản họp.pdf", tiny_pdf("biên bản"), "application/pdf"),
    )
    if submit:
        report = services.submit_commune_report(report, by=commune_user)
    return report


def ready_dossier(call, district_user, commune_user=None, **product_kw):
    """A dossier that may be submitted: files, attestation and (148) the commune report."""
    dossier = make_dossier(call, district_user, **product_kw)
    fill_required(dossier, district_user)
    attest(dossier, district_user)
    if call.regulation.has_commune_step and commune_user is not None:
        file_commune_report(commune_user, call)
    dossier.refresh_from_db()
    assert dossier.status == wf.DRAFT
    return dossier
