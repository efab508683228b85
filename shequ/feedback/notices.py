"""好差评's notification messages (registered in FeedbackConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from shequ.notifications.messages import Message

NOTICES = {
    "feedback.bad_rating": Message(title=_("收到差评：%(service)s"), body=_("请在 %(due)s 前回访核实。")),
    # The worker's notes, the resident's dispute and the appeal reason are shown as they were written.
    "feedback.rating_handled": Message(title=_("您的评价已处理：%(service)s"), body="%(note)s"),
    "feedback.rectification_to_confirm": Message(title=_("差评已整改，请确认整改结果：%(service)s"), body="%(note)s"),
    "feedback.rectification_disputed": Message(title=_("居民对整改结果有异议：%(service)s"), body="%(note)s"),
    "feedback.appeal": Message(title=_("差评申诉待复核：%(service)s"), body="%(note)s"),
}
