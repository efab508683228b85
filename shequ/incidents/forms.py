from django import forms
from django.utils.translation import gettext_lazy as _

from shequ.accounts.models import Department
from shequ.incidents.selectors import category_leaves
from shequ.ui.forms import StyledForm


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        return [super(PhotosField, self).clean(file, initial) for file in files]


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, category) -> str:
        return f"{category.parent.local_name} · {category.local_name}"


class ReportForm(StyledForm):
    category = CategoryChoiceField(label=_("事件类别"), queryset=category_leaves(), empty_label=_("请选择"))
    description = forms.CharField(label=_("事件描述"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)
    location = forms.CharField(label=_("位置（可不填）"), required=False, max_length=200)
    photos = PhotosField(
        label=_("照片（可不传）"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png", "capture": "environment"}),
    )


class StepForm(StyledForm):
    """One step on the case page; the buttons name the target state."""

    to = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    department = forms.ChoiceField(
        label=_("改派县直部门（可不选，按规则派遣）"), required=False, choices=[("", "—"), *Department.choices]
    )
    unit = forms.CharField(label=_("改派村（社区）或乡镇代码（可不填）"), required=False, max_length=15)
    until = forms.DateTimeField(
        label=_("延期至"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    photos = PhotosField(
        label=_("处置照片"), required=False, widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png"})
    )


class PatrolForm(StyledForm):
    started_at = forms.DateTimeField(label=_("开始时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    ended_at = forms.DateTimeField(
        label=_("结束时间"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    places = forms.CharField(label=_("巡查地点"), widget=forms.Textarea(attrs={"rows": 2}))
    note = forms.CharField(label=_("巡查情况"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    finding = forms.CharField(label=_("发现的问题（可不填）"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    finding_place = forms.CharField(label=_("问题地点"), required=False, max_length=200)


class FindingReportForm(StyledForm):
    category = CategoryChoiceField(label=_("事件类别"), queryset=category_leaves(), empty_label=_("请选择"))
