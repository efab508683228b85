"""Forms of the portal's account pages (sign-up, password reset, login by code) and of the workers'
sign-up decisions. They check shapes; the services decide."""

from django import forms
from django.conf import settings
from django.contrib.auth.password_validation import password_validators_help_texts
from django.utils.translation import gettext_lazy as _

from shequ.regions.codes import Level
from shequ.regions.models import Region
from shequ.ui.forms import StyledForm


class PhoneForm(StyledForm):
    phone = forms.CharField(
        label=_("手机号"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel", "dir": "ltr"}),
    )


class CodeInput(forms.PasswordInput):
    """A code box in plain sight that, like a password box, is empty again when the form comes back."""

    input_type = "text"


def _code_field() -> forms.CharField:
    return forms.CharField(
        label=_("短信验证码"),
        max_length=6,
        min_length=6,
        widget=CodeInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "dir": "ltr"}),
        help_text=_("6 位数字，5 分钟内有效"),
    )


class NewPasswordMixin(forms.Form):
    """Two password boxes that must agree; the validators run in the service (with the account)."""

    password1 = forms.CharField(
        label=_("设置密码"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("再次输入密码"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].help_text = " ".join(password_validators_help_texts())

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password2") and cleaned["password1"] != cleaned["password2"]:
            self.add_error("password2", _("两次输入的密码不一致"))
        return cleaned


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit) -> str:
        return f"{unit.parent.name} · {unit.name}" if unit.parent_id else unit.name


def county_units():
    return (
        Region.objects.filter(level=Level.VILLAGE, code__within=settings.COUNTY_CODE)
        .select_related("parent")
        .order_by("code")
    )


class SignUpForm(NewPasswordMixin, StyledForm):
    code = _code_field()
    name = forms.CharField(label=_("姓名"), max_length=50, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    id_number = forms.CharField(
        label=_("身份证号"), max_length=18, widget=forms.TextInput(attrs={"autocomplete": "off", "dir": "ltr"})
    )
    unit = UnitChoiceField(
        label=_("所在村（社区）"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=_("（姓名和身份证号与登记一致时可不选）"),
        help_text=_("系统不能自动核验时，由这个村（社区）的工作人员核验"),
    )
    field_order = ["code", "name", "id_number", "unit", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = county_units()


class PasswordResetForm(NewPasswordMixin, StyledForm):
    code = _code_field()
    field_order = ["code", "password1", "password2"]


class CodeLoginForm(StyledForm):
    code = _code_field()


class PersonChoiceField(forms.ModelChoiceField):
    """A registry candidate as a worker may see it: name, birth year, the ID's last four, household."""

    def label_from_instance(self, person) -> str:
        return _("%(name)s · %(year)s 年生 · 身份证尾号 %(tail)s · %(household)s") % {
            "name": person.name,
            "year": person.birth_year or "—",
            "tail": person.id_number[-4:] if person.id_number else "—",
            "household": f"{person.household.number} {person.household.address}",
        }


class ConfirmForm(StyledForm):
    person = PersonChoiceField(label=_("登记信息中的居民"), queryset=None, empty_label=None, widget=forms.RadioSelect)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = candidates


class ReasonForm(StyledForm):
    reason = forms.CharField(
        label=_("理由"), max_length=settings.NOTE_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 2})
    )
