"""What every domain workflow shares: a transition table of steps, the one error for a step the
table does not have, deadlines in working days, the deadlines to recompute once a year's holiday
schedule is entered, and the abstract model of a record's history.

A domain keeps its own table (its Status choices, who takes which step, what a step carries) in
its `workflow.py`; the checking, the error and the history columns are the same everywhere.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shequ.core.errors import DomainError
from shequ.core.models import AppendOnlyModel
from shequ.core.workdays import UnknownCalendarYear, add_workdays, calendar_cache_clear


class TransitionForbidden(DomainError):
    """A step the workflow table does not have, or one the rules of the domain refuse (the API
    answers 409 with the workflow's `api_code`)."""

    api_code = "core.transition_forbidden"


@dataclass(frozen=True)
class Step:
    """One edge of a table: the kind of actor who takes it, what it must carry ("reason",
    "materials", "verified" …), its label, and the label of its note where it has one.

    A step that `keeps_status` is a move within the state it leaves (to another level, another
    desk): its target names the move, not a state, and the record's status stays as it was."""

    by: str
    requires: frozenset[str] = frozenset()
    label: str = ""
    note_label: str = ""
    keeps_status: bool = False


class Workflow[S: models.TextChoices]:
    """A transition table over the domain's `status` choices, keyed (from, to)."""

    def __init__(self, *, name: str, status: type[S], transitions: dict[tuple[str, str], Step], forbidden_message: str):
        # `name` is the app whose errors these are: "services" gives "services.transition_forbidden".
        self.name = name
        self.status = status
        self.transitions = transitions
        # A msgid with %(current)s and %(target)s, rendered with the states' labels.
        self.forbidden_message = forbidden_message

    def label_of(self, state: str) -> str:
        """A state's label; for a move that keeps the status, the label of its step."""
        if state in self.status.values:
            return self.status(state).label
        return next((step.label for (_, target), step in self.transitions.items() if target == state), state)

    def status_after(self, current: str, target: str) -> str:
        """The status a record has after the step from `current` to `target` (checked by step_for)."""
        return current if self.step_for(current, target).keeps_status else target

    def forbid(self, message) -> TransitionForbidden:
        return TransitionForbidden(message, api_code=f"{self.name}.transition_forbidden")

    def step_for(self, current: str, target: str) -> Step:
        step = self.transitions.get((current, target))
        if step is None:
            raise self.forbid(
                self.forbidden_message % {"current": self.label_of(current), "target": self.label_of(target)}
            )
        return step

    def next_steps(self, current: str, by: str | None = None) -> list[tuple[str, Step]]:
        """The steps out of `current`, in table order; only those taken by `by` when it is given."""
        return [
            (target, step)
            for (source, target), step in self.transitions.items()
            if source == current and (by is None or step.by == by)
        ]


def workday_deadlines(start: date, **workdays: int) -> tuple[dict[str, date | None], int | None]:
    """Each named deadline the given number of working days after `start` (not itself counted).

    A deadline in a year whose holiday schedule is unknown is None and that year is returned beside
    the dates (the last one met), so that the record can wait for it and be recomputed later.
    """
    dates: dict[str, date | None] = {}
    missing = None
    for name, count in workdays.items():
        try:
            dates[name] = add_workdays(start, count)
        except UnknownCalendarYear as unknown:
            dates[name], missing = None, unknown.year
    return dates, missing


def workday_deadline_at(start: datetime, workdays: int) -> datetime:
    """A deadline counted in working days that keeps the time of day: a step taken at 10:30 with two
    working days is due at 10:30 on the second working day after it. UnknownCalendarYear as above."""
    local = timezone.localtime(start)
    return datetime.combine(add_workdays(local.date(), workdays), local.time(), tzinfo=local.tzinfo)


# name → function(year) recomputing the deadlines that waited for `year`, filled by each domain's
# AppConfig.ready(); keyed by name so that a second ready() (tests) does not add it twice.
DEADLINE_RESCHEDULERS: dict[str, Callable[[int], int]] = {}


def deadline_rescheduler_register(name: str, reschedule: Callable[[int], int]) -> None:
    DEADLINE_RESCHEDULERS[name] = reschedule


def calendar_year_changed(year: int) -> dict[str, int]:
    """A hand-entered year changed: forget the cached days and recompute every waiting deadline.
    Returns how many records each domain recomputed."""
    calendar_cache_clear(year)
    return {name: reschedule(year) for name, reschedule in DEADLINE_RESCHEDULERS.items()}


def history_base(status: type[models.TextChoices]) -> type[AppendOnlyModel]:
    """The abstract model of a workflow's history: one append-only row per step, with the states it
    left and entered, who took it (the subclass declares `actor` and the record it belongs to), when,
    the note written with it and what it carried."""

    class History(AppendOnlyModel):
        from_status = models.CharField(_("原状态"), max_length=24, choices=status.choices, blank=True)
        to_status = models.CharField(_("新状态"), max_length=24, choices=status.choices)
        at = models.DateTimeField(_("时间"), auto_now_add=True)
        note = models.TextField(_("说明"), blank=True)
        data = models.JSONField(default=dict, blank=True)

        class Meta:
            abstract = True
            ordering = ["at", "id"]

    return History
