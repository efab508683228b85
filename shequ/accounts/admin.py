from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from shequ.accounts.models import User
from shequ.core.admin import ScopedAdminMixin


@admin.register(User)
class UserAdmin(ScopedAdminMixin, DjangoUserAdmin):
    list_display = ["username", "first_name", "role", "region", "department", "is_active"]
    list_filter = ["role", "department", "is_active"]
    list_select_related = ["region"]
    autocomplete_fields = ["region"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        (_("角色与管辖范围"), {"fields": ["role", "region", "department", "phone", "elder_mode", "language"]}),
    ]
    # Only a superuser grants superuser, staff or raw permissions; roles and regions carry the rest.
    PRIVILEGE_FIELDS = ("is_superuser", "is_staff", "groups", "user_permissions")

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return fields if request.user.is_superuser else (*fields, *self.PRIVILEGE_FIELDS)

    add_fieldsets = [
        *DjangoUserAdmin.add_fieldsets,
        (_("角色与管辖范围"), {"fields": ["role", "region", "department"]}),
    ]
