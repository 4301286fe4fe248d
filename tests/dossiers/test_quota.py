"""Batch quotas: pure arithmetic, batch choice, and per-district progress."""

import datetime

import pytest
from django.utils import timezone

from dossiers import checks, services
from dossiers.models import CallDistrictQuota, SubmissionBatch
from tests.factories import unit

from .helpers import make_call, make_dossier, ready_dossier


@pytest.mark.parametrize(
    "registered, percent, needed",
    [
        (7, 50, 4),  # the 2022 plan: at least 50 %, rounded up
        (8, 50, 4),
        (1, 50, 1),
        (0, 50, 0),
        (10, 100, 10),  # batch 2: the rest
        (3, 33, 1),
        (3, 34, 2),
        (333, 70, 234),
        (5, 0, 0),
        (5, 150, 5),  # capped at 100 %
    ],
)
def test_quota_needed_is_a_ceiling_in_integers(registered, percent, needed):
    assert checks.quota_needed(registered, percent) == needed


def test_quota_progress():
    p = checks.quota_progress(7, 3, 50)
    assert (p.needed, p.submitted, p.met, p.remaining, p.percent_of_needed) == (4, 3, False, 1, 75)
    p = checks.quota_progress(7, 5, 50)
    assert p.met and p.remaining == 0 and p.percent_of_needed == 100
    assert checks.quota_progress(0, 0, 50).met


def test_pick_batch():
    d = datetime.date
    b1 = SubmissionBatch(number=1, deadline=d(2022, 7, 15), quota_percent=50)
    b2 = SubmissionBatch(number=2, deadline=d(2022, 9, 15), quota_percent=100)
    assert checks.pick_batch([b2, b1], d(2022, 7, 1)) == (b1, False)
    assert checks.pick_batch([b1, b2], d(2022, 7, 15)) == (b1, False)
    assert checks.pick_batch([b1, b2], d(2022, 7, 16)) == (b2, False)
    assert checks.pick_batch([b1, b2], d(2022, 9, 16)) == (b2, True)
    assert checks.pick_batch([], d(2022, 9, 16)) == (None, False)


@pytest.mark.django_db
def test_district_progress_counts_dossiers_submitted_by_each_deadline(users):
    call = make_call(batches=((10, 50), (40, 100)))
    district, commune = users["district"], users["commune"]
    submitted = [ready_dossier(call, district) for _ in range(3)]
    from .helpers import file_commune_report

    file_commune_report(commune, call)
    for d in submitted:
        services.submit_dossier(d, by=district)
    for _ in range(4):
        make_dossier(call, district)  # registered, still drafts
    make_dossier(call, users["district2"], commune=users["district2"].unit.children.first().code)

    duy_xuyen, dai_loc = unit("508"), unit("506")
    rows = {r.district.code: r for r in checks.district_quotas(call, [duy_xuyen, dai_loc])}
    dx = rows["508"]
    assert dx.registered == 7 and not dx.registered_from_plan
    (b1, p1), (b2, p2) = dx.batches
    assert (p1.needed, p1.submitted, p1.met) == (4, 3, False)
    assert (p2.needed, p2.submitted) == (7, 3)
    assert rows["506"].registered == 1 and rows["506"].batches[0][1].submitted == 0

    CallDistrictQuota.objects.create(call=call, district=duy_xuyen, registered_count=5)
    dx = checks.district_quotas(call, [duy_xuyen])[0]
    assert dx.registered_from_plan and dx.batches[0][1].needed == 3 and dx.batches[0][1].met


@pytest.mark.django_db
def test_submissions_after_a_deadline_do_not_count_for_it(users):
    call = make_call(batches=((-3, 50), (30, 100)), late_policy="flag")
    district = users["district"]
    dossier = ready_dossier(call, district, users["commune"])
    services.submit_dossier(dossier, by=district)
    row = checks.district_quotas(call, [unit("508")])[0]
    assert [p.submitted for _, p in row.batches] == [0, 1]
    dossier.refresh_from_db()
    assert dossier.submitted_on == timezone.localdate()


@pytest.mark.django_db
def test_quota_query_count_is_constant(users, django_assert_num_queries):
    call = make_call()
    for _ in range(3):
        make_dossier(call, users["district"])
    districts = list(unit("49").children.all())
    with django_assert_num_queries(3):
        rows = checks.district_quotas(call, districts)
    assert len(rows) == 18
