from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "shequ.core"
    label = "core"
    verbose_name = _("基础")

    def ready(self):
        from django.core.signals import request_started

        import shequ.core.lookups  # noqa: F401  registers the `prefix` lookup before any query runs
        from shequ.core.audit import request_stamping_connect
        from shequ.core.events import event_labels_register
        from shequ.core.replicas import writes_forgotten

        request_started.connect(writes_forgotten, dispatch_uid="shequ.core.replicas")
        request_stamping_connect()
        event_labels_register({"calendar.entered": _("录入节假日安排")})
