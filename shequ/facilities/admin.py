"""The facility registry's lists kept as data, edited by the county administrator (README): facility
types and the organisation models with their components (the county confirms the shipped default).
Changes are audited by auditlog; codes are what the API and the plan monitoring rely on."""

from django.contrib import admin

from shequ.core.admin import ConfigurationAdminMixin
from shequ.facilities.models import FacilityType, OrgComponent, OrgModel


@admin.register(FacilityType)
class FacilityTypeAdmin(ConfigurationAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "group", "order"]
    list_filter = ["group"]


class OrgComponentInline(ConfigurationAdminMixin, admin.TabularInline):
    model = OrgComponent
    extra = 1


@admin.register(OrgModel)
class OrgModelAdmin(ConfigurationAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "order"]
    inlines = [OrgComponentInline]
