"""The admin keeps the inspection checklist (configuration of the county administrator); rosters,
safety bodies and crowded places are read here and kept on the workbench, where their changes are
dated and audited."""

from django.contrib import admin

from shequ.core.admin import ConfigurationAdminMixin, ReadOnlyAdminMixin, ScopedAdminMixin
from shequ.grids.models import ChecklistItem, CrowdedPlace, GridMember, SafetyBodyMember


@admin.register(ChecklistItem)
class ChecklistItemAdmin(ConfigurationAdminMixin, admin.ModelAdmin):
    list_display = ["code", "text", "kinds", "order", "active"]


@admin.register(GridMember)
class GridMemberAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "role", "grid", "starts_on", "ends_on"]
    list_filter = ["role"]
    list_select_related = ["grid"]
    exclude = ["phone"]


@admin.register(SafetyBodyMember)
class SafetyBodyMemberAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "post", "body", "starts_on", "ends_on"]
    list_filter = ["body__kind"]
    list_select_related = ["body__unit"]
    exclude = ["phone"]


@admin.register(CrowdedPlace)
class CrowdedPlaceAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "grid", "interval_days", "next_due_on", "active"]
    list_filter = ["kind", "active"]
    list_select_related = ["grid"]
