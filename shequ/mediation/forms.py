from django import forms
from django.utils.translation import gettext_lazy as _

from shequ.mediation.models import PartyRole
from shequ.mediation.selectors import dispute_types, mediator_choices, publicity_kinds, units_in_scope
from shequ.regions.codes import Level
from shequ.ui.forms import DATE_INPUT, StyledForm

PARTY_ROWS = 3


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        return [super(PhotosField, self).clean(file, initial) for file in files]


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, region) -> str:
        return region.short_name


class CatalogueChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, entry) -> str:
        return entry.local_name


class UnitForm(StyledForm):
    """A form whose records belong to one unit of the user's scope (a worker's own unit is preset)."""

    unit = UnitChoiceField(label=_("村（社区）"), queryset=None, empty_label=_("请选择"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = units_in_scope(user=user)
        self.fields["unit"].queryset = units
        if user.region_id and units.filter(pk=user.region_id).exists():
            self.fields["unit"].initial = user.region_id


class CaseForm(UnitForm):
    dispute_type = CatalogueChoiceField(label=_("纠纷类型"), queryset=dispute_types(), empty_label=_("请选择"))
    summary = forms.CharField(label=_("纠纷简要情况"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)
    mediator_name = forms.CharField(label=_("调解员"), max_length=40)
    mediator = forms.ModelChoiceField(
        label=_("调解员账号（可不选）"), queryset=None, required=False, empty_label=_("不选")
    )
    accepted_on = forms.DateField(label=_("受理日期"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        # A worker picks among their own unit's mediators; others name the mediator only.
        if user.region_id and user.region.level == Level.VILLAGE:
            self.fields["mediator"].queryset = mediator_choices(unit=user.region)
            self.fields["mediator"].label_from_instance = lambda account: account.get_full_name() or account.username
        else:
            del self.fields["mediator"]
        for number in range(1, PARTY_ROWS + 1):
            self.fields[f"party{number}_role"] = forms.ChoiceField(
                label=_("当事人%(number)s 身份") % {"number": number},
                choices=PartyRole.choices,
                initial=PartyRole.APPLICANT if number == 1 else PartyRole.RESPONDENT,
                required=False,
            )
            self.fields[f"party{number}_name"] = forms.CharField(
                label=_("当事人%(number)s 姓名") % {"number": number}, max_length=40, required=number == 1
            )
            self.fields[f"party{number}_phone"] = forms.CharField(
                label=_("当事人%(number)s 联系电话") % {"number": number}, max_length=20, required=False
            )
            for suffix in ("role", "name", "phone"):
                widget = self.fields[f"party{number}_{suffix}"].widget
                widget.attrs["class"] = "form-select" if suffix == "role" else "form-control"

    def party_rows(self):
        return [
            (self[f"party{number}_role"], self[f"party{number}_name"], self[f"party{number}_phone"])
            for number in range(1, PARTY_ROWS + 1)
        ]


class FromIncidentForm(StyledForm):
    dispute_type = CatalogueChoiceField(label=_("纠纷类型"), queryset=dispute_types(), empty_label=_("请选择"))
    mediator_name = forms.CharField(label=_("调解员"), max_length=40)


class StepForm(StyledForm):
    """One step on the case page; the buttons name the target state."""

    to = forms.CharField(widget=forms.HiddenInput, required=False)
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    agreement = forms.FileField(
        label=_("调解协议书（调解成功时可上传，PDF 或照片）"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )


class SessionForm(StyledForm):
    held_on = forms.DateField(label=_("调解日期"), widget=DATE_INPUT)
    place = forms.CharField(label=_("调解地点"), max_length=100)
    notes = forms.CharField(label=_("调解记录"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class PartyForm(StyledForm):
    role = forms.ChoiceField(label=_("当事人身份"), choices=PartyRole.choices)
    name = forms.CharField(label=_("姓名"), max_length=40)
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)


class RevealForm(StyledForm):
    reason = forms.CharField(
        label=_("查看理由"),
        max_length=500,
        min_length=2,
        help_text=_("将记入审计日志，例如：通知当事人参加调解"),
    )


class AdviserForm(UnitForm):
    name = forms.CharField(label=_("姓名"), max_length=40)
    law_firm = forms.CharField(label=_("律师事务所"), max_length=100)
    phone = forms.CharField(label=_("联系电话"), max_length=20)
    term_start = forms.DateField(label=_("聘任开始"), widget=DATE_INPUT)
    term_end = forms.DateField(label=_("聘任结束"), widget=DATE_INPUT)


class ConsultationForm(UnitForm):
    asked_on = forms.DateField(label=_("咨询日期"), widget=DATE_INPUT)
    question = forms.CharField(label=_("咨询问题摘要"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    advice = forms.CharField(label=_("解答意见"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    follow_up = forms.CharField(
        label=_("后续跟进（可不填）"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class PublicityForm(UnitForm):
    kind = CatalogueChoiceField(label=_("活动类型"), queryset=publicity_kinds(), empty_label=_("请选择"))
    title = forms.CharField(label=_("活动主题"), max_length=100)
    held_on = forms.DateField(label=_("活动日期"), widget=DATE_INPUT)
    place = forms.CharField(label=_("活动地点"), max_length=100)
    audience = forms.CharField(label=_("宣传对象"), max_length=100, help_text=_("如：辖区居民、中小学生、外来务工人员"))
    attendance = forms.IntegerField(label=_("参加人数"), min_value=1, max_value=100000)
    photos = PhotosField(
        label=_("活动照片（可不传）"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
