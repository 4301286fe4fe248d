"""The bulk writes of a large import (issue 15): ``ocop_portal.bulk`` sends rows with COPY under keys
taken from their sequence, seen by Django's query log; ``fold`` through its translate table gives what
the whole-string normalisation gave."""

from __future__ import annotations

import datetime
import random
import re
import unicodedata
import warnings

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ocop_portal.bulk import create_objects, insert_history, prepared
from ocop_portal.text import fold
from producers.models import Producer, ProducerKind
from tests.factories import unit

_SPACES = re.compile(r"\s+")


def reference_fold(value):
    """``fold`` as it was: the whole string decomposed, every combining mark dropped."""
    if not value:
        return ""
    value = value.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", value)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip().lower()


def test_fold_is_the_whole_string_normalisation():
    viet = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
    alphabet = viet + viet.upper() + " \t\n\u00a0xyz09-/.,ﬁ①²\u0301\u0300\u0323Ǆ㎏ｶ"
    rng = random.Random(15)
    samples = ["  Cà phê  Đắk ", "", "Nước mắm Cửa Khe", unicodedata.normalize("NFD", "Trà Bồng")]
    samples += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))) for _ in range(3_000)]
    samples += [unicodedata.normalize("NFD", s) for s in samples[:1_000]]
    samples += [chr(code) for code in range(0x2000)]
    assert [fold(s) for s in samples] == [reference_fold(s) for s in samples]
    assert fold("  Cà phê  Đắk ") == "ca phe dak"


@pytest.mark.django_db
def test_prepared_skips_only_values_sent_as_they_are():
    name = Producer._meta.get_field("name")
    updated = Producer._meta.get_field("updated_at")
    values = ["An", None, "Bình"]
    assert prepared(name, values) is values  # plain strings: no call per value
    naive = datetime.datetime(2024, 5, 1, 8, 0)
    aware = timezone.now()
    with warnings.catch_warnings():  # Django warns about the naive value (or not, by filter)
        warnings.simplefilter("ignore")
        out = prepared(updated, [aware, naive])
    assert out[0] == aware and out[1].tzinfo is not None  # the naive one went through the field


@pytest.mark.django_db
def test_create_objects_assigns_keys_in_order_and_is_one_logged_copy():
    commune = unit("20599")
    before = timezone.now()
    producers = [
        Producer(
            name=f"Chủ thể COPY {i}",
            name_ascii=f"chu the copy {i}",
            kind=ProducerKind.HOUSEHOLD,
            commune=commune,
        )
        for i in range(30)
    ]
    with CaptureQueriesContext(connection) as captured:
        create_objects(Producer, producers)
        insert_history(Producer, producers, date=timezone.now())
    ids = [p.pk for p in producers]
    assert ids == sorted(ids) and len(set(ids)) == 30
    assert all(not p._state.adding for p in producers)
    stored = {p.pk: p for p in Producer.objects.filter(pk__in=ids)}
    assert [stored[pk].name for pk in ids] == [f"Chủ thể COPY {i}" for i in range(30)]
    assert all(stored[pk].created_at >= before and stored[pk].commune_id == commune.pk for pk in ids)
    assert Producer.history.filter(id__in=ids, history_type="+").count() == 30
    if connection.vendor == "postgresql":
        copies = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("COPY")]
        assert len(copies) == 2 and len(captured) == 3  # the keys, the rows, their history
    # a row created afterwards the ordinary way gets a later key: the sequence moved past the copied rows
    later = Producer.objects.create(
        name="Sau", name_ascii="sau", kind=ProducerKind.HOUSEHOLD, commune=commune
    )
    assert later.pk > max(ids)
