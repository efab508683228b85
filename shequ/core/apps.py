from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "shequ.core"
    label = "core"
    verbose_name = _("基础")

    def ready(self):
        import shequ.core.lookups  # noqa: F401  registers the `prefix` lookup before any query runs
        from shequ.core.audit import request_stamping_connect

        request_stamping_connect()
