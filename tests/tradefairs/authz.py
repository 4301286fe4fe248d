"""Authorization-matrix rows for sales points (/sales-points/) and fairs (/fairs/).

Public pages: 200 for everyone. Staff pages: producers 403, anonymous to the login page. The sales
point under test is in Duy Xuyên (district manages it; district2 gets 404; the commune and council
read it, 403 on changes); the trade department (the "department" role is Sở Công Thương) manages
fairs and sales points. POST rows are built so that nothing changes (a refused move redirects back),
so every role meets the same state.
"""

from __future__ import annotations

LOGIN = 302
STAFF = {"anonymous": LOGIN, "producer": 403}
FAIR_MANAGERS = {
    "anonymous": LOGIN,
    "district": 403,
    "district2": 403,
    "commune": 403,
    "council": 403,
    "producer": 403,
}
POINT_CHANGE = {"anonymous": LOGIN, "district2": 404, "commune": 403, "council": 403, "producer": 403}


def build(world):
    import datetime

    from django.utils import timezone

    from tests.catalog import helpers as h
    from tradefairs import services
    from tradefairs.models import Fair

    today = timezone.localdate()
    duy_xuyen = h.certified("Sản phẩm hội chợ ma trận", commune="20599")
    dai_loc_commune = h.unit("506").children.order_by("code").first()
    h.certified("Sản phẩm Đại Lộc ma trận", commune=dai_loc_commune.code)
    point = services.create_sales_point(
        by=None, name="Điểm bán ma trận", address="Chợ", district=h.unit("508"), products=[duy_xuyen]
    )
    upcoming = Fair.objects.create(
        name="Hội chợ sắp tới ma trận",
        city="Hà Nội",
        start_date=today + datetime.timedelta(days=20),
        end_date=today + datetime.timedelta(days=23),
    )
    running = Fair.objects.create(
        name="Hội chợ đang diễn ra ma trận",
        city="Hội An",
        start_date=today - datetime.timedelta(days=5),
        end_date=today + datetime.timedelta(days=2),
    )
    past = Fair.objects.create(
        name="Hội chợ đã qua ma trận",
        city="Tam Kỳ",
        start_date=datetime.date(2023, 5, 1),
        end_date=datetime.date(2023, 5, 4),
    )
    Fair.objects.filter(pk=running.pk).update(start_date=today + datetime.timedelta(days=1))
    running.refresh_from_db()
    participation = services.register_participation(
        running, duy_xuyen.producer, products=[duy_xuyen], by=None
    )
    Fair.objects.filter(pk=running.pk).update(start_date=today - datetime.timedelta(days=5))
    world["tradefairs"] = {
        "point": point,
        "upcoming": upcoming,
        "running": running,
        "past": past,
        "participation": participation,
    }


def _tf(key):
    return lambda w: w["tradefairs"][key]


ROWS = {
    "tradefairs:salespoint_list": {"url": "/sales-points/", "default": 200},
    "tradefairs:salespoint_detail": {
        "url": lambda w: f"/sales-points/{w['tradefairs']['point'].pk}/",
        "default": 200,
    },
    "tradefairs:salespoint_manage": {"url": "/sales-points/manage/", "default": 200, "expect": STAFF},
    "tradefairs:salespoint_create": {
        "url": "/sales-points/new/",
        "default": 200,
        "expect": {"anonymous": LOGIN, "commune": 403, "council": 403, "producer": 403},
    },
    "tradefairs:salespoint_edit": {
        "url": lambda w: f"/sales-points/{w['tradefairs']['point'].pk}/edit/",
        "default": 200,
        "expect": POINT_CHANGE,
    },
    "tradefairs:salespoint_status": {
        # "reopen" an open point: refused with a message and a redirect, nothing changes
        "url": lambda w: f"/sales-points/{w['tradefairs']['point'].pk}/status/",
        "method": "post",
        "data": {"action": "reopen"},
        "default": 302,
        "expect": {"district2": 404, "commune": 403, "council": 403, "producer": 403},
    },
    "tradefairs:fair_list": {"url": "/fairs/", "default": 200},
    "tradefairs:fair_detail": {"url": lambda w: f"/fairs/{w['tradefairs']['upcoming'].pk}/", "default": 200},
    "tradefairs:fair_manage": {"url": "/fairs/manage/", "default": 200, "expect": STAFF},
    "tradefairs:fair_create": {"url": "/fairs/new/", "default": 200, "expect": FAIR_MANAGERS},
    "tradefairs:fair_edit": {
        "url": lambda w: f"/fairs/{w['tradefairs']['upcoming'].pk}/edit/",
        "default": 200,
        "expect": FAIR_MANAGERS,
    },
    "tradefairs:fair_results": {
        "url": lambda w: f"/fairs/{w['tradefairs']['past'].pk}/results/",
        "default": 200,
        "expect": FAIR_MANAGERS,
    },
    "tradefairs:participation_create": {
        "url": lambda w: f"/fairs/{w['tradefairs']['upcoming'].pk}/register/",
        "default": 200,
        # district officers register their district's producers; producers need a producer account
        "expect": {"anonymous": LOGIN, "commune": 403, "council": 403, "producer": 403},
    },
    "tradefairs:participation_withdraw": {
        # the fair has started: the withdrawal is refused with a message, nothing changes
        "url": lambda w: (
            f"/fairs/{w['tradefairs']['running'].pk}/participations/{w['tradefairs']['participation'].pk}/withdraw/"
        ),
        "method": "post",
        "default": 302,
        "expect": {"district2": 404, "commune": 403, "council": 404, "producer": 404},
    },
}
