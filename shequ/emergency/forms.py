from django import forms
from django.utils.translation import gettext_lazy as _

from shequ.accounts.scope import region_scope_q, scope_of
from shequ.emergency.models import Audience, Drill, FireStation, Force, Kind, Level, MovementKind, Shelter
from shequ.regions.codes import Level as RegionLevel
from shequ.regions.models import Region
from shequ.ui.forms import DATE_INPUT, StyledForm


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, region) -> str:
        return f"{region.name}（{region.get_level_display()}）"


class RegionsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, region) -> str:
        return f"{region.name}（{region.get_level_display()}）"


def regions_in_scope(user, levels):
    """The regions of `levels` within the user's own (theirs included), widest first."""
    scope = scope_of(user)
    rows = Region.objects.filter(level__in=levels)
    if not scope.everything:
        rows = rows.filter(region_scope_q(user), code__prefix=scope.region_code or "-")
    return rows.order_by("code")


class WarningForm(StyledForm):
    level = forms.ChoiceField(label=_("预警级别"), choices=Level.choices)
    kind = forms.ChoiceField(label=_("预警类型"), choices=Kind.choices)
    regions = RegionsChoiceField(
        label=_("预警区域（可多选）"), queryset=Region.objects.none(), widget=forms.SelectMultiple(attrs={"size": 8})
    )
    audience = forms.ChoiceField(label=_("发送对象"), choices=Audience.choices)
    title = forms.CharField(label=_("标题（汉文）"), max_length=120)
    body = forms.CharField(label=_("内容（汉文）"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)
    title_ug = forms.CharField(
        label=_("标题（维吾尔文）"), max_length=200, widget=forms.TextInput(attrs={"dir": "rtl", "lang": "ug"})
    )
    body_ug = forms.CharField(
        label=_("内容（维吾尔文）"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "rtl", "lang": "ug"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        levels = [RegionLevel.COUNTY, RegionLevel.TOWNSHIP, RegionLevel.VILLAGE, RegionLevel.GRID]
        self.fields["regions"].queryset = regions_in_scope(user, levels)


class ForcesForm(forms.Form):
    forces = forms.ModelMultipleChoiceField(
        label=_("选择要调用的队伍"), queryset=Force.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["forces"].queryset = Force.objects.for_user(user).filter(active=True)


class AreaForm(StyledForm):
    """A record's area: the county, a township or a unit of the keeper's scope."""

    region = RegionChoiceField(label=_("所属区域"), queryset=Region.objects.none(), empty_label=_("请选择"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        levels = [RegionLevel.COUNTY, RegionLevel.TOWNSHIP, RegionLevel.VILLAGE]
        self.fields["region"].queryset = regions_in_scope(user, levels)


class SupplyForm(AreaForm):
    name = forms.CharField(label=_("物资名称"), max_length=60)
    measure = forms.CharField(label=_("计量单位"), max_length=10)
    quantity = forms.DecimalField(label=_("现有数量"), min_value=0, max_digits=12, decimal_places=2)
    minimum = forms.DecimalField(label=_("最低储备量"), min_value=0, max_digits=12, decimal_places=2)
    location = forms.CharField(label=_("存放地点"), max_length=100)
    expires_on = forms.DateField(label=_("有效期至（可不填）"), required=False, widget=DATE_INPUT)


class MovementForm(StyledForm):
    kind = forms.ChoiceField(label=_("类型"), choices=MovementKind.choices)
    quantity = forms.DecimalField(label=_("数量"), min_value=0, max_digits=12, decimal_places=2)
    note = forms.CharField(label=_("说明（可不填）"), required=False, max_length=200)


class PlanForm(AreaForm):
    title = forms.CharField(label=_("预案名称"), max_length=120)
    version = forms.CharField(label=_("版本"), max_length=20)
    effective_on = forms.DateField(label=_("印发日期"), widget=DATE_INPUT)
    file = forms.FileField(
        label=_("预案文件（PDF或图片）"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )


def record_form(model):
    """The form of a shelter, station, drill or force: its area and its own fields."""
    fields = {
        Shelter: ["name", "address", "capacity", "facilities"],
        FireStation: ["name", "address", "equipment", "staff", "phone"],
        Drill: ["held_on", "scenario", "participants", "notes"],
        Force: ["name", "skills", "leader", "phone", "members"],
    }[model]
    model_form = forms.modelform_factory(model, fields=fields, widgets={"held_on": DATE_INPUT})
    return type(f"{model.__name__}Form", (AreaForm,), dict(model_form.base_fields))
