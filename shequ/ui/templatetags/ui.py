from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from shequ.ui.panels import SECTIONS

register = template.Library()


@register.filter
def ltr(value):
    """A figure (date, time, number, code, ID number, phone) isolated left to right: in a Uyghur
    (right-to-left) page the bidi algorithm would otherwise reorder "2026-03-01 10:00" or
    "652327********0017" around their spaces and asterisks.

    Usage: {% load ui %}{{ application.submitted_at|date:"Y-m-d H:i"|ltr }}"""
    if value is None or value == "":
        return value
    return format_html('<bdi dir="ltr">{}</bdi>', value)


@register.simple_tag(takes_context=True)
def page_sections(context, page: str, record):
    """The sections other apps registered for `page` (shequ.ui.panels.section_register), rendered
    for the request's user. Usage: {% page_sections "residents.person" person %}"""
    request = context.get("request")
    user = context.get("user")
    parts = []
    for section in SECTIONS.get(page, []):
        values = section.context(user=user, record=record)
        if values is not None:
            parts.append(render_to_string(section.template, values | {"user": user, "record": record}, request=request))
    return mark_safe("".join(parts))
