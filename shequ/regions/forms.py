from django import forms
from django.utils.translation import gettext_lazy as _

from shequ.regions.models import FIGURE_FIELDS
from shequ.ui.forms import DATE_INPUT, StyledForm


class FiguresForm(StyledForm):
    households = forms.IntegerField(label=_("户数"), min_value=0, required=False)
    registered_population = forms.IntegerField(label=_("户籍人口"), min_value=0, required=False)
    resident_population = forms.IntegerField(label=_("常住人口"), min_value=0, required=False)
    urban_resident_population = forms.IntegerField(label=_("城镇常住人口"), min_value=0, required=False)
    recorded_on = forms.DateField(label=_("统计日期"), widget=DATE_INPUT)

    def figures(self) -> dict:
        return {field: self.cleaned_data[field] for field in FIGURE_FIELDS}
