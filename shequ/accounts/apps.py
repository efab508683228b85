from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "shequ.accounts"
    label = "accounts"
    verbose_name = _("账号与权限")

    def ready(self):
        from auditlog.registry import auditlog
        from django.db.models.signals import post_delete, post_save
        from rest_framework.authtoken.models import Token

        from shequ.accounts.authentication import token_deleted, user_saved
        from shequ.accounts.models import User

        post_delete.connect(token_deleted, sender=Token, dispatch_uid="accounts.token_deleted")
        post_save.connect(user_saved, sender=User, dispatch_uid="accounts.user_saved")

        auditlog.register(
            User,
            exclude_fields=["password", "last_login"],
            mask_fields=["phone"],
            mask_callable="shequ.core.masking.mask_sensitive",
        )
