"""The special groups a community cares for under a duty (seed plan, task 5), and how often each
must be visited.

Default intervals (days between required care visits), from common practice; a county changes them
with SHEQU_SPECIALCARE_VISIT_DAYS (config/settings.py), e.g. "mental=14,released=60":
- 社区矫正 (correction): monthly, beside the 司法所's own supervision;
- 刑满释放 (released): quarterly during 安置帮教;
- 社区戒毒/社区康复 (drug_rehab): monthly;
- 严重精神障碍 (mental): monthly visits of the 关爱帮扶小组 (the health service's follow-up is its own);
- 未成年人·发现报告 (minor_report): weekly until the report is settled;
- 未成年人·家庭监护监督 (minor_guardianship) and 困境儿童 (minor_difficulty): monthly (儿童主任).
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _


class Group(models.TextChoices):
    CORRECTION = "correction", _("社区矫正")
    RELEASED = "released", _("刑满释放")
    DRUG_REHAB = "drug_rehab", _("社区戒毒/社区康复")
    MENTAL = "mental", _("严重精神障碍")
    MINOR_REPORT = "minor_report", _("未成年人·发现报告")
    MINOR_GUARDIANSHIP = "minor_guardianship", _("未成年人·家庭监护监督")
    MINOR_DIFFICULTY = "minor_difficulty", _("困境儿童")


DEFAULT_VISIT_DAYS = {
    Group.CORRECTION: 30,
    Group.RELEASED: 90,
    Group.DRUG_REHAB: 30,
    Group.MENTAL: 30,
    Group.MINOR_REPORT: 7,
    Group.MINOR_GUARDIANSHIP: 30,
    Group.MINOR_DIFFICULTY: 30,
}

# Groups whose record names a guardian (the person cannot always speak for themself).
WITH_GUARDIAN = frozenset({Group.MENTAL, Group.MINOR_REPORT, Group.MINOR_GUARDIANSHIP, Group.MINOR_DIFFICULTY})


def visit_days(group: str) -> int:
    """Days between required visits of `group`: the setting's value, else the default above."""
    overrides = {}
    for item in filter(None, (part.strip() for part in settings.SPECIALCARE_VISIT_DAYS.split(","))):
        name, _sep, days = item.partition("=")
        if name.strip() not in Group.values or not days.strip().isdigit() or int(days) < 1:
            raise ImproperlyConfigured(
                f"SHEQU_SPECIALCARE_VISIT_DAYS: {item!r} is not group=days with a group of {', '.join(Group.values)}"
            )
        overrides[name.strip()] = int(days)
    return overrides.get(group, DEFAULT_VISIT_DAYS[Group(group)])
