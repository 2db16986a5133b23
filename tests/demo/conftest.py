"""Fixtures of the demo's tests: its territories, and the demo loaded on them."""

import pytest

from demo.services import DemoReport, load_demo

from .territories import create_demo_territories

DEMO_PASSWORD = "heure-civique-demo"


@pytest.fixture
def demo_territories(db) -> None:
    create_demo_territories()


@pytest.fixture
def demo(demo_territories) -> DemoReport:
    # The kits' PDFs take seconds to render: tests/demo/test_kits.py builds them itself.
    return load_demo(password=DEMO_PASSWORD, kits_too=False)
