"""`{% registration_state page as state %}`: what an action's page says of its places (left,
or full) and of the visitor's registration when their device recognises them (devices.py)."""

from django import template

from volunteers import devices, services

register = template.Library()


@register.simple_tag(takes_context=True)
def registration_state(context, action):
    request = context.get("request")
    volunteer = devices.recognised(request) if request is not None else None
    return services.registration_state(action, volunteer)
