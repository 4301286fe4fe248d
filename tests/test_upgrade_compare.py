"""The comparison of ``scripts/check_upgrade.py`` catches what a bad upgrade does (no database needed).

The real run (tests/integration/test_upgrade.py) passes trivially while the current tree equals
ef81e00; these made-up snapshots show it would fail for the right reasons once the migrations move
models: a dropped or renamed table, lost rows, changed values, a duplicated or deleted content type,
a renumbered permission, a model that no longer reads its table.
"""

from __future__ import annotations

import copy
import importlib.util
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location(
    "check_upgrade", Path(__file__).resolve().parent.parent / "scripts" / "check_upgrade.py"
)
check_upgrade = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_upgrade)


def _table(count, pk="id", columns=("id", "name"), seed="a", pks=None):
    snap = {"columns": list(columns), "pk": pk, "count": count, "hashes": {c: f"{seed}-{c}" for c in columns}}
    if pks is not None:
        snap["pks"] = pks
    return snap


def _models():
    return [
        {"label": "evaluation", "model": "dossier", "table": "evaluation_dossier", "proxy": False,
         "managed": True, "auto_created": False, "table_exists": True, "ct_ids": [7], "orm_count": 3},
        {"label": "evaluation", "model": "historicaldossier", "table": "evaluation_historicaldossier",
         "proxy": False, "managed": True, "auto_created": False, "table_exists": True, "ct_ids": [8],
         "orm_count": 5},
    ]  # fmt: skip


@pytest.fixture
def old():
    return {
        "tables": {
            "evaluation_dossier": _table(3),
            "evaluation_historicaldossier": _table(5, pk="history_id", columns=("history_id", "id", "name")),
            "django_content_type": _table(2, columns=("id", "app_label", "model"), pks=[7, 8]),
            "auth_permission": _table(2, columns=("id", "content_type_id", "codename"), pks=[70, 71]),
            "auth_group_permissions": _table(1, columns=("id", "group_id", "permission_id"), pks=[1]),
        },
        "indexes": [["evaluation_dossier", "evaluation_dossier_pkey"]],
        "content_types": [[7, "evaluation", "dossier"], [8, "evaluation", "historicaldossier"]],
        "permissions": [[70, 7, "view_dossier"], [71, 8, "view_historicaldossier"]],
    }


def _moved(snapshot):
    """The snapshot after a correct move of Dossier (and its history) to the dossiers app."""
    new = copy.deepcopy(snapshot)
    new["content_types"] = [[7, "dossiers", "dossier"], [8, "dossiers", "historicaldossier"]]
    new["tables"]["django_migrations"] = _table(40)
    return new, [dict(m, label="dossiers") for m in _models()]


def test_a_correct_move_passes(old):
    new, new_models = _moved(old)
    failures, notes = check_upgrade.compare(old, new, _models(), new_models)
    assert failures == []
    assert "content type 7 relabelled evaluation.dossier -> dossiers.dossier" in notes


def test_identical_databases_pass(old):
    assert check_upgrade.compare(old, copy.deepcopy(old), _models(), _models()) == ([], [])


def test_a_dropped_history_table_fails(old):
    new, new_models = _moved(old)
    del new["tables"]["evaluation_historicaldossier"]
    new_models[1]["table_exists"] = False
    failures, _ = check_upgrade.compare(old, new, _models(), new_models)
    assert any("table evaluation_historicaldossier is gone (5 rows lost)" in f for f in failures)
    assert any("does not exist after migrate" in f for f in failures)


def test_a_renamed_table_fails_unless_declared(old, monkeypatch):
    new, new_models = _moved(old)
    new["tables"]["dossiers_dossier"] = new["tables"].pop("evaluation_dossier")
    new_models[0]["table"] = "dossiers_dossier"
    failures, _ = check_upgrade.compare(old, new, _models(), new_models)
    assert any("table evaluation_dossier is gone" in f for f in failures)
    monkeypatch.setattr(check_upgrade, "TABLE_RENAMES", {"evaluation_dossier": "dossiers_dossier"})
    assert check_upgrade.compare(old, new, _models(), new_models)[0] == []


def test_lost_rows_and_changed_values_fail(old):
    new, new_models = _moved(old)
    new["tables"]["evaluation_dossier"]["count"] = 2
    new["tables"]["evaluation_historicaldossier"]["hashes"]["name"] = "changed"
    new["tables"]["auth_group_permissions"] = _table(1, columns=("id", "group_id", "permission_id"), pks=[2])
    failures, _ = check_upgrade.compare(old, new, _models(), new_models)
    assert "table evaluation_dossier: 1 of 3 rows lost" in failures
    assert "table evaluation_historicaldossier: values changed during migrate in column(s) name" in failures
    assert any(f.startswith("table auth_group_permissions: 1 old rows lost") for f in failures)


def test_invented_rows_fail_outside_the_growing_tables(old):
    new, new_models = _moved(old)
    new["tables"]["evaluation_dossier"]["count"] = 4
    new["tables"]["auth_permission"] = _table(
        3, columns=("id", "content_type_id", "codename"), pks=[70, 71, 72]
    )
    failures, _ = check_upgrade.compare(old, new, _models(), new_models)
    assert [f for f in failures if "rows appeared" in f] == [
        "table evaluation_dossier: 1 rows appeared during migrate (3 -> 4); an in-place upgrade must not invent rows"
    ]


def test_a_dropped_column_fails(old):
    new, new_models = _moved(old)
    table = new["tables"]["evaluation_dossier"]
    table["columns"].remove("name")
    failures, _ = check_upgrade.compare(old, new, _models(), new_models)
    assert any("column evaluation_dossier.name is gone" in f for f in failures)


def test_a_duplicated_content_type_fails(old):
    # The model moved but its content type was not relabelled: post_migrate made a new one (id 9).
    new, new_models = _moved(old)
    new["content_types"] = [
        [7, "evaluation", "dossier"],
        [8, "dossiers", "historicaldossier"],
        [9, "dossiers", "dossier"],
    ]
    new_models[0]["ct_ids"] = [9]
    failures, _ = check_upgrade.compare(old, new, _models(), new_models)
    assert any("content type 7 (evaluation.dossier) is stale" in f for f in failures)
    assert any("has content type [9] instead of [7]: it was duplicated" in f for f in failures)


def test_a_deleted_content_type_or_renumbered_permission_fails(old):
    new, new_models = _moved(old)
    new["content_types"] = [[8, "dossiers", "historicaldossier"], [9, "dossiers", "dossier"]]
    new["permissions"] = [[72, 9, "view_dossier"], [71, 8, "view_historicaldossier"]]
    new_models[0]["ct_ids"] = [9]
    failures, _ = check_upgrade.compare(old, new, _models(), new_models)
    assert any("content type 7 (evaluation.dossier) was deleted" in f for f in failures)
    assert any(f.startswith("permission 70 (view_dossier, content type 7) is now None") for f in failures)


def test_a_model_that_does_not_read_its_old_rows_fails(old):
    new, new_models = _moved(old)
    new_models[0]["orm_count"] = 0  # e.g. a manager or db_table pointing elsewhere
    failures, _ = check_upgrade.compare(old, new, _models(), new_models)
    assert failures == [
        "model dossiers.dossier counts 0 rows through the current code, table evaluation_dossier had 3 "
        "before the upgrade"
    ]


def test_a_lost_index_is_a_note(old):
    new, new_models = _moved(old)
    new["indexes"] = []
    failures, notes = check_upgrade.compare(old, new, _models(), new_models)
    assert failures == []
    assert notes[0].startswith("index evaluation_dossier_pkey of evaluation_dossier is gone")


def _with_link(snapshot, side: str, pairs: str):
    """Add the decision entry -> certificate link: the column on the entry (old) or the certificate (new)."""
    snap = copy.deepcopy(snapshot)
    if side == "old":
        snap["tables"]["evaluation_decisionentry"] = _table(2, columns=("id", "certificate_id"))
        snap["tables"]["evaluation_certificate"] = _table(2, columns=("id", "number"))
    else:
        snap["tables"]["evaluation_decisionentry"] = _table(2, columns=("id",))
        snap["tables"]["evaluation_certificate"] = _table(2, columns=("id", "number", "decision_entry_id"))
    snap["links"] = {"evaluation_decisionentry.certificate_id": {"pairs": pairs, "side": side}}
    return snap


def test_a_reversed_link_passes_when_every_pair_is_kept(old):
    new, new_models = _moved(old)
    failures, notes = check_upgrade.compare(
        _with_link(old, "old", "p1"), _with_link(new, "new", "p1"), _models(), new_models
    )
    assert failures == []
    assert any("evaluation_decisionentry.certificate_id moved" in n for n in notes)


def test_a_reversed_link_that_lost_pairs_fails(old):
    new, new_models = _moved(old)
    failures, _ = check_upgrade.compare(
        _with_link(old, "old", "p1"), _with_link(new, "new", "p2"), _models(), new_models
    )
    assert any("the links differ" in f for f in failures)


def test_a_declared_reconciled_column_is_a_note_others_still_fail(old, monkeypatch):
    new, new_models = _moved(old)
    new["tables"]["evaluation_dossier"]["hashes"]["name"] = "changed"
    failures, _notes = check_upgrade.compare(old, new, _models(), new_models)
    assert any("values changed during migrate in column(s) name" in f for f in failures)
    monkeypatch.setitem(check_upgrade.RECONCILED_COLUMNS, "evaluation_dossier", {"name": "meaning changed"})
    failures, notes = check_upgrade.compare(old, new, _models(), new_models)
    assert not [f for f in failures if "values changed" in f]
    assert "column evaluation_dossier.name reconciled during migrate: meaning changed" in notes
