from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingsConfig(AppConfig):
    name = "shequ.bookings"
    label = "bookings"
    verbose_name = _("服务预约")

    def ready(self):
        from auditlog.registry import auditlog

        from shequ.bookings.models import Booking, Provider, Slot
        from shequ.bookings.notices import NOTICES
        from shequ.core.events import event_labels_register
        from shequ.feedback.targets import RatableKind, ratable_register
        from shequ.notifications.messages import messages_register
        from shequ.ui.panels import Panel, panel_register

        messages_register(NOTICES)
        # A provider may be one person: its phone is masked in the diff like every other.
        auditlog.register(
            Provider,
            m2m_fields={"accounts"},
            mask_fields=["phone"],
            mask_callable="shequ.core.masking.mask_sensitive",
        )
        auditlog.register(Slot)
        auditlog.register(Booking)
        event_labels_register(
            {
                "slot.created": _("发布预约时段"),
                "booking.created": _("预约服务"),
                "booking.cancelled": _("取消预约"),
                "booking.no_show": _("预约未到"),
                "booking.completed": _("预约服务完成"),
            }
        )
        ratable_register(
            RatableKind(name="booking", model=Booking, describe=_describe_booking, finished=_finished_bookings)
        )
        panel_register(Panel(template="bookings/_panel.html", context=_panel_context, order=30))


def _describe_booking(booking):
    from shequ.bookings.models import BookingStatus
    from shequ.feedback.targets import RatingContext

    slot = booking.slot
    return RatingContext(
        resident=booking.person,
        finished_at=booking.completed_at if booking.status == BookingStatus.COMPLETED else None,
        service=slot.service,
        department=slot.service.department,
        region=booking.region,
        grid=booking.grid,
        worker=None,
        provider=slot.provider,
    )


def _finished_bookings():
    from shequ.bookings.models import Booking, BookingStatus

    return Booking.objects.filter(status=BookingStatus.COMPLETED)


def _panel_context(user, today):
    """Today's bookings in the worker's area on the workbench; hidden for everybody else."""
    from shequ.bookings.selectors import bookings_today

    if not (user.is_superuser or user.is_staff_role):
        return None
    bookings = bookings_today(user=user, today=today)
    return {"bookings": bookings[:20], "booking_count": bookings.count(), "today": today}
