"""The bell in the navbar, the notification list, marking read (one, all; htmx)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notifications.models import Notification
from notifications.services import notify


@pytest.fixture
def inbox(users):
    district = users["district"]
    return {
        "unread": [
            notify(district, title="Nhắc hạn nộp hồ sơ lô 1", url="/dossiers/"),
            notify(district, title="Giấy chứng nhận sắp hết hạn", body="Chi tiết thông báo"),
        ],
        "read": Notification.objects.create(recipient=district, title="Đã đọc rồi", read_at=timezone.now()),
        "other": notify(users["district2"], title="Thông báo của Đại Lộc"),
    }


def test_bell_shows_the_unread_count(inbox, client_for):
    page = client_for("district").get("/dashboard/").content.decode()
    assert 'id="notification-bell"' in page and 'data-unread="2"' in page
    assert 'data-unread="1"' in client_for("district2").get("/dashboard/").content.decode()
    assert "data-unread" not in client_for("province").get("/dashboard/").content.decode()
    assert 'id="notification-bell"' not in client_for("anonymous").get("/").content.decode()


def test_bell_count_is_cached_between_pages(inbox, client_for):
    client = client_for("district")
    client.get("/dashboard/")
    with CaptureQueriesContext(connection) as ctx:
        client.get("/dashboard/")
    assert not [q for q in ctx.captured_queries if "notifications_notification" in q["sql"]]


def test_list_shows_only_my_notifications(inbox, client_for):
    client = client_for("district")
    page = client.get("/notifications/").content.decode()
    assert "Nhắc hạn nộp hồ sơ lô 1" in page and "Đã đọc rồi" in page and "Chi tiết thông báo" in page
    assert "Thông báo của Đại Lộc" not in page
    unread = client.get("/notifications/", {"unread": "true"}).content.decode()
    assert "Nhắc hạn nộp hồ sơ lô 1" in unread and "Đã đọc rồi" not in unread


def test_mark_one_read_updates_the_bell(inbox, client_for):
    client = client_for("district")
    client.get("/dashboard/")  # count cached
    target = inbox["unread"][1]
    response = client.post(f"/notifications/{target.pk}/read/")
    assert response.status_code == 302 and response["Location"] == "/notifications/"
    target.refresh_from_db()
    assert target.read_at is not None
    assert 'data-unread="1"' in client.get("/dashboard/").content.decode()


def test_open_marks_read_and_follows_the_link(inbox, client_for):
    target = inbox["unread"][0]
    response = client_for("district").post(f"/notifications/{target.pk}/read/", {"open": "1"})
    assert response.status_code == 302 and response["Location"] == "/dossiers/"
    target.refresh_from_db()
    assert target.is_read


def test_mark_read_with_htmx_returns_the_row_and_the_bell(inbox, client_for):
    target = inbox["unread"][0]
    response = client_for("district").post(f"/notifications/{target.pk}/read/", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="notification-actions-{target.pk}"' in html and 'hx-swap-oob="true"' in html
    assert 'data-unread="1"' in html


def test_mark_all_read(inbox, client_for):
    client = client_for("district")
    response = client.post("/notifications/read-all/")
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=inbox["read"].recipient, read_at__isnull=True).exists()
    assert Notification.objects.get(pk=inbox["other"].pk).read_at is None  # someone else's: untouched
    assert "data-unread" not in client.get("/dashboard/").content.decode()


def test_someone_elses_notification_is_404_and_get_is_refused(inbox, client_for):
    other = inbox["other"]
    assert client_for("district").post(f"/notifications/{other.pk}/read/").status_code == 404
    assert client_for("province").post(f"/notifications/{other.pk}/read/").status_code == 404
    assert client_for("district2").get(f"/notifications/{other.pk}/read/").status_code == 405
    assert Notification.objects.get(pk=other.pk).read_at is None


def test_unsafe_next_is_ignored(inbox, client_for):
    target = inbox["unread"][1]
    response = client_for("district").post(
        f"/notifications/{target.pk}/read/", {"next": "https://evil.example/"}
    )
    assert response["Location"] == "/notifications/"
