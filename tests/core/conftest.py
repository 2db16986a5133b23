"""The notifications are tried with the people of an engaged department (tests/onboarded.py)."""

from tests.onboarded import (  # noqa: F401 (fixtures)
    laval,
    laval_editor,
    laval_page,
    laval_referent,
    mayenne,
    mayenne_referent,
    moderator,
)
