from django.contrib import admin

from shequ.core.models import CalendarDay, CalendarYear, DomainEvent
from shequ.core.workflow import calendar_year_changed


class ScopedAdminMixin:
    """Admin lists and object pages show exactly what `for_user` allows, and object permissions
    come from the same `rules` predicates as the pages and the API."""

    def get_queryset(self, request):
        return self.model._default_manager.for_user(request.user)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(f"{self.opts.app_label}.view_{self.opts.model_name}", obj)

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm(f"{self.opts.app_label}.change_{self.opts.model_name}", obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm(f"{self.opts.app_label}.delete_{self.opts.model_name}", obj)

    def has_add_permission(self, request):
        return request.user.has_perm(f"{self.opts.app_label}.add_{self.opts.model_name}")


class ReadOnlyAdminMixin:
    """Registry records change through the workbench forms, which validate and audit every write;
    the admin only looks."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DomainEvent)
class DomainEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["occurred_at", "actor", "verb", "target_type", "target_id", "region_code", "reason"]
    list_filter = ["verb"]
    search_fields = ["target_id", "region_code", "actor__username"]
    date_hierarchy = "occurred_at"

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    extra = 5


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    """County administrators enter next year's holiday schedule here when it is published."""

    list_display = ["year", "source", "entered_by", "entered_at"]
    inlines = [CalendarDayInline]
    readonly_fields = ["entered_by"]

    def has_module_permission(self, request):
        return request.user.is_superuser or request.user.role == "county_admin"

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def save_model(self, request, obj, form, change):
        obj.entered_by = obj.entered_by or request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        calendar_year_changed(form.instance.year)
