from django.contrib import admin

from shequ.core.admin import ReadOnlyAdminMixin, ScopedAdminMixin
from shequ.feedback.models import CreditEntry, Rating, Rectification, RectificationEvent


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """Ratings are made by residents and the default-rating job, and excluded only through an appeal
    on the workbench; the admin only looks. The rater's identity is left out."""

    list_display = ["created_at", "target_type", "target_id", "level", "is_default", "service", "region", "excluded"]
    list_filter = ["level", "is_default", "excluded", "department", "target_type"]
    search_fields = ["target_id", "provider_label"]
    list_select_related = ["service", "region"]
    exclude = ["rater", "resident"]
    date_hierarchy = "created_at"


class RectificationEventInline(admin.TabularInline):
    model = RectificationEvent
    fields = ["at", "from_status", "to_status", "actor", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Rectification)
class RectificationAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "rating", "status", "return_visit_due", "rectify_due", "verified"]
    list_filter = ["status", "verified"]
    list_select_related = ["rating"]
    raw_id_fields = ["rating"]
    inlines = [RectificationEventInline]


@admin.register(CreditEntry)
class CreditEntryAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "provider_id", "provider_label", "kind", "points", "reason"]
    list_filter = ["kind"]
    search_fields = ["provider_label", "=provider_id"]
    raw_id_fields = ["rating"]
