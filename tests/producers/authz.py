"""Authorization-matrix rows for the producers registry (/producers/...).

The producer under test is in Thị trấn Nam Phước (Duy Xuyên): district2 (Đại Lộc) and council
members do not see it (404); department staff and the commune see it read-only (403 on changes);
producer accounts have no access to the staff registry (403).
"""

from __future__ import annotations

LOGIN = 302
STAFF_ONLY = {"anonymous": LOGIN, "producer": 403}
REGISTRARS = {"anonymous": LOGIN, "department": 403, "commune": 403, "council": 403, "producer": 403}
VIEW_ONE = {"anonymous": LOGIN, "district2": 404, "council": 404, "producer": 403}
CHANGE_ONE = {**VIEW_ONE, "department": 403, "commune": 403}


def build(world):
    from producers.models import OrganisationEvent
    from tests.factories import ProducerFactory

    producer = ProducerFactory(name="HTX Ma trận quyền")
    event = OrganisationEvent.objects.create(producer=producer, year=2025, kind="founded")
    world["producers"] = {"producer": producer, "event": event}


def _producer(world):
    return world["producers"]["producer"]


def _ensure_event(world):
    """The delete row removes the event: put it back before each role's request."""
    from producers.models import OrganisationEvent

    event = world["producers"]["event"]
    OrganisationEvent.objects.get_or_create(
        pk=event.pk, defaults={"producer": event.producer, "year": event.year, "kind": event.kind}
    )
    return {}


ROWS = {
    "producers:list": {"url": "/producers/", "default": 200, "expect": STAFF_ONLY},
    "producers:create": {"url": "/producers/new/", "default": 200, "expect": REGISTRARS},
    "producers:detail": {
        "url": lambda w: f"/producers/{_producer(w).pk}/",
        "default": 200,
        "expect": VIEW_ONE,
    },
    "producers:update": {
        "url": lambda w: f"/producers/{_producer(w).pk}/edit/",
        "default": 200,
        "expect": CHANGE_ONE,
    },
    "producers:event_create": {
        "url": lambda w: f"/producers/{_producer(w).pk}/events/",
        "method": "post",
        "data": {"kind": "consolidated", "year": 2025},
        "default": 302,
        "expect": CHANGE_ONE,
    },
    "producers:event_delete": {
        "url": lambda w: f"/producers/{_producer(w).pk}/events/{w['producers']['event'].pk}/delete/",
        "method": "post",
        "data": _ensure_event,
        "default": 302,
        "expect": CHANGE_ONE,
    },
}
