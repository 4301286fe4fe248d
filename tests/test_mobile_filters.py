"""Phones (390 px): the filters of every staff list fold into a Bootstrap collapse panel (no script of
ours, the CSP stays strict), opened by a "Bộ lọc" button shown only below md; the catalogue's sort select
takes the full width on a phone and its content's width above (issue 17)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

LISTS = {
    "province": [
        "/products/",
        "/producers/",
        "/dossiers/",
        "/plans/",
        "/plans/tasks/",
        "/evaluation/certificates/",
    ],
    "department": ["/fairs/manage/", "/sales-points/manage/"],
}


@pytest.mark.parametrize("role,url", [(r, u) for r, urls in LISTS.items() for u in urls])
def test_staff_list_filters_fold_on_a_phone(client_for, role, url):
    response = client_for(role).get(url)
    page = response.content.decode()
    assert response.status_code == 200, url
    toggle = page.index('data-bs-target="#list-filters"')
    panel = page.index('<div class="collapse d-md-block" id="list-filters">')
    assert toggle < panel < page.index('method="get"', panel)
    assert 'class="btn btn-outline-secondary btn-sm d-md-none mb-2 filter-toggle"' in page
    assert "<script>" not in page  # no inline script


def test_catalogue_sort_is_not_squeezed(client_for):
    page = client_for("anonymous").get("/catalog/").content.decode()
    head = page[: page.index('id="catalog-sort"')]
    assert head.rsplit("<div", 1)[1].startswith(' class="col-12 col-sm-6 col-md-auto">')
