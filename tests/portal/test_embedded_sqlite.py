"""The embedded default (SQLite, `make run`) sorts in Vietnamese order and finds typos, like PostgreSQL.

The suite runs on PostgreSQL; these tests open a separate in-memory SQLite connection (the receivers of
``connection_created`` register the ``vietnamese`` collation and the ``ocop_word_similarity`` function
on it, as on the demo), create the units' tables there and run the portal's own queries on it.
"""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import ConnectionHandler, connections
from django.db.models.sql import InsertQuery

from accounts.models import AdministrativeUnit, UnitLevel
from ocop_portal import search
from ocop_portal.collation import sort_key
from ocop_portal.text import fold

ALIAS = "embedded_sqlite"
NAMES = [
    "Huyện Đại Lộc",
    "Huyện Duy Xuyên",
    "Ánh Dương",
    "An Bình",
    "Ăn Chơi",
    "Âu Cơ",
    "Bắc Trà My",
    "Điện Bàn",
    "Đông Giang",
    "Ơn Trời",
    "Ông Ích Khiêm",
    "Ưu Đàm",
    "Uyên Hưng",
    "Sâm Ngọc Linh Tắc Pỏ",
    "Bánh tráng Đại Lộc",
    "Zeta",
]
VIETNAMESE_ORDER = [
    "An Bình",
    "Ánh Dương",
    "Ăn Chơi",
    "Âu Cơ",
    "Bánh tráng Đại Lộc",
    "Bắc Trà My",
    "Điện Bàn",
    "Đông Giang",
    "Huyện Duy Xuyên",
    "Huyện Đại Lộc",
    "Ông Ích Khiêm",
    "Ơn Trời",
    "Sâm Ngọc Linh Tắc Pỏ",
    "Uyên Hưng",
    "Ưu Đàm",
    "Zeta",
]


def test_sort_key_is_vietnamese_order():
    assert sorted(NAMES, key=sort_key) == VIETNAMESE_ORDER
    # tones after letters, in dictionary order (ngang, huyền, hỏi, ngã, sắc, nặng); lower before upper
    assert sorted(["bạ", "bá", "Ba", "bã", "bả", "bà", "ba"], key=sort_key) == [
        "ba",
        "Ba",
        "bà",
        "bả",
        "bã",
        "bá",
        "bạ",
    ]
    # decomposed input (NFD, as some keyboards send it) sorts with the composed one
    import unicodedata

    assert sort_key(unicodedata.normalize("NFD", "Đại Lộc"))[:3] == sort_key("Đại Lộc")[:3]


@pytest.fixture
def embedded(django_db_blocker):
    """A fresh in-memory SQLite connection with the units' tables and NAMES as units."""
    sqlite = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
    conn = ConnectionHandler({"default": sqlite, ALIAS: sqlite})[ALIAS]
    connections[ALIAS] = conn  # transaction.atomic (the schema editor's) finds connections by alias
    with django_db_blocker.unblock():
        with conn.schema_editor() as editor:
            editor.create_model(UnitLevel)
            editor.create_model(AdministrativeUnit)
        level = UnitLevel(code="district", name="Huyện", depth=1)
        _insert(conn, UnitLevel, [level])
        level.pk = 1
        units = [
            AdministrativeUnit(code=f"u{i}", name=name, name_ascii=fold(name), level=level, path=f"{i:04d}")
            for i, name in enumerate(NAMES)
        ]
        _insert(conn, AdministrativeUnit, units)
        yield conn
        conn.close()
    del connections[ALIAS]


def _insert(conn, model, objs):
    fields = [f for f in model._meta.local_concrete_fields if not f.primary_key]
    query = InsertQuery(model)
    query.insert_values(fields, objs)
    query.get_compiler(connection=conn).execute_sql()


def _names(conn, qs) -> list[str]:
    sql, params = qs.values_list("name").query.get_compiler(connection=conn).as_sql()
    with conn.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def test_order_by_name_is_vietnamese_on_sqlite(embedded):
    assert _names(embedded, AdministrativeUnit.objects.order_by("name")) == VIETNAMESE_ORDER
    assert _names(embedded, AdministrativeUnit.objects.order_by("-name")) == VIETNAMESE_ORDER[::-1]
    # the column carries the collation: equality stays exact
    assert _names(embedded, AdministrativeUnit.objects.filter(name="Điện Bàn")) == ["Điện Bàn"]


@pytest.mark.parametrize(
    "q,expected",
    [
        ("sâm ngọc lnh", "Sâm Ngọc Linh Tắc Pỏ"),
        ("banh trangg", "Bánh tráng Đại Lộc"),
        ("dien ban", "Điện Bàn"),
        ("Dong Giangg", "Đông Giang"),
    ],
)
def test_typo_tolerant_search_on_sqlite(embedded, q, expected):
    qs = AdministrativeUnit.objects.all()
    with mock.patch.object(search, "connection", embedded):
        found = _names(embedded, search.search_queryset(qs, q, fields=("name",), folded_field="name_ascii"))
    assert found and found[0] == expected


def test_sqlite_search_does_not_return_everything(embedded):
    qs = AdministrativeUnit.objects.all()
    with mock.patch.object(search, "connection", embedded):
        found = _names(
            embedded, search.search_queryset(qs, "mat ong rung", fields=("name",), folded_field="name_ascii")
        )
    assert found == []


def test_suggestion_on_sqlite(embedded):
    qs = AdministrativeUnit.objects.all()
    sql_of = []

    def first(self):  # the suggestion's query, run on the SQLite connection
        sql, params = self.query.get_compiler(connection=embedded).as_sql()
        sql_of.append(sql)
        with embedded.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        return row[0] if row else None

    with (
        mock.patch.object(search, "connection", embedded),
        mock.patch("django.db.models.query.QuerySet.first", first),
    ):
        assert search.suggest(qs, "banh trag dai", folded_field="name_ascii") == "Bánh tráng Đại Lộc"
        assert search.suggest(qs, "xyzxyz", folded_field="name_ascii") is None
    assert "ocop_word_similarity" in sql_of[0]


@pytest.mark.parametrize(
    "query,text,expected",
    [
        # pg_trgm's own figures (SELECT word_similarity(query, text)); 300 random pairs agreed to 1e-4
        ("sam ngoc lnh", "tra sam ngoc linh tui 100g", 0.7692308),
        ("banh trangg", "banh trang phoi suong", 0.8333333),
        ("bnh trng", "banh trang dai loc", 0.33333334),
        ("banh trag dai", "banh trang dai loc", 0.7058824),
        ("bnh trng", "ca phe rang xay dai loc", 0.11111111),
        ("sam ngc lin", "sam ngoc linh tac po", 0.6),
    ],
)
def test_word_similarity_matches_pg_trgm(query, text, expected):
    assert search.word_similarity(query, text) == pytest.approx(expected, abs=1e-4)
    assert search.similarity("abc", "abd") == pytest.approx(1 / 3)
