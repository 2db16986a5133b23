"""The way to the good practices library on a department's page and in the help centre, in
their places (pages/slots.py)."""

from wagtail import hooks

from pages import slots


@hooks.register(slots.HOOK)
def page_slots():
    return [
        ("department-links", "practices/includes/department_library_link.html"),
        ("help-centre-links", "practices/includes/help_centre_library_link.html"),
    ]
