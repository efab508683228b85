from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from shequ.accounts.models import Department
from shequ.regions.models import Region
from shequ.services.forms import MultipleFileField
from shequ.ui.forms import DATE_INPUT, StyledForm


class WorkItemForm(StyledForm):
    department = forms.ChoiceField(label=_("部门"), required=False)
    township = forms.ModelChoiceField(label=_("乡镇"), queryset=Region.objects.none(), required=False)
    title = forms.CharField(label=_("工作事项"), max_length=100)
    target = forms.CharField(label=_("工作目标"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    due_on = forms.DateField(label=_("完成时限"), widget=DATE_INPUT)

    def __init__(self, *args, departments: list[str], townships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", "—"), *[(code, Department(code).label) for code in departments]]
        self.fields["township"].queryset = townships
        if not departments:
            del self.fields["department"]
        if not townships.exists():
            del self.fields["township"]

    def clean(self):
        data = super().clean()
        if bool(data.get("department")) == bool(data.get("township")):
            raise forms.ValidationError(_("请选择一个部门或一个乡镇"))
        return data


class FiguresField(forms.CharField):
    """Figures as lines "名称: 数值 单位" (建成站点: 3 个); at most 10."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value):
        lines = [line.strip() for line in (super().to_python(value) or "").splitlines() if line.strip()]
        figures = []
        for line in lines:
            label, sep, rest = line.replace("：", ":").partition(":")
            number, _space, unit = rest.strip().partition(" ")
            try:
                if not sep or not label.strip():
                    raise InvalidOperation
                figures.append((label.strip()[:40], Decimal(number), unit.strip()[:10]))
            except InvalidOperation:
                raise forms.ValidationError(
                    _("“%(line)s”不是“名称: 数值 单位”的格式") % {"line": line[:40]}, code="figure"
                ) from None
        return figures


class ReportForm(StyledForm):
    period_index = forms.TypedChoiceField(label=_("报告期次"), coerce=int)
    text = forms.CharField(label=_("进展情况"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5}))
    percent_done = forms.IntegerField(label=_("完成进度（%）"), min_value=0, max_value=100, required=False)
    figures = FiguresField(
        label=_("数据"), required=False, help_text=_("每行一项，如“建成站点: 3 个”"), max_length=1000
    )
    files = MultipleFileField(label=_("附件（PDF、JPG、PNG）"), required=False)

    def __init__(self, *args, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period_index"].choices = [(period.index, period.label) for period in periods]


class NoteForm(StyledForm):
    note = forms.CharField(label=_("说明"), max_length=1000, required=False)


class LeadForm(StyledForm):
    department = forms.ChoiceField(label=_("牵头部门"), required=False)

    def __init__(self, *args, departments: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", _("不设牵头部门")), *[(c, Department(c).label) for c in departments]]


class MatterForm(StyledForm):
    title = forms.CharField(label=_("事项"), max_length=100)
    occurred_on = forms.DateField(label=_("发生日期"), widget=DATE_INPUT)
    description = forms.CharField(label=_("基本情况"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5}))


class VersionForm(StyledForm):
    region = forms.ModelChoiceField(label=_("乡镇或村（社区）"), queryset=Region.objects.none())
    effective_on = forms.DateField(label=_("生效日期"), widget=DATE_INPUT)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)
    file = forms.FileField(label=_("清单文件（PDF、JPG、PNG）"))

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions


class ScoreForm(StyledForm):
    criterion = forms.ModelChoiceField(label=_("考核评分项"), queryset=None)
    party = forms.ChoiceField(label=_("考核对象"))
    points = forms.DecimalField(label=_("得分"), min_value=0, max_value=100, decimal_places=2)
    reason = forms.CharField(label=_("评分理由"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, criteria, parties: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].queryset = criteria
        self.fields["party"].choices = parties


class YearForm(forms.Form):
    year = forms.IntegerField(min_value=2021, max_value=2100)
