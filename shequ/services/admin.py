from django.contrib import admin

from shequ.core.admin import PermissionModuleMixin, ReadOnlyAdminMixin, ScopedAdminMixin
from shequ.services.models import Application, ServiceItem


@admin.register(ServiceItem)
class ServiceItemAdmin(PermissionModuleMixin, admin.ModelAdmin):
    """The catalogue is public; county administrators maintain it (`services.add_serviceitem` and
    `services.change_serviceitem`; changes audited by auditlog)."""

    list_display = ["code", "name", "kind", "department", "handled_at", "channel", "promised_days", "active"]
    list_filter = ["kind", "department", "channel", "active"]
    search_fields = ["code", "name"]

    def has_delete_permission(self, request, obj=None):
        # Items with applications are kept for the record; switch them off with "在用" instead.
        return False


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """Applications move only through the workflow on the workbench; the admin only looks."""

    list_display = ["number", "service", "applicant", "region", "status", "submitted_at", "due_date"]
    list_filter = ["status", "service"]
    search_fields = ["number", "applicant__name"]
    list_select_related = ["service", "applicant", "region"]
    date_hierarchy = "submitted_at"
    exclude = ["applicant", "data"]
