from django import forms
from django.utils.translation import gettext_lazy as _

from shequ.accounts.models import Department
from shequ.participation.models import Audience
from shequ.regions.models import Region
from shequ.residents.choices import CareTag


class NoticeForm(forms.Form):
    region = forms.ModelChoiceField(label=_("发布范围"), queryset=Region.objects.none())
    audience = forms.ChoiceField(label=_("对象"), choices=Audience.choices)
    care_tag = forms.ChoiceField(
        label=_("关爱标签"), choices=[("", _("任一关爱标签")), *CareTag.choices], required=False
    )
    title = forms.CharField(label=_("标题"), max_length=120, required=False)
    body = forms.CharField(label=_("正文"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    title_ug = forms.CharField(label=_("维吾尔文标题"), max_length=200, required=False)
    body_ug = forms.CharField(
        label=_("维吾尔文正文"), widget=forms.Textarea(attrs={"rows": 5, "dir": "rtl"}), required=False
    )
    pinned = forms.BooleanField(label=_("置顶"), required=False)
    urgent = forms.BooleanField(label=_("紧急（同时发短信）"), required=False)
    expires_at = forms.DateTimeField(
        label=_("截止时间"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions

    def clean(self):
        values = super().clean()
        if values.get("audience") != Audience.CARE_TAGGED:
            values["care_tag"] = ""
        return values


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("您的问题"), widget=forms.Textarea(attrs={"rows": 5}), max_length=2000)
    department = forms.ChoiceField(
        label=_("咨询哪个部门"), choices=[("", _("不清楚，交给本村（社区）")), *Department.choices], required=False
    )
    public = forms.BooleanField(label=_("答复可以公开（不显示您的姓名）"), required=False)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("答复内容"), widget=forms.Textarea(attrs={"rows": 6}), max_length=4000)


class RateForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("对答复的满意度"),
        coerce=int,
        choices=[(5, _("非常满意")), (4, _("满意")), (3, _("基本满意")), (2, _("不满意")), (1, _("非常不满意"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("评价意见"), required=False, max_length=500)
