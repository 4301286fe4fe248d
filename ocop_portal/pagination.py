"""A django-tables2 paginator that runs a list's filter once per page, not twice.

Django's paginator counts the matches (``SELECT COUNT(*)`` with the whole filter: on a search, the
trigram scan of the product table), then fetches the page's rows with the same filter again, joined to
everything the table shows for every match before the sort keeps 25. ``CountedPaginator`` asks the
database once for the page's ids and the exact total (``COUNT(*) OVER ()`` on the listed table alone,
in the table's order), then reads those rows with their joins by primary key. Same rows, same order,
same count; one query fewer.
"""

from __future__ import annotations

from django.core.paginator import Page, PageNotAnInteger, Paginator
from django.db.models import Count, QuerySet, Window


class CountedPaginator(Paginator):
    """``paginator_class`` of a ``SingleTableMixin`` view over a queryset. Anything else (a list, a
    page past the end, orphans) goes through Django's paginator unchanged."""

    def page(self, number):
        rows = self.object_list  # the table's BoundRows over its (ordered) TableQuerysetData
        queryset = getattr(getattr(rows, "data", None), "data", None)
        if not isinstance(queryset, QuerySet) or self.orphans or queryset.query.distinct:
            return super().page(number)
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        start = (max(number, 1) - 1) * self.per_page
        found = list(
            queryset.select_related(None)
            .prefetch_related(None)
            .annotate(_total=Window(Count("pk")))
            .values_list("pk", "_total")[start : start + self.per_page]
        )
        if not found or number < 1:
            return super().page(number)  # past the last page: Django's count and EmptyPage
        self.count = found[0][1]  # the cached_property, filled without its own query
        by_pk = {obj.pk: obj for obj in queryset.order_by().filter(pk__in=[pk for pk, _total in found])}
        records = [by_pk[pk] for pk, _total in found if pk in by_pk]
        return Page(type(rows)(records, table=rows.table, pinned_data=rows.pinned_data), number, self)
