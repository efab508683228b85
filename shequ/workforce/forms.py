from django import forms
from django.utils.translation import gettext_lazy as _

from shequ.regions.models import Region
from shequ.ui.forms import StyledForm
from shequ.workforce.models import Post


class WorkerFilterForm(StyledForm):
    unit = forms.ModelChoiceField(
        label=_("村（社区）"), queryset=Region.objects.none(), required=False, to_field_name="code"
    )
    post = forms.ChoiceField(label=_("岗位"), choices=[("", "—"), *Post.choices], required=False)
    untrained = forms.BooleanField(label=_("只看今年未参加培训的"), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class ImportForm(StyledForm):
    file = forms.FileField(label=_("Excel 文件（.xlsx）"))


class YearForm(StyledForm):
    year = forms.IntegerField(label=_("年度"), min_value=2021, max_value=2100, required=False)
