from datetime import date, datetime, time

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shequ.facilities.models import Facility
from shequ.ui.forms import DATE_INPUT, StyledForm
from shequ.venues.services import BookingRequest

TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class BookingForm(StyledForm):
    day = forms.DateField(label=_("日期"), widget=DATE_INPUT)
    start = forms.TimeField(label=_("开始时间"), widget=TIME_INPUT)
    end = forms.TimeField(label=_("结束时间"), widget=TIME_INPUT)
    attendees = forms.IntegerField(label=_("人数"), min_value=1, max_value=10000, initial=1)
    purpose = forms.CharField(label=_("用途"), max_length=200, required=False)
    organisation = forms.CharField(
        label=_("预约单位（组织）"), max_length=100, required=False, help_text=_("以组织名义预约时填写，个人预约不填")
    )

    def to_request(self) -> BookingRequest:
        data = self.cleaned_data
        day: date = data["day"]

        def at(moment: time) -> datetime:
            return timezone.make_aware(datetime.combine(day, moment))

        return BookingRequest(
            start=at(data["start"]),
            end=at(data["end"]),
            purpose=data["purpose"],
            attendees=data["attendees"],
            organisation=data["organisation"],
        )


class NoteForm(StyledForm):
    note = forms.CharField(label=_("说明"), max_length=500, required=False)


class RoomForm(StyledForm):
    facility = forms.ModelChoiceField(label=_("服务设施"), queryset=Facility.objects.none())
    name = forms.CharField(label=_("名称"), max_length=60)
    capacity = forms.IntegerField(label=_("容纳人数"), min_value=1, max_value=10000)
    needs_approval = forms.BooleanField(label=_("预约需审批"), required=False)
    bookable = forms.BooleanField(label=_("开放预约"), required=False, initial=True)
    description = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args, facilities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facility"].queryset = facilities


class PeriodForm(StyledForm):
    first = forms.DateField(label=_("起始日期"), widget=DATE_INPUT)
    last = forms.DateField(label=_("截止日期"), widget=DATE_INPUT)

    def clean(self):
        data = super().clean()
        first, last = data.get("first"), data.get("last")
        if first and last and (last < first or (last - first).days > 366):
            raise forms.ValidationError(_("截止日期应在起始日期之后，且不超过一年"))
        return data
