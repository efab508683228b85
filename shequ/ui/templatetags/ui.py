from django import template
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from shequ.core.masking import mask_name
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
    # What format_html does, without its format-string parsing: lists call this on every row.
    return mark_safe('<bdi dir="ltr">' + conditional_escape(value) + "</bdi>")


@register.filter
def name_masked(value):
    """A person's name masked (张**) where a page only needs to say whose case it is."""
    return mask_name(str(value or ""))


@register.inclusion_tag("ui/includes/calendar_reminder.html", takes_context=True)
def calendar_reminder(context, only_for_enterers: bool = False):
    """From 1 October (settings.CALENDAR_REMINDER_MONTH) while next year's holiday schedule is not
    entered: a notice that deadlines reaching into it are pending, with the link to enter it for
    those who may. `only_for_enterers`: shown to them alone (the workbench)."""
    from shequ.core.calendar import ENTER_PERMISSION, calendar_reminder_year

    user = context["request"].user
    can_enter = user.has_perm(ENTER_PERMISSION)
    if only_for_enterers and not can_enter:
        return {"reminder_year": None}
    return {"reminder_year": calendar_reminder_year(), "can_enter": can_enter}


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
