from django.contrib import admin

from shequ.benefits.models import BenefitRate
from shequ.core.admin import PermissionModuleMixin


@admin.register(BenefitRate)
class BenefitRateAdmin(PermissionModuleMixin, admin.ModelAdmin):
    """The amount table: county administrators maintain it (changes audited by auditlog). An item with
    a rate is a benefit; its amounts apply to every month listed from then on."""

    list_display = ["service", "min_age", "monthly_amount", "is_demo"]
    list_filter = ["service", "is_demo"]
    list_select_related = ["service"]
