from django.contrib import admin

from shequ.core.admin import ConfigurationAdminMixin
from shequ.mediation.models import DisputeType, PublicityKind


@admin.register(DisputeType, PublicityKind)
class CatalogueAdmin(ConfigurationAdminMixin, admin.ModelAdmin):
    """The dispute types and publicity kinds: county administrators keep them (changes audited by
    auditlog); a retired entry is made inactive, never deleted, since records point at it."""

    list_display = ["code", "name", "order", "active"]
    list_filter = ["active"]

    def has_delete_permission(self, request, obj=None):
        return False
