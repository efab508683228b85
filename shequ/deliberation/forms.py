from django import forms
from django.utils.translation import gettext_lazy as _

from shequ.deliberation.models import CHOICES, Basis, Majority, MeetingKind, ResolutionStatus


class TopicForm(forms.Form):
    text = forms.CharField(label=_("想在议事会上说的事"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)


class VoteForm(forms.Form):
    choice = forms.ChoiceField(label=_("我的意见"), choices=list(CHOICES.items()), widget=forms.RadioSelect)
    household = forms.TypedChoiceField(label=_("代谁投票"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, households=(), **kwargs):
        super().__init__(*args, **kwargs)
        if households:
            self.fields["household"].choices = [("", _("为自己家投票")), *households]
        else:
            del self.fields["household"]


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("会议类型"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("会议名称"), max_length=120)
    place = forms.CharField(label=_("地点"), max_length=120)
    starts_at = forms.DateTimeField(label=_("开始时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    agenda = forms.CharField(label=_("议程"), widget=forms.Textarea(attrs={"rows": 4}))
    topics = forms.ModelMultipleChoiceField(
        label=_("列入的居民议题"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = topics


class MotionForm(forms.Form):
    title = forms.CharField(label=_("表决事项"), max_length=200)
    text = forms.CharField(label=_("说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    basis = forms.ChoiceField(label=_("表决方式"), choices=Basis.choices)
    quorum_percent = forms.IntegerField(label=_("最低投票率（%）"), min_value=0, max_value=100, initial=50)
    majority = forms.ChoiceField(label=_("通过规则"), choices=Majority.choices)


class CheckInForm(forms.Form):
    id_number = forms.CharField(label=_("身份证号"), max_length=18)


class OnsiteVoteForm(forms.Form):
    id_number = forms.CharField(label=_("投票人身份证号"), max_length=18)
    motion = forms.TypedChoiceField(label=_("表决事项"), coerce=int)
    choice = forms.ChoiceField(label=_("意见"), choices=list(CHOICES.items()))
    household = forms.IntegerField(label=_("代投的户（户编号，可不填）"), required=False)

    def __init__(self, *args, motions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["motion"].choices = [(motion.pk, motion.title) for motion in motions]


class ProxyForm(forms.Form):
    grantor_id_number = forms.CharField(label=_("委托人身份证号"), max_length=18)
    proxy_id_number = forms.CharField(label=_("受托人身份证号"), max_length=18)
    note = forms.CharField(label=_("委托方式"), max_length=200, initial=_("书面委托书"))


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("会议纪要"), widget=forms.Textarea(attrs={"rows": 6}))


class ResolutionForm(forms.Form):
    text = forms.CharField(label=_("决议内容"), widget=forms.Textarea(attrs={"rows": 3}))
    responsible = forms.CharField(label=_("责任人"), max_length=60)
    due_on = forms.DateField(label=_("完成期限"), widget=forms.DateInput(attrs={"type": "date"}))


class FollowUpForm(forms.Form):
    status = forms.ChoiceField(label=_("办理情况"), choices=ResolutionStatus.choices)
    follow_up = forms.CharField(label=_("进展说明"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
