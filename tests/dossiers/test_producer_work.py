"""The producer's own work through its services (issue 18): idea, business plan, evidence, "complete",
reply — each feeding the officer's records, never bypassing the officer (no submission by a producer)."""

import pytest
from django.utils import translation

from accounts.models import Role, User
from dossiers import producer_work, services
from dossiers import workflows as wf
from dossiers.models import DocumentKind, DossierTransition, ProducerMessage
from ocop_portal.workflow import TransitionRefused
from producers.models import ProducerAccount
from products import services as product_services
from products import workflows as pw
from products.models import Product
from tests.factories import ProducerFactory, group, unit

from .helpers import PDF, PNG, attest, fill_required, make_dossier, upload

pytestmark = pytest.mark.django_db


def producer_login(producer, name="chu_the"):
    user = User.objects.create_user(name, password="x", role=Role.PRODUCER)
    ProducerAccount.objects.create(user=user, producer=producer)
    return user


@pytest.fixture
def own(call, users):
    """A draft dossier (Nam Phước) and a login of its producer."""
    dossier = make_dossier(call, users["district"])
    return dossier, producer_login(dossier.product.producer)


def kind(code="test-reports"):
    return DocumentKind.objects.get(code=code)


def test_idea_is_a_product_at_step_2_in_the_producers_commune(users):
    producer = ProducerFactory(commune=unit("20599"))
    me = producer_login(producer)
    product = producer_work.register_idea(
        by=me,
        name="Trà thảo mộc Nam Phước",
        group=group("1.3"),
        origin="new",
        idea="Trà từ lá vối",
        market="Hội An",
    )
    assert product.state == pw.IDEA_REGISTERED and product.cycle_step == 2
    assert product.producer == producer and product.commune == producer.commune
    assert product.idea_registration.market == "Hội An"
    assert product.transitions.get().by == me
    # on the district officer's list like any idea
    from accounts import access

    assert access.visible(users["district"], Product).filter(pk=product.pk, state=pw.IDEA_REGISTERED).exists()


def test_idea_refused_for_staff_and_unlinked_logins(users):
    for user in (users["district"], users["producer"]):
        with pytest.raises(TransitionRefused):
            producer_work.register_idea(by=user, name="X", group=group("1.3"), origin="new", idea="y")
    assert not Product.objects.filter(name="X").exists()


def accepted_idea(users):
    producer = ProducerFactory(commune=unit("20599"))
    me = producer_login(producer)
    product = producer_work.register_idea(
        by=me, name="Bánh ít lá gai", group=group("1.3"), origin="new", idea="i"
    )
    product_services.transition(product, "accept_idea", by=users["district"])
    return product, me


PLAN = dict(summary="Mở rộng sản xuất", production="Xưởng 200 m²", market="Siêu thị", capital_vnd=150_000_000)


def test_business_plan_moves_the_product_to_step_3_and_twice_is_refused(users):
    product, me = accepted_idea(users)
    with pytest.raises(TransitionRefused):  # before the idea is accepted? here: wrong state for others
        producer_work.submit_business_plan(product, by=users["producer"], **PLAN)
    plan = producer_work.submit_business_plan(product, by=me, upload=upload("pa.pdf", PDF), **PLAN)
    product.refresh_from_db()
    assert (
        product.state == pw.PLAN_SUBMITTED
        and plan.original_name == "pa.pdf"
        and plan.capital_vnd == 150_000_000
    )
    assert product.transitions.latest("at").by == me
    with pytest.raises(TransitionRefused, match="already sent"):
        producer_work.submit_business_plan(product, by=me, **PLAN)
    # returned by the district → corrected and sent again, same row
    product_services.transition(product, "return_plan", by=users["district"], reason="Thiếu vốn")
    again = producer_work.submit_business_plan(product, by=me, **{**PLAN, "summary": "Bản sửa"})
    assert again.pk == plan.pk and again.times_submitted == 2 and again.summary == "Bản sửa"


def test_business_plan_with_a_wrong_file_type_is_refused_in_vietnamese_and_nothing_moves(users, stored_files):
    product, me = accepted_idea(users)
    with translation.override("vi"), pytest.raises(TransitionRefused) as refused:
        producer_work.submit_business_plan(
            product, by=me, upload=upload("pa.pdf", b"MZ\x90\x00 not a pdf"), **PLAN
        )
    assert "pa.pdf" in refused.value.message and "chỉ nhận tệp" in refused.value.message
    product.refresh_from_db()
    assert product.state == pw.IDEA_ACCEPTED and not stored_files()


def test_producer_adds_documents_to_own_draft_only(own, users, call):
    dossier, me = own
    (doc,) = producer_work.add_documents(dossier, kind=kind(), files=[upload("kn.pdf", PDF)], by=me)
    assert doc.uploaded_by == me
    assert DossierTransition.objects.filter(dossier=dossier, name="producer_upload", by=me).exists()
    other_dossier = make_dossier(call, users["district"])
    with pytest.raises(TransitionRefused):
        producer_work.add_documents(other_dossier, kind=kind(), files=[upload("kn2.pdf", PDF + b"2")], by=me)
    # a producer removes what their logins added, not the officer's documents
    (officer_doc,) = services.add_documents(
        dossier, kind=kind("photos"), files=[upload("a.png", PNG)], by=users["district"]
    )
    with pytest.raises(TransitionRefused, match="officer"):
        producer_work.delete_document(officer_doc, by=me)
    producer_work.delete_document(doc, by=me)
    assert not dossier.documents.filter(pk=doc.pk).exists()


def test_wrong_file_type_refused_in_vietnamese(own):
    dossier, me = own
    with translation.override("vi"), pytest.raises(TransitionRefused) as refused:
        producer_work.add_documents(dossier, kind=kind(), files=[upload("kn.pdf", b"GIF89a fake")], by=me)
    assert "kn.pdf" in refused.value.message and "chỉ nhận tệp" in refused.value.message
    assert not dossier.documents.exists()


def test_producer_cannot_submit_and_cannot_change_a_submitted_dossier(own, users):
    dossier, me = own
    fill_required(dossier, users["district"])
    attest(dossier, users["district"])
    with pytest.raises(TransitionRefused):
        services.submit_dossier(dossier, by=me)
    with pytest.raises(TransitionRefused):
        services.attest_onsite_check(dossier, by=me, checked_on=dossier.onsite_checked_on)
    dossier.refresh_from_db()
    assert dossier.status == wf.DRAFT
    from .helpers import file_commune_report

    file_commune_report(users["commune"], dossier.call)
    services.submit_dossier(dossier, by=users["district"])
    with pytest.raises(TransitionRefused, match="draft or returned"):
        producer_work.add_documents(dossier, kind=kind("photos"), files=[upload("b.png", PNG)], by=me)
    with pytest.raises(TransitionRefused):
        producer_work.mark_ready(dossier, by=me)


def test_mark_ready_needs_the_required_files_and_is_not_repeated_without_change(own, users):
    dossier, me = own
    with pytest.raises(TransitionRefused, match="missing"):
        producer_work.mark_ready(dossier, by=me)
    fill_required(dossier, me)
    message = producer_work.mark_ready(dossier, by=me, note="Đủ rồi")
    assert message.kind == ProducerMessage.Kind.READY
    dossier.refresh_from_db()
    assert dossier.status == wf.DRAFT  # the officer still checks, attests and submits
    with pytest.raises(TransitionRefused, match="already reported"):
        producer_work.mark_ready(dossier, by=me)
    producer_work.add_documents(dossier, kind=kind("photos"), files=[upload("c.png", PNG)], by=me)
    producer_work.mark_ready(dossier, by=me)
    assert dossier.producer_messages.count() == 2


def test_reply_to_a_returned_dossier_with_new_files(own, users):
    dossier, me = own
    with pytest.raises(TransitionRefused, match="returned"):
        producer_work.reply_to_return(dossier, by=me, text="x")
    from .helpers import file_commune_report

    fill_required(dossier, users["district"])
    attest(dossier, users["district"])
    file_commune_report(users["commune"], dossier.call)
    services.submit_dossier(dossier, by=users["district"])
    services.return_dossier(dossier, by=users["province"], general="Bổ sung phiếu kiểm nghiệm mới")
    dossier.refresh_from_db()
    with pytest.raises(TransitionRefused, match="Write"):
        producer_work.reply_to_return(dossier, by=me, text="  ")
    message = producer_work.reply_to_return(
        dossier, by=me, text="Đã bổ sung", kind=kind(), files=[upload("kn-moi.pdf", PDF + b"new")]
    )
    assert [d.original_name for d in message.documents.all()] == ["kn-moi.pdf"]
    assert DossierTransition.objects.filter(dossier=dossier, name="producer_reply").exists()
    # a refused file leaves no message behind
    with pytest.raises(TransitionRefused):
        producer_work.reply_to_return(
            dossier, by=me, text="lần 2", kind=kind(), files=[upload("x.pdf", b"bad")]
        )
    assert dossier.producer_messages.count() == 1
