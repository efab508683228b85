from django import template

from shequ.feedback.selectors import rating_of

register = template.Library()


@register.filter
def percent(rate) -> str:
    """0.925 → "92.5%"; no denominator → "—"."""
    if rate is None:
        return "—"
    return f"{rate * 100:.1f}%"


@register.inclusion_tag("feedback/_rating_status.html", takes_context=True)
def rating_status(context, target_type: str, target) -> dict:
    """For other apps' resident pages: "已评价：满意", or a link to rate a finished service.
    Usage: {% load feedback_tags %}{% rating_status "application" application %}"""
    rating = rating_of(target_type=target_type, target_id=target.pk)
    return {"rating": rating, "target_type": target_type, "target_id": target.pk, "request": context.get("request")}
