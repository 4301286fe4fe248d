"""A database built by the release ef81e00 upgrades in place with every row kept (issue 12).

Runs ``scripts/check_upgrade.py`` (PostgreSQL and the embedded SQLite) with this virtualenv's Python;
see that script for what is compared. About a minute; needs PostgreSQL, not Redis.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration
SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "check_upgrade.py"


def test_database_from_ef81e00_upgrades_in_place():
    proc = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True, timeout=900)
    output = proc.stdout + proc.stderr
    if proc.returncode == 2:
        pytest.fail(f"the upgrade check could not run (this is not a skip):\n{output}")
    assert proc.returncode == 0, f"upgrade from ef81e00 loses or breaks data:\n{output}"
