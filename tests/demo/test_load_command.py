"""`manage.py load_demo` itself, on the demo's territories without the demo: what it prints,
when it refuses, and the territories it imports when they are missing. (The demo's content is
read in the other modules, which share one loaded demo per module.)"""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django_q.models import OrmQ

from demo import content
from demo.services import load_demo
from pages.models import CommunePage, DepartmentPage
from territories.models import Commune, Department

DEMO_PASSWORD = "heure-civique-demo"


def test_command_prints_the_url_and_the_logins(demo_territories, monkeypatch):
    # Queued as in production, for the worker to render (tests/demo/test_kits.py renders them):
    # the kits' PDFs take a minute.
    monkeypatch.setattr("django_q.conf.Conf.SYNC", False)
    output = io.StringIO()

    call_command("load_demo", url="http://127.0.0.1:8012/", stdout=output)

    text = output.getvalue()
    assert "http://127.0.0.1:8012/admin/" in text
    assert DEMO_PASSWORD in text
    for user in content.USERS:
        assert user.username in text
    territories = int(re.search(r"communication kits of (\d+) territories queued", text)[1])
    queued = [job.task["func"] for job in OrmQ.objects.all()]
    assert territories == len(content.DEPARTMENTS) + sum(
        len(department.communes) for department in content.DEPARTMENTS
    )
    assert queued.count("kits.services.build_kit") == territories


def test_command_refuses_without_demo_password(demo_territories, settings):
    del settings.DEMO_PASSWORD

    with pytest.raises(CommandError, match="DEMO_PASSWORD"):
        call_command("load_demo", stdout=io.StringIO())

    assert not get_user_model().objects.exists()
    assert not DepartmentPage.objects.exists()


def test_command_refuses_with_an_empty_demo_password(demo_territories, settings):
    settings.DEMO_PASSWORD = ""

    with pytest.raises(CommandError, match="DEMO_PASSWORD"):
        call_command("load_demo", stdout=io.StringIO())

    assert not get_user_model().objects.exists()


def test_load_demo_imports_the_demo_departments_when_missing(db):
    load_demo(password=DEMO_PASSWORD, kits_too=False)

    assert set(Department.objects.values_list("code", flat=True)) == {"53", "29", "17"}
    assert Commune.objects.get(code="29151").name == "Morlaix"
    assert CommunePage.objects.filter(commune__code="53062").exists()
