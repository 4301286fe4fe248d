"""Certificate tests build on the evaluation builders (rounds, decisions) and their autouse fixtures."""

from tests.evaluation.conftest import (  # noqa: F401
    _english_messages,
    district_user,
    integer_sheets,
    province_user,
)
