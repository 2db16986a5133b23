"""`manage.py onboard_department` and `manage.py onboard_commune`."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from onboarding import roles
from onboarding.models import TerritoryGroup
from pages.models import CommunePage, DepartmentPage


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_onboard_department_command_engages_the_department(home_page, mayenne):
    output = run("onboard_department", "53")

    assert "Mayenne (53) is engaged: page /mayenne/" in output
    assert DepartmentPage.objects.get().department == mayenne
    assert roles.is_engaged(mayenne)


def test_onboard_commune_command_engages_the_commune(home_page, laval):
    output = run("onboard_commune", "53130")

    assert "Laval (53130) is engaged: page /mayenne/laval/" in output
    assert CommunePage.objects.get().commune == laval


def test_onboard_commune_command_run_twice_says_there_was_nothing_to_do(home_page, laval):
    run("onboard_commune", "53130")

    output = run("onboard_commune", "53130")

    assert "Laval (53130) was already engaged (page /mayenne/laval/): nothing to do." in output
    assert CommunePage.objects.count() == 1


def test_onboard_commune_command_refuses_an_unknown_code(home_page, laval):
    with pytest.raises(CommandError, match="No commune has the INSEE code 99999."):
        run("onboard_commune", "99999")

    assert not CommunePage.objects.exists()
    assert not TerritoryGroup.objects.exclude(role=TerritoryGroup.Role.MODERATORS).exists()


def test_onboard_department_command_refuses_an_unknown_code(home_page):
    with pytest.raises(CommandError, match="No department has the code 99."):
        run("onboard_department", "99")

    assert not DepartmentPage.objects.exists()
