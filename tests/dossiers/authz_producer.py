"""Authorization-matrix rows for the producer's own pages (/producer/..., issue 18).

The matrix's producer login is linked to no producer: every object page answers 404 for it (the rows
belong to other producers) and 403 for staff. Own-producer access (200, changes) is tested in
tests/dossiers/test_producer_views.py. A business plan is read by the product's chain too.
"""

from django.utils import timezone

from dossiers.models import BusinessPlan

from .authz import SAMPLE, expect, pk

PRODUCER_ONLY = expect(403, producer=200)
NOT_OWN = expect(403, producer=404)
PLAN_CHAIN = expect(
    403, province=200, admin=200, district=200, commune=200, department=200, district2=404, producer=404
)


def build(world):
    draft = world["dossiers"]["draft"]
    plan = BusinessPlan.objects.create(
        product=draft.product,
        summary="Phương án thử quyền",
        production="Sản xuất thủ công",
        market="Chợ huyện",
        file=SAMPLE,
        original_name="phuong-an.pdf",
        content_type="application/pdf",
        submitted_at=timezone.now(),
    )
    world["dossiers"]["plan"] = plan
    world["dossiers"]["product"] = draft.product


ROWS = {
    "dossiers:producer_work": {"url": "/producer/work/", "expect": PRODUCER_ONLY},
    "dossiers:producer_idea": {"url": "/producer/ideas/new/", "expect": PRODUCER_ONLY},
    "dossiers:producer_plan_form": {
        "url": lambda w: f"/producer/products/{pk('product')(w)}/plan/",
        "expect": NOT_OWN,
    },
    "dossiers:producer_plan": {"url": lambda w: f"/producer/plans/{pk('plan')(w)}/", "expect": PLAN_CHAIN},
    "dossiers:producer_plan_file": {
        "url": lambda w: f"/producer/plans/{pk('plan')(w)}/file/",
        "expect": PLAN_CHAIN,
    },
    "dossiers:producer_dossier": {
        "url": lambda w: f"/producer/dossiers/{pk('draft')(w)}/",
        "expect": NOT_OWN,
    },
    "dossiers:producer_upload": {
        "url": lambda w: f"/producer/dossiers/{pk('draft')(w)}/upload/",
        "method": "post",
        "expect": NOT_OWN,
    },
    "dossiers:producer_ready": {
        "url": lambda w: f"/producer/dossiers/{pk('draft')(w)}/ready/",
        "method": "post",
        "expect": NOT_OWN,
    },
    "dossiers:producer_reply": {
        "url": lambda w: f"/producer/dossiers/{pk('draft')(w)}/reply/",
        "method": "post",
        "expect": NOT_OWN,
    },
    "dossiers:producer_document_delete": {
        "url": lambda w: f"/producer/documents/{pk('document')(w)}/delete/",
        "method": "post",
        "expect": NOT_OWN,
    },
}
