"""`{% page_slot "name" key=value %}`: the templates the apps above registered for a place of the
pages (pages/slots.py), each rendered as `{% include %}` would, with the page's context and the
values given."""

from django import template
from django.template import engines
from django.utils.safestring import mark_safe

from .. import slots

register = template.Library()


@register.simple_tag(takes_context=True)
def page_slot(context, name: str, **values) -> str:
    engine = context.template.engine if context.template else engines["django"].engine
    parts = []
    for template_name in slots.templates_for(name):
        with context.push(**values):
            parts.append(engine.get_template(template_name).render(context))
    return mark_safe("".join(parts))  # rendered templates, escaped as they render
