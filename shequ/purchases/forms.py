from django import forms
from django.utils.translation import gettext_lazy as _

from shequ.bookings.models import Provider
from shequ.purchases.criteria import CRITERIA
from shequ.purchases.models import TargetGroup
from shequ.regions.models import Region
from shequ.ui.forms import DATE_INPUT, StyledForm


class ProjectForm(StyledForm):
    name = forms.CharField(label=_("项目名称"), max_length=100)
    provider = forms.ModelChoiceField(label=_("承接机构"), queryset=Provider.objects.none())
    budget = forms.DecimalField(label=_("预算（元）"), min_value=0, max_digits=12, decimal_places=2)
    starts_on = forms.DateField(label=_("开始日期"), widget=DATE_INPUT)
    ends_on = forms.DateField(label=_("结束日期"), widget=DATE_INPUT)
    region = forms.ModelChoiceField(label=_("服务区域"), queryset=Region.objects.none())
    target_group = forms.ChoiceField(label=_("服务对象"), choices=TargetGroup.choices)

    def __init__(self, *args, providers, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers
        self.fields["region"].queryset = regions


class MilestoneForm(StyledForm):
    title = forms.CharField(label=_("节点"), max_length=100)
    due_on = forms.DateField(label=_("约定日期"), widget=DATE_INPUT)
    amount = forms.DecimalField(label=_("支付金额（元）"), min_value=0, max_digits=12, decimal_places=2, required=False)


class EvaluationForm(StyledForm):
    evaluated_on = forms.DateField(label=_("评价日期"), widget=DATE_INPUT)
    note = forms.CharField(label=_("评价意见"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for criterion in CRITERIA:
            self.fields[criterion.code] = forms.IntegerField(
                label=f"{criterion.label}（0–{criterion.max_score}）", min_value=0, max_value=criterion.max_score
            )
            self.fields[criterion.code].widget.attrs["class"] = "form-control"

    def scores(self) -> dict[str, int]:
        return {criterion.code: self.cleaned_data[criterion.code] for criterion in CRITERIA}
