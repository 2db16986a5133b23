"""Places in the public templates that the apps above pages fill with templates of their own, so
that no template of pages (nor `base.html`) names one of theirs: `{% page_slot "figures" %}`
(templatetags/page_slots.py) renders, with the page's context, each template an app registered
for that place, in the order the apps are installed.

An app registers in its wagtail_hooks.py:

    @hooks.register(slots.HOOK)
    def page_slots():
        return [("figures", "volunteers/includes/figures.html")]

A page without the app installed shows nothing in that place.
"""

from wagtail import hooks

HOOK = "register_page_slots"

SLOTS = {
    "head": "in every public page's <head> (base.html): a territory's share image",
    "figures": "the programme's figures on the home, department and commune pages",
    "initiatives": "the initiatives block on the home, department and commune pages",
    "action-registration": "registering for an action, on its page",
    "commune-call": "the call to take part, on a commune page",
    "department-links": "the links at the foot of a department page (press kit, good practices)",
    "commune-links": "the links at the foot of a commune page (press kit)",
    "help-centre-links": "the links at the foot of the help centre (good practices)",
}


class UnknownSlot(ValueError):
    pass


def templates_for(name: str) -> list[str]:
    """The templates registered for the place `name`, in the order the apps are installed."""
    if name not in SLOTS:
        raise UnknownSlot(f"No place of the pages is named {name!r}: {', '.join(SLOTS)}.")
    return [
        template
        for registered in hooks.get_hooks(HOOK)
        for slot, template in registered()
        if slot == name
    ]
