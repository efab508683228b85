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
