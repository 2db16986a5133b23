"""Two departments with real codes (tests/onboarded.py) — Mayenne (Laval, Château-Gontier-sur-
Mayenne) and Finistère (Quimper) — and users in each role, engaged through the onboarding
services; messages asserted in English."""

import pytest
from django.utils import translation

from tests.onboarded import (  # noqa: F401 (fixtures)
    administrator,
    chateau_gontier,
    finistere,
    finistere_page,
    laval,
    laval_editor,
    laval_page,
    laval_referent,
    mayenne,
    mayenne_editor,
    mayenne_page,
    mayenne_referent,
    member_of,
    moderator,
    quimper,
    quimper_page,
)


@pytest.fixture(autouse=True)
def english_messages():
    """Messages are asserted in English, the language they are written in."""
    with translation.override("en"):
        yield
