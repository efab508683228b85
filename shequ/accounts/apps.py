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
        from shequ.accounts.models import SignUp, User
        from shequ.accounts.notices import NOTICES
        from shequ.accounts.panels import signup_panel
        from shequ.accounts.scope import regions_changed
        from shequ.core.events import event_labels_register
        from shequ.notifications.messages import messages_register
        from shequ.ui.panels import Panel, panel_register

        post_delete.connect(token_deleted, sender=Token, dispatch_uid="accounts.token_deleted")
        post_save.connect(user_saved, sender=User, dispatch_uid="accounts.user_saved")
        post_save.connect(regions_changed, sender="regions.Region", dispatch_uid="accounts.regions_changed")
        post_delete.connect(regions_changed, sender="regions.Region", dispatch_uid="accounts.regions_changed")

        auditlog.register(
            User,
            exclude_fields=["password", "last_login"],
            mask_fields=["phone"],
            mask_callable="shequ.core.masking.mask_sensitive",
        )
        auditlog.register(SignUp, exclude_fields=["id_number"])
        messages_register(NOTICES)
        panel_register(Panel(template="accounts/_panel.html", context=signup_panel, order=5))
        event_labels_register(
            {
                "account.registered": _("居民注册账号"),
                "account.bound": _("确认实名并关联居民"),
                "account.signup_rejected": _("实名核验不通过"),
                "account.unbound": _("解除账号关联"),
                "account.password_reset": _("短信验证找回密码"),
            }
        )
