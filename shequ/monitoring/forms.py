"""Forms of the plan monitoring: a report to build, a baseline value with its source, a plan's target."""

from django import forms
from django.utils.translation import gettext_lazy as _

from shequ.monitoring.indicators import INDICATOR_CHOICES
from shequ.monitoring.models import Comparison, PlanVersion, ReportKind


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("报告"), choices=ReportKind.choices)
    plan = forms.ModelChoiceField(label=_("规划版本"), queryset=PlanVersion.objects.none(), empty_label=None)
    as_of = forms.DateField(
        label=_("统计日期"),
        required=False,
        help_text=_("留空为今天的实时数据；之前的日期读取当日快照"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans


class BaselineForm(forms.Form):
    indicator = forms.ChoiceField(label=_("指标"), choices=INDICATOR_CHOICES)
    value = forms.DecimalField(label=_("基期值"), max_digits=14, decimal_places=4, min_value=0)
    as_of = forms.DateField(label=_("统计日期"), widget=forms.DateInput(attrs={"type": "date"}))
    source = forms.CharField(
        label=_("来源"),
        max_length=200,
        help_text=_("统计公报、年报或文件名称及文号"),
        error_messages={"required": _("请填写基期值的来源")},
    )


class TargetForm(forms.Form):
    indicator = forms.ChoiceField(label=_("指标"), choices=INDICATOR_CHOICES)
    target = forms.DecimalField(label=_("目标值"), max_digits=12, decimal_places=2, min_value=0)
    comparison = forms.ChoiceField(label=_("比较方式"), choices=Comparison.choices)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)
