"""Figures as the pages show them: rounded, with their unit, the comparison and what is missing."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from shequ.monitoring.engine import Figure
from shequ.monitoring.indicators import BY_CODE, MISSING_INPUTS


@dataclass
class Shown:
    code: str
    name: str
    value: str
    target: str
    met: bool | None
    status: str
    own_measure: bool
    note: str
    missing: bool = False
    sparkline: str = ""  # the year-end trend as SVG (charts.sparkline), set by the overview


def api_number(number) -> float | None:
    """A figure as the API and the Excel give it: a float rounded to two places."""
    return round(float(number), 2) if number is not None else None


def _number(number) -> str:
    return f"{float(number):,.1f}".rstrip("0").rstrip(".") if number is not None else ""


def shown(figure: Figure | None, code: str) -> Shown:
    indicator = BY_CODE[code]
    unit = str(indicator.unit)
    own = not indicator.plan_target
    if figure is None:
        return Shown(code, str(indicator.name), "—", "", None, _("不适用"), own, "")
    comparison = {"gte": "≥", "gt": ">"}.get(figure.comparison, "")
    target = f"{comparison} {_number(figure.target)} {unit}" if figure.target is not None else ""
    if figure.missing:
        lacking = "、".join(str(MISSING_INPUTS[name]) for name in figure.missing)
        status = _("缺少数据：%(inputs)s") % {"inputs": lacking}
        value = "—"
    elif figure.value is None:
        status, value = _("不适用"), "—"
    else:
        value = f"{_number(figure.value)} {unit}"
        status = {True: _("达标"), False: _("未达标"), None: _("无目标")}[figure.met]
    note = ""
    if code == "workers_per_10k_urban":
        note = _("规划工作目标写“不低于25人”，重点任务写“大于25人”；默认按“不低于”判断，比较方式可配置。")
    return Shown(code, str(indicator.name), value, target, figure.met, status, own, note, bool(figure.missing))
