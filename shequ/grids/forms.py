from django import forms
from django.utils.translation import gettext_lazy as _

from shequ.grids.models import BodyKind, GridKind, GridRole, GridSubject, PlaceKind
from shequ.ui.forms import DATE_INPUT, StyledForm


class ProfileForm(StyledForm):
    kind = forms.ChoiceField(label=_("网格类型"), choices=GridKind.choices)
    subject = forms.ChoiceField(
        label=_("专属对象类型"), choices=[("", _("（综合网格不填）")), *GridSubject.choices], required=False
    )
    subject_name = forms.CharField(label=_("专属对象名称"), required=False, max_length=100)


class MemberForm(StyledForm):
    role = forms.ChoiceField(label=_("职责"), choices=GridRole.choices)
    name = forms.CharField(label=_("姓名"), max_length=50)
    phone = forms.CharField(label=_("联系电话"), required=False, max_length=20)
    building = forms.CharField(label=_("负责楼栋或联户（楼栋长、联户长填写）"), required=False, max_length=100)
    username = forms.CharField(label=_("平台账号（有账号的填写）"), required=False, max_length=150)
    starts_on = forms.DateField(label=_("任职开始"), widget=DATE_INPUT)


class SafetyMemberForm(StyledForm):
    unit = forms.ChoiceField(label=_("村（社区）"))
    kind = forms.ChoiceField(label=_("组织类型"), choices=BodyKind.choices)
    name = forms.CharField(label=_("姓名"), max_length=50)
    post = forms.CharField(label=_("职务"), required=False, max_length=30)
    phone = forms.CharField(label=_("联系电话"), required=False, max_length=20)
    username = forms.CharField(label=_("平台账号（有账号的填写）"), required=False, max_length=150)
    starts_on = forms.DateField(label=_("任职开始"), widget=DATE_INPUT)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(unit.code, unit.name) for unit in units]


class EndForm(StyledForm):
    ends_on = forms.DateField(label=_("任职结束"), widget=DATE_INPUT)


class MoveForm(StyledForm):
    to_grid = forms.ChoiceField(label=_("调整到网格"))
    reason = forms.CharField(label=_("调整原因"), required=False, max_length=200)

    def __init__(self, *args, grids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_grid"].choices = [(grid.code, grid.name) for grid in grids]


class PlaceForm(StyledForm):
    grid = forms.ChoiceField(label=_("网格"))
    name = forms.CharField(label=_("名称"), max_length=100)
    kind = forms.ChoiceField(label=_("场所类型"), choices=PlaceKind.choices)
    address = forms.CharField(label=_("地址"), required=False, max_length=200)
    interval_days = forms.IntegerField(label=_("检查周期（天）"), min_value=1, max_value=366, initial=30)
    first_due_on = forms.DateField(label=_("首次检查日期"), widget=DATE_INPUT, required=False)

    def __init__(self, *args, grids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grid"].choices = [(grid.code, grid.name) for grid in grids]


PASS_CHOICES = [("1", _("合格")), ("0", _("不合格"))]


class InspectionForm(StyledForm):
    """One pass/fail choice and a problem note per checklist item of the place."""

    inspected_on = forms.DateField(label=_("检查日期"), widget=DATE_INPUT)
    note = forms.CharField(label=_("检查情况"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"item_{item.code}"] = forms.ChoiceField(
                label=item.local_text, choices=PASS_CHOICES, widget=forms.RadioSelect, initial="1"
            )
            self.fields[f"note_{item.code}"] = forms.CharField(
                label=_("问题说明（不合格时填写）"), required=False, max_length=200
            )

    def results(self) -> dict[str, tuple[bool, str]]:
        values = self.cleaned_data
        return {item.code: (values[f"item_{item.code}"] == "1", values[f"note_{item.code}"]) for item in self.items}
