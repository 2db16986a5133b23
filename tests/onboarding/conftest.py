"""The onboarding's tests use the shared tree (tests/conftest.py): Mayenne (Laval,
Château-Gontier-sur-Mayenne) and Finistère (Quimper), users in each role; messages asserted in
English."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english_messages():
    """Messages are asserted in English, the language they are written in."""
    with translation.override("en"):
        yield
