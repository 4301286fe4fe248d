"""``ocop_portal.tables``: django-tables2's signature reads, remembered, answer as the original."""

from __future__ import annotations

from django_tables2 import utils

from ocop_portal import tables
from products.tables import ProductTable


class Callable:
    def __call__(self, record):
        return record


def plain(value, record=None, **kwargs):
    return value


def test_installed():
    assert utils.signature is tables.signature


def test_same_answer_as_django_tables2_for_functions_methods_and_callables():
    table = ProductTable([])
    other = ProductTable([])
    for fn in [
        plain,
        lambda record: record,
        table.render_state,
        other.render_state,  # another table's bound method: same function, same answer
        ProductTable.render_state,  # unbound: ``self`` included, kept apart from the bound one
        table.render_group,
        Callable(),
        len,
    ]:
        for _twice in range(2):
            assert tables.signature(fn) == tables._original(fn)


def test_a_cell_rendered_through_it(db):
    from tests.factories import ProductFactory

    product = ProductFactory(name="Cà phê rang xay")
    row = next(iter(ProductTable([product]).rows))
    assert row.get_cell("state") == product.state_label
    assert "Cà phê rang xay" in row.get_cell("name")
