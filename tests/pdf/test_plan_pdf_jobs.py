# ruff: noqa: F811 - the fixtures imported from tests.pdf.test_plan_pdf are test arguments
"""Issue 15: the plan PDF answers within a second. It is laid out ahead of the request by a Celery task
and stored under its HTML's digest; the download serves it, or answers at once with a page that polls
while the render (queued once per digest) runs; a broker that is down never holds the request."""

import time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from ocop_portal import pdf as documents
from ocop_portal.celery import app
from plans import pdf_jobs, services
from plans import tasks as plan_tasks
from plans.models import PlanProduct
from plans.pdf import plan_html, render_plan_pdf, stored_pdf
from plans.tasks import render_plan_pdf as render_task
from products.models import Product
from tests.hardening.test_queue_down import redis_down  # noqa: F401 - the fixture
from tests.pdf.test_plan_pdf import flat, plan  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def queued():
    """Tasks go to the test settings' broker (Redis) as in production: nothing runs them but the test."""
    saved = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = saved


@pytest.fixture
def sent(monkeypatch, queued):
    """The renders sent to the queue (really sent: the spy calls the real ``enqueue``)."""
    calls = []
    real = plan_tasks.enqueue

    def spy(task, *args, **kwargs):
        calls.append(args)
        return real(task, *args, **kwargs)

    monkeypatch.setattr(plan_tasks, "enqueue", spy)
    return calls


@pytest.fixture
def dard(plan):
    client = Client()
    client.force_login(User.objects.get(username="dard_plan"))
    return client


def url(plan):
    return f"/plans/{plan.pk}/plan.pdf"


def digest(plan):
    return documents.html_digest(plan_html(plan))


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    return flat(b"".join(response.streaming_content))[0]


def test_a_miss_answers_with_a_polling_page_and_queues_the_render_once(plan, dard, sent):
    page = dard.get(url(plan))
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    html = page.content.decode()
    assert "Đang chuẩn bị bản PDF của kế hoạch" in html
    assert f'hx-get="{url(plan)}"' in html and 'data-hx-trigger="every 1s"' in html
    assert f'href="{url(plan)}"' in html and "Kiểm tra lại" in html  # without JavaScript: ask again
    assert sent == [(plan.pk, digest(plan))]
    # the polls and a second click while it renders queue nothing more
    assert 'data-hx-trigger="every 1s"' in dard.get(url(plan), HTTP_HX_REQUEST="true").content.decode()
    dard.get(url(plan))
    assert len(sent) == 1
    # the worker lays it out: the poll stops and offers it, the link serves it
    render_task.apply(args=(plan.pk, digest(plan)))
    fragment = dard.get(url(plan), HTTP_HX_REQUEST="true").content.decode()
    assert "Mở kế hoạch (PDF)" in fragment and "hx-get" not in fragment
    response = dard.get(url(plan))
    assert response["Content-Disposition"] == f'inline; filename="ke-hoach-ocop-{plan.year}.pdf"'
    assert "Bánh tráng số 79 Đại Lộc" in pdf_text(response)


def test_a_stored_pdf_is_served_without_layout_and_in_constant_queries(plan, dard, monkeypatch):
    render_plan_pdf(plan)
    layout = documents.html_to_pdf

    def no_layout(html):
        raise AssertionError("laid out in the request")

    monkeypatch.setattr(documents, "html_to_pdf", no_layout)
    with CaptureQueriesContext(connection) as small:
        assert "KẾ HOẠCH" in pdf_text(dard.get(url(plan)))
    producer = plan.plan_products.first().product.producer
    for i in range(20):
        product = Product.objects.create(
            name=f"Nước mắm số {i:02d}", producer=producer, commune=producer.commune, group_id=1
        )
        PlanProduct.objects.create(plan=plan, product=product, kind="new")
    monkeypatch.setattr(documents, "html_to_pdf", layout)
    render_plan_pdf(plan)
    monkeypatch.setattr(documents, "html_to_pdf", no_layout)
    with CaptureQueriesContext(connection) as large:
        assert "Nước mắm số 19" in pdf_text(dard.get(url(plan)))
    assert len(large) == len(small)


def test_a_changed_plan_is_never_served_its_old_pdf(plan, dard, sent):
    render_plan_pdf(plan)
    old = stored_pdf(plan.pk, digest(plan))
    plan.title = "Kế hoạch triển khai Chương trình OCOP năm 2023 (sửa đổi)"
    plan.save()
    assert dard.get(url(plan))["Content-Type"].startswith("text/html")
    assert sent == [(plan.pk, digest(plan))]
    render_task.apply(args=(plan.pk, digest(plan)))
    assert "(sửa đổi)" in pdf_text(dard.get(url(plan)))
    assert not old.exists()  # one stored PDF a plan


def test_the_progress_page_costs_the_same_queries_whatever_the_plan_size(plan, dard, sent):
    with CaptureQueriesContext(connection) as large:
        dard.get(url(plan), HTTP_HX_REQUEST="true")
    PlanProduct.objects.filter(plan=plan).exclude(
        pk__in=plan.plan_products.order_by("pk").values("pk")[:25]
    ).delete()
    with CaptureQueriesContext(connection) as smaller:
        dard.get(url(plan), HTTP_HX_REQUEST="true")
    assert len(smaller) == len(large)


def test_a_small_plan_is_laid_out_in_the_request(plan, dard, sent, monkeypatch):
    monkeypatch.setattr(pdf_jobs, "INLINE_MAX_PRODUCTS", plan.plan_products.count())
    assert "Bánh tráng số 79 Đại Lộc" in pdf_text(dard.get(url(plan)))
    assert sent == []


def test_the_embedded_mode_renders_on_the_miss(plan, dard):
    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True  # no worker: the task runs in the request
    try:
        assert "KẾ HOẠCH" in pdf_text(dard.get(url(plan)))
    finally:
        app.conf.task_always_eager = saved


def test_a_queue_that_is_down_does_not_hold_the_request(plan, dard, redis_down, monkeypatch):
    from django.core.cache import cache

    calls = []
    real = plan_tasks.enqueue
    monkeypatch.setattr(plan_tasks, "enqueue", lambda task, *a: calls.append(a) or real(task, *a))
    started = time.monotonic()
    page = dard.get(url(plan)).content.decode()
    assert time.monotonic() - started <= 2
    assert "Hàng đợi xử lý hiện không hoạt động" in page and "every 1s" in page
    # the polls do not knock on the broker every second, only every RETRY_SECONDS
    dard.get(url(plan), HTTP_HX_REQUEST="true")
    assert len(calls) == 1
    cache.delete(pdf_jobs._key(plan.pk, digest(plan)))  # RETRY_SECONDS later
    assert "Hàng đợi" in dard.get(url(plan), HTTP_HX_REQUEST="true").content.decode()
    assert len(calls) == 2


def test_a_failed_render_is_reported(plan, dard, sent, monkeypatch):
    dard.get(url(plan))

    def broken(html):
        raise RuntimeError("WeasyPrint failed")

    monkeypatch.setattr(documents, "html_to_pdf", broken)
    with pytest.raises(RuntimeError):  # CELERY_TASK_EAGER_PROPAGATES; a worker logs it
        render_task.apply(args=(plan.pk, digest(plan)))
    assert "Chuẩn bị bản PDF không thành công" in dard.get(url(plan)).content.decode()
    assert len(sent) == 1


def test_publication_and_amendments_queue_the_layout_ahead(
    plan,
    sent,
    django_capture_on_commit_callbacks,
):
    user = User.objects.get(username="dard_plan")
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_plan(plan, by=user)
    assert sent == [(plan.pk,)]
    render_task.apply(args=(plan.pk,))
    assert stored_pdf(plan.pk, digest(plan))
    with django_capture_on_commit_callbacks(execute=True):
        services.update_plan(plan, by=user, reason="Sửa tên", title="Kế hoạch OCOP năm 2023 (sửa đổi)")
    assert sent == [(plan.pk,), (plan.pk,)]
    plan.refresh_from_db()
    assert stored_pdf(plan.pk, digest(plan)) is None
    render_task.apply(args=(plan.pk,))
    assert stored_pdf(plan.pk, digest(plan))
