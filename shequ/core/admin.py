from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin
from django.db.models.constants import LOOKUP_SEP

from shequ.core.models import CalendarDay, CalendarYear, DomainEvent
from shequ.core.workflow import calendar_year_changed


class PermissionModuleMixin:
    """The admin index lists a model to whoever may view or change it. (Django would ask for a
    permission on the whole app, which the `rules` permissions do not name.)"""

    def has_module_permission(self, request):
        return self.has_view_or_change_permission(request)


class ScopedAdminMixin(PermissionModuleMixin):
    """Admin lists and object pages show exactly what `for_user` allows, and object permissions
    come from the same `rules` predicates as the pages and the API."""

    def get_queryset(self, request):
        return self.model._default_manager.for_user(request.user)

    def lookup_allowed(self, lookup, value, request=None):
        """Only the filters the list offers. Django would let a URL filter on any field of the model
        (?id_number__startswith=6523271990, ?birth_date__month=3), narrowing people down by personal
        data without the reveal's limit and audit."""
        offered = {self.date_hierarchy} if self.date_hierarchy else set()
        for item in self.get_list_filter(request):
            if isinstance(item, str):
                offered.add(item.split(LOOKUP_SEP)[0])
            elif isinstance(item, tuple | list):
                offered.add(item[0].split(LOOKUP_SEP)[0])
            elif getattr(item, "parameter_name", None):
                offered.add(item.parameter_name)
        if lookup.split(LOOKUP_SEP)[0] not in offered and lookup not in offered:
            return False
        return super().lookup_allowed(lookup, value, request)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(f"{self.opts.app_label}.view_{self.opts.model_name}", obj)

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm(f"{self.opts.app_label}.change_{self.opts.model_name}", obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm(f"{self.opts.app_label}.delete_{self.opts.model_name}", obj)

    def has_add_permission(self, request):
        return request.user.has_perm(f"{self.opts.app_label}.add_{self.opts.model_name}")


class ConfigurationAdminMixin(ScopedAdminMixin):
    """A table of configuration (a list kept as data, a rate table): not region-scoped, every row is
    the county's; who may see and edit it still comes from the app's `rules` permissions."""

    def get_queryset(self, request):
        return self.model._default_manager.all()

    def has_add_permission(self, request, obj=None):
        # An inline (a model's components) is asked with the parent object too.
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
        # Granted to nobody by role: superusers only (they hold every permission).
        return request.user.has_perm("core.view_domainevent")


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    extra = 5


@admin.register(CalendarYear)
class CalendarYearAdmin(PermissionModuleMixin, admin.ModelAdmin):
    """County administrators enter next year's holiday schedule here when it is published (the
    `core.*_calendaryear` and `core.*_calendarday` permissions, granted in accounts/rules.py)."""

    list_display = ["year", "source", "entered_by", "entered_at"]
    inlines = [CalendarDayInline]
    readonly_fields = ["entered_by"]

    def save_model(self, request, obj, form, change):
        obj.entered_by = obj.entered_by or request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        calendar_year_changed(form.instance.year)


admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class AuditLogEntryAdmin(LogEntryAdmin):
    """auditlog's own list, without its search in the free-form field diffs (`changes`)."""

    search_fields = [field for field in LogEntryAdmin.search_fields if field != "changes"]
