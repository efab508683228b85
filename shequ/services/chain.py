"""An item's approval chain (村（社区）受理 → 乡镇审核 → 县直部门审批): which levels an application
climbs, who acts at each, and the steps the chain allows where the workflow table offers them.

The chain is the item's (ServiceItem.chain), copied onto the application when it is submitted
(Application.chain), so that a catalogue edit does not strand the cases under way. An application
with no chain, or a chain of one level, is handled in one place exactly as before chains existed.
"""

from django.utils.translation import gettext as _

from shequ.accounts.models import Role
from shequ.services.workflow import APPLICATION_WORKFLOW, Level, Move, Status

ORDER = list(Level.values)

# The level at which each role acts on a chained application; roles not named act at none.
LEVEL_OF_ROLE = {
    Role.VILLAGE_WORKER: Level.VILLAGE,
    Role.TOWNSHIP_STAFF: Level.TOWNSHIP,
    Role.COUNTY_STAFF: Level.COUNTY,
    Role.COUNTY_ADMIN: Level.COUNTY,
}


def chain_errors(chain, *, promised_days: int) -> list[str]:
    """What is wrong with a chain as an item declares it (empty: one level, nothing to check)."""
    if not chain:
        return []
    if not isinstance(chain, list) or not all(
        isinstance(entry, dict) and set(entry) == {"level", "days"} for entry in chain
    ):
        return [_("审批层级的格式不正确：每一级应写明 level 和 days")]
    levels = [entry["level"] for entry in chain]
    if any(level not in ORDER for level in levels) or levels != sorted(set(levels), key=ORDER.index):
        return [_("审批层级应为村（社区）、乡镇、县直部门中的若干级，由低到高，不重复")]
    days = [entry["days"] for entry in chain]
    if not all(isinstance(count, int) and not isinstance(count, bool) and count > 0 for count in days):
        return [_("每一级的办理时限应为正整数（工作日）")]
    if sum(days) != promised_days:
        return [
            _("各级办理时限之和（%(sum)s 个工作日）应等于承诺时限（%(promised)s 个工作日）")
            % {"sum": sum(days), "promised": promised_days}
        ]
    return []


def is_chained(application) -> bool:
    return len(application.chain) > 1


def chain_levels(application) -> list[str]:
    return [entry["level"] for entry in application.chain] or [application.level]


def level_days(application) -> int:
    """The working days the current level has (one level: the item's promised days)."""
    if not is_chained(application):
        return application.service.promised_days
    return next(entry["days"] for entry in application.chain if entry["level"] == application.level)


def _neighbour(application, offset: int) -> str | None:
    levels = chain_levels(application)
    index = levels.index(application.level) + offset
    return levels[index] if 0 <= index < len(levels) else None


def next_level(application) -> str | None:
    return _neighbour(application, 1)


def previous_level(application) -> str | None:
    return _neighbour(application, -1)


def acts_at_level(user, application) -> bool:
    """Whether the user's role acts at the application's current level (scope and department are
    checked beside this); any local handler acts on an application handled in one place."""
    return not is_chained(application) or LEVEL_OF_ROLE.get(user.role) == application.level


def chain_refusal(application, to: str) -> str | None:
    """Why the chain does not allow the step `to` now, or None."""
    if to == Move.FORWARDED and next_level(application) is None:
        return _("已是最后一级，不能再上报") if is_chained(application) else _("该事项在一级办结，无需上报")
    if to == Move.RETURNED and previous_level(application) is None:
        return _("已是第一级，不能再退回")
    if to == Status.COMPLETED and next_level(application) is not None:
        return _("须报%(level)s审批后办结") % {"level": Level(chain_levels(application)[-1]).label}
    return None


def chain_check(application, to: str) -> None:
    if refusal := chain_refusal(application, to):
        raise APPLICATION_WORKFLOW.forbid(refusal)


def chain_steps(application, steps: list) -> list:
    """The (target, step) pairs of the table that the chain allows now, for a page's buttons."""
    return [(target, step) for target, step in steps if chain_refusal(application, target) is None]
