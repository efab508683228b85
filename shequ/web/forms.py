from django import forms
from django.utils.translation import gettext_lazy as _

from shequ.ui.forms import StyledForm

# A holiday notice is a page of text; anything longer is not one.
NOTICE_MAX_CHARS = 5000


class CalendarNoticeForm(StyledForm):
    year = forms.IntegerField(label=_("年份"), min_value=2000, max_value=2100)
    source = forms.CharField(label=_("通知文号"), max_length=200, help_text=_("如：国办发明电〔2026〕X号"))
    notice = forms.CharField(
        label=_("通知全文"),
        max_length=NOTICE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("粘贴国务院办公厅通知中“一、元旦：……”“二、春节：……”各行，其余文字会被忽略"),
    )
