from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VenuesConfig(AppConfig):
    name = "shequ.venues"
    label = "venues"
    verbose_name = _("场地预约")

    def ready(self):
        from shequ.core.events import event_labels_register

        event_labels_register(
            {
                "room.saved": _("登记可预约场地"),
                "venue_booking.created": _("预约场地"),
                "venue_booking.confirmed": _("批准场地预约"),
                "venue_booking.rejected": _("驳回场地预约"),
                "venue_booking.cancelled": _("取消场地预约"),
            }
        )
