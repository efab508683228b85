from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from shequ.facilities.hours import Period, periods_parse, periods_text
from shequ.facilities.models import (
    PLAN_FIRST_YEAR,
    PLAN_LAST_YEAR,
    Datum,
    Facility,
    FacilityType,
    OpeningPeriod,
    Ownership,
    PlanningArea,
)
from shequ.facilities.services import FACILITY_FIELDS, FacilityData
from shequ.regions.codes import Level, is_code
from shequ.regions.models import Region
from shequ.ui.forms import DATE_INPUT, StyledForm

HOURS_HELP = _("如 09:30-13:30 16:00-20:00；不开放的留空")


class FacilityFilterForm(StyledForm):
    unit = forms.ModelChoiceField(
        label=_("村（社区）"), queryset=Region.objects.none(), required=False, to_field_name="code"
    )
    type = forms.ModelChoiceField(
        label=_("设施类型"), queryset=FacilityType.objects.all(), required=False, to_field_name="code"
    )
    short_hours = forms.BooleanField(label=_("只看工作日开放不足 8 小时的"), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class FacilityForm(StyledForm):
    unit = forms.ModelChoiceField(label=_("村（社区）"), queryset=Region.objects.none())
    type = forms.ModelChoiceField(label=_("设施类型"), queryset=FacilityType.objects.all())
    name = forms.CharField(label=_("名称"), max_length=100)
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    building_area = forms.DecimalField(label=_("总建筑面积（㎡）"), min_value=0, max_digits=10, decimal_places=2)
    activity_area = forms.DecimalField(
        label=_("居民活动区域面积（㎡）"), min_value=0, max_digits=10, decimal_places=2, initial=0
    )
    commercial_area = forms.DecimalField(
        label=_("商业面积（㎡）"), min_value=0, max_digits=10, decimal_places=2, initial=0
    )
    year_built = forms.IntegerField(label=_("建成年份"), min_value=1949, max_value=2100, required=False)
    ownership = forms.ChoiceField(label=_("产权"), choices=Ownership.choices)
    longitude = forms.DecimalField(label=_("经度"), max_digits=9, decimal_places=6, required=False)
    latitude = forms.DecimalField(label=_("纬度"), max_digits=8, decimal_places=6, required=False)
    datum = forms.ChoiceField(label=_("坐标系"), choices=Datum.choices, initial=Datum.GCJ02)
    self_service_terminals = forms.IntegerField(
        label=_("政务通用自助服务一体机（台）"), min_value=0, max_value=100, initial=0
    )
    next_to_health_facility = forms.BooleanField(label=_("与卫生服务设施毗邻"), required=False)
    barrier_free = forms.BooleanField(label=_("无障碍设施"), required=False)
    elderly_friendly = forms.BooleanField(label=_("适老化改造"), required=False)
    child_friendly = forms.BooleanField(label=_("适儿化改造"), required=False)
    last_retrofit_on = forms.DateField(label=_("最近改造日期"), required=False, widget=DATE_INPUT)
    last_verified_on = forms.DateField(label=_("最近核实日期"), required=False, widget=DATE_INPUT)
    serves = forms.CharField(
        label=_("共享服务的其他村（社区）"),
        required=False,
        help_text=_("本乡镇其他村（社区）的 12 位代码，用空格分开；面积由各单位平均分摊"),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        for weekday, label in OpeningPeriod.Weekday.choices:
            self.fields[f"day{weekday}"] = forms.CharField(
                label=label, required=False, help_text=HOURS_HELP if weekday == 0 else ""
            )
            self.fields[f"day{weekday}"].widget.attrs.update({"class": "form-control", "inputmode": "numeric"})
        self.periods: list[Period] = []

    @classmethod
    def initial_of(cls, facility: Facility) -> dict:
        periods = list(facility.opening_periods.all())
        initial = {name: getattr(facility, name) for name in FACILITY_FIELDS}
        initial |= {"unit": facility.unit, "type": facility.type}
        initial["serves"] = " ".join(s.unit_code for s in facility.served.all() if s.unit_code != facility.scope_code)
        initial |= {f"day{day}": periods_text(periods, day) for day in range(7)}
        return initial

    def clean(self):
        values = super().clean()
        self.periods = []
        for weekday in range(7):
            try:
                self.periods += periods_parse(values.get(f"day{weekday}", ""), weekday=weekday)
            except ValidationError as invalid:
                self.add_error(f"day{weekday}", invalid)
        codes = values.get("serves", "").split()
        bad = [code for code in codes if not is_code(code, Level.VILLAGE)]
        if bad:
            self.add_error("serves", _("应为 12 位村（社区）代码：%(codes)s") % {"codes": " ".join(bad)})
        self.also_serves = list(Region.objects.filter(code__in=codes, level=Level.VILLAGE)) if not bad else []
        if not bad and len(self.also_serves) != len(set(codes)):
            self.add_error("serves", _("有不存在的村（社区）代码"))
        return values

    def to_data(self) -> FacilityData:
        values = self.cleaned_data
        fields = {name: values[name] for name in FACILITY_FIELDS}
        fields["activity_area"] = fields["activity_area"] or Decimal("0")
        fields["commercial_area"] = fields["commercial_area"] or Decimal("0")
        return FacilityData(
            unit=values["unit"],
            type=values["type"],
            values=fields,
            periods=self.periods,
            also_serves=[(unit, None) for unit in self.also_serves],
        )


class PhotoForm(StyledForm):
    photo = forms.FileField(label=_("照片"), widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}))


class ImportForm(StyledForm):
    file = forms.FileField(label=_("填好的模板（.xlsx）"))


class ProfileForm(StyledForm):
    total_building_area = forms.DecimalField(
        label=_("社区总建筑面积（㎡）"), min_value=0, max_digits=10, decimal_places=2, required=False
    )
    newly_built_year = forms.IntegerField(
        label=_("新建社区建成年份"),
        min_value=PLAN_FIRST_YEAR,
        max_value=PLAN_LAST_YEAR,
        required=False,
        help_text=_("规划期（2021–2025 年）内新建的社区填写建成年份；不是新建社区的不填"),
    )


class OrgCheckForm(StyledForm):
    checked_on = forms.DateField(label=_("核查日期"), widget=DATE_INPUT)
    present = forms.ModelMultipleChoiceField(
        label=_("已具备"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, model, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = model.components.all()
        self.fields["present"].label = str(model)


class PlanningAreaForm(forms.ModelForm):
    class Meta:
        model = PlanningArea
        fields = [
            "name",
            "kind",
            "planned_residents",
            "elderly_care_land",
            "elderly_care_handover",
            "infant_care_area",
            "infant_care_handover",
            "checked_on",
        ]
        widgets = {"checked_on": DATE_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css
