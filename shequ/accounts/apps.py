from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "shequ.accounts"
    label = "accounts"
    verbose_name = _("账号与权限")

    def ready(self):
        from auditlog.registry import auditlog

        from shequ.accounts.models import User

        auditlog.register(
            User,
            exclude_fields=["password", "last_login"],
            mask_fields=["phone"],
            mask_callable="shequ.core.masking.mask_sensitive",
        )
