from django import forms
from django.utils.translation import gettext_lazy as _

from shequ.core.dates import PAST_RECORD
from shequ.regions.models import FIGURE_FIELDS
from shequ.regions.services import FIGURE_MAX
from shequ.ui.forms import DATE_INPUT, StyledForm


class FiguresForm(StyledForm):
    households = forms.IntegerField(label=_("户数"), min_value=0, max_value=FIGURE_MAX, required=False)
    registered_population = forms.IntegerField(label=_("户籍人口"), min_value=0, max_value=FIGURE_MAX, required=False)
    resident_population = forms.IntegerField(label=_("常住人口"), min_value=0, max_value=FIGURE_MAX, required=False)
    urban_resident_population = forms.IntegerField(
        label=_("城镇常住人口"), min_value=0, max_value=FIGURE_MAX, required=False
    )
    recorded_on = forms.DateField(label=_("统计日期"), widget=DATE_INPUT, validators=[PAST_RECORD])

    def figures(self) -> dict:
        return {field: self.cleaned_data[field] for field in FIGURE_FIELDS}
