from django.contrib import admin

from shequ.core.models import DomainEvent


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
