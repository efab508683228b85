from django import template
from django.utils.html import format_html

from shequ.core.masking import mask_name

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


@register.filter
def name_masked(value):
    """A person's name masked (张**) where a page only needs to say whose case it is."""
    return mask_name(str(value or ""))
