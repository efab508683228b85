"""The performance evaluation of a government-purchased service: scored criteria, the grade the
total earns and the points that grade adds to the provider's credit record. Configuration: a county
that evaluates differently edits these lists (codes stay stable, they are stored with each score)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Criterion:
    code: str
    label: str
    max_score: int


CRITERIA: tuple[Criterion, ...] = (
    Criterion("quantity", _("服务数量完成情况"), 30),
    Criterion("quality", _("服务质量"), 30),
    Criterion("satisfaction", _("服务对象满意度"), 20),
    Criterion("funds", _("资金使用规范"), 10),
    Criterion("records", _("档案管理"), 10),
)


@dataclass(frozen=True)
class Grade:
    code: str
    label: str
    min_total: int
    credit_points: int


# Highest first: a total earns the first grade whose minimum it reaches.
GRADES: tuple[Grade, ...] = (
    Grade("excellent", _("优秀"), 90, 5),
    Grade("good", _("良好"), 75, 2),
    Grade("pass", _("合格"), 60, 0),
    Grade("fail", _("不合格"), 0, -5),
)


def grade_for(total: int) -> Grade:
    return next(grade for grade in GRADES if total >= grade.min_total)


GRADE_CHOICES = [(grade.code, grade.label) for grade in GRADES]
