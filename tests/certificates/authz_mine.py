"""Authorization-matrix rows for the producer's own pages (/my/, namespace "mine") and the staff list
of re-rating requests. The matrix's producer login is bound to no producer: it sees its (empty) home and
gets 404 on any product or certificate; staff get 403 on the producer's pages."""

from __future__ import annotations

STAFF = ("province", "department", "district", "district2", "commune", "council", "admin")
PRODUCER_ONLY = {"anonymous": 302, **{r: 403 for r in STAFF}}


def _cert(world):
    return world["evaluation"]["certificate"]


ROWS = {
    "mine:home": {"url": "/my/", "default": 200, "expect": PRODUCER_ONLY},
    "mine:product": {
        "url": lambda w: f"/my/products/{_cert(w).product_id}/",
        "default": 404,
        "expect": PRODUCER_ONLY,
    },
    "mine:rerating": {
        "url": lambda w: f"/my/certificates/{_cert(w).pk}/rerating/",
        "method": "post",
        "default": 404,
        "expect": PRODUCER_ONLY,
    },
    "certificates:rerating_requests": {
        "url": "/evaluation/rerating-requests/",
        "default": 403,
        "expect": {"anonymous": 302, "province": 200, "district": 200, "district2": 200, "admin": 200},
    },
}
