from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shequ.bookings.models import Provider
from shequ.bookings.selectors import bookable_items, providers_for_slots, units_for_slots
from shequ.bookings.services import MAX_CAPACITY
from shequ.core.dates import UPCOMING
from shequ.regions.models import Region
from shequ.ui.forms import DATE_INPUT, StyledForm

TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.short_name


class ServiceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj.localized("name"))


class SlotForm(StyledForm):
    service = ServiceChoiceField(label=_("服务事项"), queryset=bookable_items(), empty_label=_("请选择"))
    provider = forms.ModelChoiceField(label=_("服务机构"), queryset=Provider.objects.none(), empty_label=_("请选择"))
    region = UnitChoiceField(label=_("村（社区）"), queryset=Region.objects.none(), empty_label=_("请选择"))
    day = forms.DateField(label=_("日期"), widget=DATE_INPUT, validators=[UPCOMING])
    start = forms.TimeField(label=_("开始时间"), widget=TIME_INPUT)
    end = forms.TimeField(label=_("结束时间"), widget=TIME_INPUT)
    capacity = forms.IntegerField(label=_("名额"), min_value=1, max_value=MAX_CAPACITY, initial=1)
    place = forms.CharField(label=_("服务地点"), max_length=100, help_text=_("如：上门、社区服务站"))

    # Where the service's own field names differ from the form's.
    SERVICE_FIELDS = {"starts_at": "start", "ends_at": "end"}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = bookable_items()
        self.fields["provider"].queryset = providers_for_slots(user=user)
        self.fields["region"].queryset = units_for_slots(user=user)

    def clean(self):
        values = super().clean()
        if values.get("start") and values.get("end") and values["end"] <= values["start"]:
            self.add_error("end", ValidationError(_("结束时间必须晚于开始时间")))
        return values

    def to_kwargs(self) -> dict:
        values = self.cleaned_data
        return {
            "service": values["service"],
            "provider": values["provider"],
            "region": values["region"],
            "starts_at": timezone.make_aware(datetime.combine(values["day"], values["start"])),
            "ends_at": timezone.make_aware(datetime.combine(values["day"], values["end"])),
            "capacity": values["capacity"],
            "place": values["place"],
        }


class CancelForm(StyledForm):
    reason = forms.CharField(label=_("取消原因"), max_length=200, required=False, help_text=_("可不填"))


class PersonSearchForm(StyledForm):
    q = forms.CharField(
        label=_("查找居民"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("姓名、拼音首字母（如 zs）或身份证号后几位"), "type": "search"}),
    )
