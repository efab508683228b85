from django import forms
from django.utils.translation import gettext_lazy as _

from shequ.accounts.models import User
from shequ.regions.models import Region
from shequ.specialcare.groups import Group
from shequ.specialcare.models import VisitKind
from shequ.specialcare.rules import DUTY_ROLES
from shequ.specialcare.selectors import DUE_FILTERS
from shequ.ui.forms import DATE_INPUT, StyledForm


class ListFilterForm(forms.Form):
    group = forms.ChoiceField(required=False, choices=[("", ""), *Group.choices])
    due = forms.ChoiceField(required=False, choices=[("", ""), *((due, due) for due in DUE_FILTERS)])


class VisitForm(StyledForm):
    visited_on = forms.DateField(label=_("走访日期"), widget=DATE_INPUT)
    kind = forms.ChoiceField(label=_("方式"), choices=VisitKind.choices, widget=forms.RadioSelect)
    notes = forms.CharField(label=_("走访情况"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class EndForm(StyledForm):
    ended_on = forms.DateField(label=_("结束日期"), widget=DATE_INPUT)
    reason = forms.CharField(label=_("结束原因"), widget=forms.Textarea(attrs={"rows": 2}))


class RecordForm(StyledForm):
    """A new record: the person by their whole ID number (found within the worker's registry scope)."""

    group = forms.ChoiceField(label=_("特殊群体"), choices=Group.choices)
    id_number = forms.CharField(label=_("关爱对象的身份证号"), max_length=18)
    started_on = forms.DateField(label=_("纳入日期"), widget=DATE_INPUT)
    responsible = forms.ModelChoiceField(label=_("责任人"), queryset=User.objects.none(), empty_label=None)
    guardian_name = forms.CharField(label=_("监护人姓名"), required=False, max_length=50)
    guardian_relation = forms.CharField(label=_("与监护人关系"), required=False, max_length=20)
    guardian_phone = forms.CharField(label=_("监护人电话"), required=False, max_length=12)
    rehabilitation_service = forms.CharField(label=_("社区康复服务"), required=False, max_length=200)
    supervision_starts_on = forms.DateField(label=_("矫正期起"), required=False, widget=DATE_INPUT)
    supervision_ends_on = forms.DateField(label=_("矫正期止"), required=False, widget=DATE_INPUT)
    notes = forms.CharField(label=_("情况说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, responsibles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = responsibles


class GrantForm(StyledForm):
    user = forms.ModelChoiceField(label=_("工作人员"), queryset=User.objects.none())
    region = forms.CharField(label=_("职责区域代码"), max_length=15, help_text=_("该工作人员所属区划或其下级的代码"))
    groups = forms.MultipleChoiceField(label=_("特殊群体"), choices=Group.choices, widget=forms.CheckboxSelectMultiple)
    starts_on = forms.DateField(label=_("开始日期"), widget=DATE_INPUT)
    ends_on = forms.DateField(label=_("结束日期（可不填）"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, acting_user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            User.objects.for_user(acting_user).filter(is_active=True, role__in=DUTY_ROLES).order_by("username")
        )

    def clean_region(self):
        region = Region.objects.filter(code=self.cleaned_data["region"].strip()).first()
        if region is None:
            raise forms.ValidationError(_("没有这个区划代码"))
        return region


class RevokeForm(StyledForm):
    reason = forms.CharField(label=_("撤销理由"), widget=forms.Textarea(attrs={"rows": 2}))
