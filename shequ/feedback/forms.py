from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from shequ.core.dates import REPORT_PERIOD
from shequ.feedback.services import COMMENT_MAX
from shequ.feedback.workflow import RatingLevel
from shequ.services.forms import MultipleFileField
from shequ.ui.forms import DATE_INPUT, StyledForm

SCORES = [(score, str(score)) for score in range(1, 6)]


def _score_field(label):
    return forms.TypedChoiceField(
        label=label,
        choices=SCORES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("选填：1 分最低，5 分最高"),
    )


class RatingForm(StyledForm):
    level = forms.TypedChoiceField(
        label=_("总体评价"),
        choices=RatingLevel.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择评价")},
    )
    efficiency = _score_field(_("办事效率"))
    attitude = _score_field(_("服务态度"))
    convenience = _score_field(_("办事便捷"))
    comment = forms.CharField(
        label=_("意见建议"),
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("选填。不满意时请写明原因，便于我们回访和整改。"),
    )


class TransitionForm(StyledForm):
    verified = forms.TypedChoiceField(
        label=_("反映的问题是否属实"),
        choices=[("yes", _("属实")), ("no", _("不属实"))],
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("说明"), max_length=settings.NOTE_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 3})
    )
    files = MultipleFileField(label=_("整改证据"), required=False)

    def __init__(self, *args, step, **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step
        self.fields["note"].label = step.note_label
        self.fields["note"].error_messages["required"] = _("请填写%(label)s") % {"label": step.note_label}
        if "attachment" in step.requires:
            self.fields["files"].help_text = _("整改前后的照片、谈话记录或通报的扫描件，PDF、JPG 或 PNG，必须上传")
        else:
            del self.fields["files"]
        if "verified" in step.requires:
            self.fields["verified"].required = True
            self.fields["verified"].error_messages["required"] = _("请选择反映的问题是否属实")
        else:
            del self.fields["verified"]


class ConfirmationForm(StyledForm):
    """The resident's 回访 on the rectification of their 差评: confirm, or dispute with a reason."""

    answer = forms.ChoiceField(
        label=_("您对整改结果是否满意"),
        choices=[("closed", _("满意，确认整改结果")), ("disputed", _("不满意，有异议"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择是否确认整改结果")},
    )
    note = forms.CharField(
        label=_("意见"),
        required=False,
        max_length=settings.NOTE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("有异议时请写明理由"),
    )

    def clean(self):
        values = super().clean()
        if values.get("answer") == "disputed" and not (values.get("note") or "").strip():
            self.add_error("note", _("请写明异议理由"))
        return values


class StatisticsForm(StyledForm):
    by = forms.ChoiceField(
        label=_("统计口径"),
        choices=[
            ("service", _("按服务事项")),
            ("department", _("按部门")),
            ("worker", _("按经办人（窗口）")),
            ("region", _("按村（社区）")),
        ],
        required=False,
    )
    since = forms.DateField(label=_("起始日期"), required=False, widget=DATE_INPUT, validators=[REPORT_PERIOD])
    until = forms.DateField(label=_("截止日期"), required=False, widget=DATE_INPUT, validators=[REPORT_PERIOD])

    def clean(self):
        values = super().clean()
        if values.get("since") and values.get("until") and values["since"] > values["until"]:
            self.add_error("until", _("截止日期不能早于起始日期"))
        return values
