"""Authorization-matrix rows for /notifications/.

Every signed-in role has a notification list (its own). Marking read is POST only and works on
the user's own notifications: the one under test belongs to the Duy Xuyên district officer, so
every other role — DARD included — gets 404.
"""

from __future__ import annotations

LOGIN = 302


def build(world):
    from notifications.models import Notification

    world["notification"] = Notification.objects.create(
        recipient=world["users"]["district"], title="Nhắc hạn nộp hồ sơ (ma trận quyền)", url="/dossiers/"
    )


ROWS = {
    "notifications:list": {"url": "/notifications/", "default": 200, "expect": {"anonymous": LOGIN}},
    "notifications:read": {
        "url": lambda w: f"/notifications/{w['notification'].pk}/read/",
        "method": "post",
        "default": 404,
        "expect": {"anonymous": LOGIN, "district": 302},
    },
    "notifications:read_all": {"url": "/notifications/read-all/", "method": "post", "default": 302},
}
