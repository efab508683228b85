"""Messages of residents' accounts (registered in AccountsConfig.ready()): the codes sent by SMS and
the inbox messages about the real-name check. A code is the only parameter a message carries."""

from django.utils.translation import gettext_lazy as _

from shequ.notifications.messages import Message

NOTICES = {
    "accounts.sms_code_signup": Message(
        title=_("【社区服务平台】注册验证码 %(code)s，%(minutes)s 分钟内有效。"), body=_("请勿告诉他人。")
    ),
    "accounts.sms_code_reset": Message(
        title=_("【社区服务平台】找回密码验证码 %(code)s，%(minutes)s 分钟内有效。"),
        body=_("如非本人操作，请忽略本短信。"),
    ),
    "accounts.sms_code_login": Message(
        title=_("【社区服务平台】登录验证码 %(code)s，%(minutes)s 分钟内有效。"), body=_("请勿告诉他人。")
    ),
    "accounts.sms_no_account": Message(
        title=_("【社区服务平台】本手机号尚未注册账号。"), body=_("如需使用，请先注册。如非本人操作，请忽略本短信。")
    ),
    "accounts.signup_verified": Message(title=_("注册成功，您的账号已通过实名核验"), body=_("现在可以在网上办事了。")),
    "accounts.signup_pending": Message(
        title=_("注册成功，您的账号待核验"), body=_("村（社区）工作人员核验后会通知您。")
    ),
    "accounts.signup_confirmed": Message(title=_("您的账号已通过实名核验"), body=_("现在可以在网上办事了。")),
    "accounts.signup_rejected": Message(title=_("您的账号未通过实名核验"), body=_("理由：%(reason)s")),
    "accounts.account_unbound": Message(
        title=_("您的账号已解除与居民信息的关联，待重新核验"), body=_("理由：%(reason)s")
    ),
}
