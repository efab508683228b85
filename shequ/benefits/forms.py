from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shequ.benefits.months import month_parse
from shequ.regions.codes import Level
from shequ.regions.models import Region
from shequ.ui.forms import StyledForm


class PaymentListForm(StyledForm):
    """Which month, and optionally which township or unit of the user's area."""

    month = forms.CharField(
        label=_("发放月份"), max_length=7, widget=forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"})
    )
    region = forms.ChoiceField(label=_("区域"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.regions = Region.objects.for_user(user).filter(level__in=[Level.TOWNSHIP, Level.VILLAGE]).order_by("code")
        self.fields["region"].choices = [("", _("全部"))] + [
            (region.code, ("　" if region.level == Level.VILLAGE else "") + region.name) for region in self.regions
        ]
        self.fields["month"].initial = f"{timezone.localdate():%Y-%m}"

    def clean_month(self):
        try:
            return month_parse(self.cleaned_data["month"])
        except ValidationError as invalid:
            raise ValidationError(invalid.messages) from invalid

    def clean_region(self):
        code = self.cleaned_data["region"]
        return next((region for region in self.regions if region.code == code), None) if code else None


class ResumeForm(StyledForm):
    reason = forms.CharField(
        label=_("恢复理由"), max_length=500, help_text=_("例如：死亡登记有误，已更正；将记入审计日志")
    )
