from django.contrib import admin

from shequ.core.admin import ReadOnlyAdminMixin, ScopedAdminMixin
from shequ.regions.models import Region


@admin.register(Region)
class RegionAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "level", "kind", "households", "resident_population", "urban_resident_population"]
    list_filter = ["level", "kind"]
    search_fields = ["code", "name"]
