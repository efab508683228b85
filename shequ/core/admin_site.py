from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class AdminSite(admin.AdminSite):
    """The admin is for the county's system administrators and superusers; workers, grid workers,
    township and county department staff work in the workbench. Besides Django's `is_staff` flag,
    the site asks the `core.use_admin` permission (granted by role in accounts/rules.py), so an
    account given `is_staff` by mistake still stays out."""

    def has_permission(self, request):
        return super().has_permission(request) and request.user.has_perm("core.use_admin")


class ShequAdminConfig(AdminConfig):
    default_site = "shequ.core.admin_site.AdminSite"
