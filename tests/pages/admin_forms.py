"""The data the admin's edit forms post, for the tests that submit them: an action's and a
territory page's, each field set to a neutral value that a test overrides."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield


def action_form(gestures=(), **changes) -> dict:
    """A weekly action on Saturdays' garden, from the 6th of March 2027; lists (the gestures,
    the weekdays) are posted as lists, which nested_form_data would number."""
    fields = {
        "title": "Jardin du samedi",
        "slug": "jardin-du-samedi",
        "description": "On entretient le jardin partagé.",
        "kind": "collective",
        "start": "2027-03-06 10:00",
        "end": "2027-03-06 12:00",
        "recurrence_frequency": "weekly",
        "recurrence_interval": "1",
        "recurrence_monthly_position": "0",
        "recurrence_until": "",
        "recurrence_count": "",
        "cancellations": inline_formset([]),
        "address": "Jardin des Plantes",
        "place_commune": "",
        "latitude": "",
        "longitude": "",
        "online_url": "",
        "capacity": "",
        "contact_name": "Mairie",
        "contact_email": "",
        "contact_phone": "",
        "status": "scheduled",
        "cancellation_reason": "",
        "seo_title": "",
        "search_description": "",
    }
    weekdays = changes.pop("recurrence_weekdays", [])
    fields.update(changes)
    data = nested_form_data(fields)
    if gestures:
        data["gestures"] = [gesture.pk for gesture in gestures]
    data["recurrence_weekdays"] = weekdays
    return data


def territory_page_form(page=None, **changes) -> dict:
    """A department's or commune's page as it stands (its title and slug), but for `changes`."""
    fields = {
        "title": page.title if page else "",
        "slug": page.slug if page else "",
        "intro": "",
        "word_quote": "",
        "word_name": "",
        "word_role": "",
        "body": streamfield([]),
        "contact_name": "Mairie",
        "contact_address": "",
        "contact_phone": "",
        "contact_email": "",
        "contact_website": "",
        "contact_hours": "",
        "primary_colour": "",
        "secondary_colour": "",
        "seo_title": "",
        "search_description": "",
    }
    fields.update(changes)
    return nested_form_data(fields)
