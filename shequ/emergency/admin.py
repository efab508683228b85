"""Emergency records in the admin, for the county's administrators to look through: read-only,
scoped like the pages; warnings, supplies and the registries change only through their pages."""

from django.contrib import admin

from shequ.core.admin import ReadOnlyAdminMixin, ScopedAdminMixin
from shequ.emergency.models import Drill, FireStation, Force, Plan, Shelter, Supply, SupplyMovement, Warning


class SupplyMovementInline(admin.TabularInline):
    model = SupplyMovement
    fields = ["at", "kind", "quantity", "balance", "actor", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Warning)
class WarningAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "title", "level", "kind", "status", "scope_code"]
    list_filter = ["status", "level", "kind"]
    search_fields = ["title"]
    date_hierarchy = "created_at"


@admin.register(Supply)
class SupplyAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "region", "quantity", "measure", "minimum", "expires_on"]
    list_select_related = ["region"]
    search_fields = ["name"]
    inlines = [SupplyMovementInline]


@admin.register(Shelter, FireStation, Force)
class AreaRecordAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "region"]
    list_select_related = ["region"]
    search_fields = ["name"]


@admin.register(Drill)
class DrillAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["held_on", "scenario", "region", "participants"]
    list_select_related = ["region"]


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "version", "effective_on", "region"]
    list_select_related = ["region"]
