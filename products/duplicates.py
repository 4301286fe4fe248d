"""What the product form shows of similar products (the duplicate warning), on create and on edit.

Decision (issue 17) — what a district officer sees of a similar product outside their district:
the details needed to judge whether it is the same product, and nothing that belongs to the other
district's registration file:

- shown for every match in the province: the product's name, its group, its place (commune and
  district), its lifecycle step and stars — all of which the lists and the public catalogue already show
  for certified products;
- shown only for matches the officer may open (their own district, or everything for DARD): the
  producer's name and a link to the product page;
- never shown on the form: the producer's address, phone, e-mail, tax code or representative, and the
  product's dossier or documents. To know more, the officer asks DARD or the other district.
"""

from __future__ import annotations

from dataclasses import dataclass

from accounts import access

from .models import Product


@dataclass(frozen=True)
class SimilarRow:
    name: str
    group: str
    place: str
    state: str
    stars: int  # 0: not rated
    producer: str = ""  # only when the officer may open the product
    url: str = ""  # idem


def rows_for(user, matches) -> list[SimilarRow]:
    """The displayable rows of ``matches`` for ``user`` (one query for the scope)."""
    if not matches:
        return []
    visible = set(
        access.visible(user, Product).filter(pk__in=[m.pk for m in matches]).values_list("pk", flat=True)
    )
    rows = []
    for m in matches:
        place = ", ".join(str(u) for u in (m.commune, m.district) if u)
        mine = m.pk in visible
        rows.append(
            SimilarRow(
                name=m.name,
                group=m.group.code if m.group_id else "",
                place=place,
                state=str(m.state_label),
                stars=m.stars or 0,
                producer=str(m.producer) if mine else "",
                url=m.get_absolute_url() if mine else "",
            )
        )
    return rows
