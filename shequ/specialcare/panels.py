"""The workbench panel of care visits due, for duty holders only."""

from shequ.specialcare.rules import holds_duty
from shequ.specialcare.selectors import visits_due_counts


def care_panel(*, user, today) -> dict | None:
    if not holds_duty(user):
        return None
    return visits_due_counts(user=user, today=today)
