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
    add_fieldsets = [
        *DjangoUserAdmin.add_fieldsets,
        (_("角色与管辖范围"), {"fields": ["role", "region", "department"]}),
    ]
