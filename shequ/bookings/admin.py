from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from shequ.bookings.models import Booking, Provider, Slot
from shequ.core.admin import ReadOnlyAdminMixin, ScopedAdminMixin


@admin.register(Provider)
class ProviderAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """County administrators register providers and the accounts that act for them (audited by
    auditlog through its middleware)."""

    # No phone column: a provider may be one person, and lists show no phone numbers.
    list_display = ["name", "kind", "region", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name"]
    list_select_related = ["region"]
    autocomplete_fields = ["region"]
    filter_horizontal = ["accounts"]


@admin.register(Slot)
class SlotAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """Slots are published on the workbench (/work/bookings/), which validates and audits them."""

    list_display = ["starts_at", "service", "provider", "region", "place", "capacity", "booked_count"]
    list_filter = ["service"]
    list_select_related = ["service", "provider", "region"]
    date_hierarchy = "starts_at"


@admin.register(Booking)
class BookingAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "person", "service_name", "starts_at", "status", "region"]
    list_filter = ["status"]
    list_select_related = ["person", "slot__service", "region"]
    search_fields = ["person__name"]
    exclude = ["person"]
    readonly_fields = ["person_name"]

    @admin.display(description=_("居民"))
    def person_name(self, booking):
        return booking.person.name

    @admin.display(description=_("服务事项"))
    def service_name(self, booking):
        return booking.slot.service

    @admin.display(description=_("开始时间"), ordering="slot__starts_at")
    def starts_at(self, booking):
        return booking.slot.starts_at
