from django import forms
from django.utils.translation import gettext_lazy as _

from shequ.regions.codes import Level
from shequ.regions.models import Region
from shequ.residents.choices import CareTag, Ethnicity, Gender, Relation
from shequ.residents.services import REVEALABLE_FIELDS, HouseholdData, PersonData
from shequ.ui.forms import DATE_INPUT, StyledForm


class PersonForm(StyledForm):
    name = forms.CharField(label=_("姓名"), max_length=50)
    gender = forms.ChoiceField(label=_("性别"), choices=Gender.choices, widget=forms.RadioSelect)
    id_number = forms.CharField(
        label=_("身份证号"),
        max_length=18,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )
    birth_date = forms.DateField(
        label=_("出生日期"), required=False, widget=DATE_INPUT, help_text=_("填写身份证号后可不填，系统自动读取")
    )
    ethnicity = forms.ChoiceField(label=_("民族"), choices=Ethnicity.choices, initial=Ethnicity.HAN)
    relation = forms.ChoiceField(label=_("与户主关系"), choices=Relation.choices)
    phone = forms.CharField(
        label=_("联系电话"), max_length=13, required=False, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    tags = forms.MultipleChoiceField(
        label=_("关爱标签"), choices=CareTag.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    county_hukou = forms.BooleanField(
        label=_("户籍在本县"), required=False, initial=True, help_text=_("人户分离、户口在外地的，请取消勾选")
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            # Sensitive values are never put back into a page; an empty field keeps the stored one.
            for name in REVEALABLE_FIELDS:
                self.fields[name].help_text = _("已登记（已脱敏显示）。留空则不修改，填写则替换。")

    def to_data(self, *, keep_from=None) -> PersonData:
        values = self.cleaned_data
        return PersonData(
            name=values["name"],
            gender=values["gender"],
            relation=values["relation"],
            ethnicity=values["ethnicity"],
            birth_date=values["birth_date"],
            phone=values["phone"] or (keep_from.phone if keep_from else ""),
            id_number=values["id_number"] or (keep_from.id_number if keep_from else ""),
            tags=list(values["tags"]),
            county_hukou=values["county_hukou"],
        )


class HouseholdForm(StyledForm):
    region = forms.ModelChoiceField(label=_("村（社区）"), queryset=Region.objects.none())
    grid = forms.ModelChoiceField(label=_("网格"), queryset=Region.objects.none(), required=False)
    number = forms.CharField(label=_("户号"), max_length=32)
    address = forms.CharField(label=_("地址"), max_length=200)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        visible = Region.objects.for_user(user)
        self.fields["region"].queryset = visible.filter(level=Level.VILLAGE)
        self.fields["grid"].queryset = visible.filter(level=Level.GRID)

    def to_data(self) -> HouseholdData:
        values = self.cleaned_data
        return HouseholdData(
            region=values["region"], grid=values["grid"], number=values["number"], address=values["address"]
        )


class RevealForm(StyledForm):
    field = forms.ChoiceField(
        label=_("查看内容"),
        choices=[("id_number", _("身份证号")), ("birth_date", _("出生日期")), ("phone", _("联系电话"))],
        widget=forms.HiddenInput,
    )
    reason = forms.CharField(
        label=_("查看理由"),
        max_length=500,
        min_length=2,
        help_text=_("将记入审计日志，例如：办理高龄津贴核对身份"),
    )


class DeleteForm(StyledForm):
    reason = forms.CharField(label=_("删除理由"), max_length=500, help_text=_("如：迁出、死亡、重复登记"))


class ImportForm(StyledForm):
    file = forms.FileField(
        label=_("Excel 文件"),
        help_text=_("请使用下载的模板（.xlsx）。任何一行有错误时，整个文件都不会导入。"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )


class ResidentSearchForm(StyledForm):
    q = forms.CharField(
        label=_("查找居民"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("姓名、拼音首字母（如 zs）或身份证号后几位"), "type": "search"}),
    )
    tag = forms.ChoiceField(label=_("关爱标签"), choices=[("", _("全部")), *CareTag.choices], required=False)


class DepartureForm(StyledForm):
    """A death or a move out of the county, recorded on the person's page."""

    event = forms.ChoiceField(
        label=_("登记事项"),
        choices=[("death", _("死亡")), ("moved_out", _("户籍迁出本县"))],
        widget=forms.RadioSelect,
    )
    on = forms.DateField(label=_("发生日期"), widget=DATE_INPUT)
    note = forms.CharField(
        label=_("依据"),
        max_length=500,
        required=False,
        help_text=_("例如：死亡医学证明编号、迁移证编号；将记入审计日志"),
    )
