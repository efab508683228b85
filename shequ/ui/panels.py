"""Workbench panels: each app adds what is due today for a worker, the workbench shows them all."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    template: str  # rendered with the context below plus `user`
    context: Callable[..., dict | None]  # (user=…, today=…) → context, or None to hide the panel
    order: int = 100


PANELS: list[Panel] = []


def panel_register(panel: Panel) -> None:
    PANELS.append(panel)
    PANELS.sort(key=lambda registered: registered.order)


@dataclass(frozen=True)
class Section:
    """A part another app adds to a record's page (a person's benefits on the person's page, the
    benefit a completed application started on the case page), so the page's app need not know it."""

    template: str  # rendered with the context below plus `user` and `record`
    context: Callable[..., dict | None]  # (user=…, record=…) → context, or None to leave it out
    order: int = 100


# page name ("residents.person", "services.case") → its sections, in order.
SECTIONS: dict[str, list[Section]] = {}


def section_register(page: str, section: Section) -> None:
    sections = SECTIONS.setdefault(page, [])
    sections.append(section)
    sections.sort(key=lambda registered: registered.order)
