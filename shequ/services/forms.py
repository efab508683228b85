from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from shequ.services.family import chooser_label
from shequ.services.materials import material_requirements
from shequ.services.workflow import Move, Status
from shequ.ui.forms import DATE_INPUT, StyledForm


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


class PersonChoiceField(forms.ModelChoiceField):
    """Names repeat; the masked ID number and the unit tell people apart without revealing them."""

    def label_from_instance(self, person) -> str:
        return f"{person.name} · {person.id_number_masked or '—'} · {person.region.short_name}"


class FamilyChoiceField(forms.ModelChoiceField):
    """为谁申请: relation, birth year and the last four ID characters tell same-named people apart
    (services.family.chooser_label); `own` is the resident choosing."""

    own = None

    def label_from_instance(self, person) -> str:
        return chooser_label(person, own=self.own)


class ApplyForm(StyledForm):
    applicant = FamilyChoiceField(label=_("为谁申请"), queryset=None, empty_label=None)
    note = forms.CharField(
        label=_("情况说明"),
        required=False,
        max_length=settings.NOTE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    files = MultipleFileField(label=_("申请材料"), required=False)

    def __init__(self, *args, applicants, item=None, own=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applicant"].own = own
        self.fields["files"].help_text = _("拍照或扫描上传，PDF、JPG 或 PNG，每个文件不超过 %(mb)s MB") % {
            "mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)
        }
        self.fields["files"].label = _("其他材料")
        self.fields["applicant"].queryset = applicants
        # One file field per material the registry does not hold (services.materials); whether one
        # is missing is the service's answer, so that the form keeps what was typed and names them all.
        self.registry_materials = []
        for requirement in material_requirements(item) if item else []:
            if requirement.from_registry:
                self.registry_materials.append(requirement.label)
            else:
                self.fields[requirement.field] = MultipleFileField(label=requirement.label, required=False)
                self.fields[requirement.field].widget.attrs["class"] = "form-control"
        self.order_fields([name for name in self.fields if name != "files"] + ["files"])

    def material_uploads(self) -> dict:
        return {name: files for name, files in self.cleaned_data.items() if name.startswith("material_") and files}


class WindowForm(ApplyForm):
    """At the window the worker picks the resident from the registry of their area."""

    service = forms.ModelChoiceField(label=_("服务事项"), queryset=None, empty_label=None)
    applicant = PersonChoiceField(label=_("申请人"), queryset=None, empty_label=None, widget=forms.RadioSelect)

    materials_due_on = forms.DateField(
        label=_("容缺受理：承诺补齐日期"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("仅限可容缺受理的事项：缺少的材料由申请人在此日期前补齐，逾期转为待补正"),
    )
    eligibility_override = forms.CharField(
        label=_("不符合条件仍受理的理由"),
        required=False,
        max_length=settings.NOTE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("核验不符合申请条件时必填，将记入审计日志并显示在办件上"),
    )

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services
        first = ["service", "applicant", "note"]
        last = ["files", "materials_due_on", "eligibility_override"]
        self.order_fields(first + [name for name in self.fields if name not in first + last] + last)


class TransitionForm(StyledForm):
    to = forms.ChoiceField(choices=Status.choices + Move.choices, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("办理意见"),
        required=False,
        max_length=settings.NOTE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reason = forms.CharField(label=_("理由"), required=False, max_length=settings.NOTE_MAX_CHARS)
    legal_basis = forms.CharField(label=_("法律依据"), required=False, max_length=500)
    materials = forms.CharField(
        label=_("需补正的全部材料"),
        required=False,
        max_length=settings.NOTE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一项，一次性列全"),
    )
    files = MultipleFileField(label=_("材料"), required=False)

    def materials_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["materials"].splitlines() if line.strip()]


class AuthorisationGrantForm(StyledForm):
    """A resident names who may apply for them: the name and ID number as the registry holds them."""

    agent_name = forms.CharField(label=_("代办人姓名"), max_length=50)
    agent_id_number = forms.CharField(
        label=_("代办人身份证号"), max_length=18, widget=forms.TextInput(attrs={"dir": "ltr"})
    )


class AuthorisationRecordForm(AuthorisationGrantForm):
    """A worker records a signed authorisation form: who gave it, to whom, and its scan."""

    grantor_name = forms.CharField(label=_("授权人姓名"), max_length=50)
    grantor_id_number = forms.CharField(
        label=_("授权人身份证号"), max_length=18, widget=forms.TextInput(attrs={"dir": "ltr"})
    )
    form = forms.FileField(
        label=_("授权委托书扫描件"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/*"}),
    )

    field_order = ["grantor_name", "grantor_id_number", "agent_name", "agent_id_number", "form"]
