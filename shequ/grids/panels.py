"""The workbench panel: inspections due in my area and the ways into grids and safety bodies."""

from shequ.core.pagination import count_label
from shequ.grids.selectors import inspections_due


def grids_panel(*, user, today) -> dict | None:
    if not user.has_perm("grids.view_grid"):
        return None
    return {"due": count_label(inspections_due(user=user, today=today))}
