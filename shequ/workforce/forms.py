from django import forms
from django.utils.translation import gettext_lazy as _

from shequ.regions.models import Region
from shequ.ui.forms import DATE_INPUT, StyledForm
from shequ.workforce.models import (
    Audience,
    CompetencyItem,
    Mode,
    Post,
    ReviewDepartment,
    Topic,
    TrainingSession,
    Worker,
)


class WorkerFilterForm(StyledForm):
    unit = forms.ModelChoiceField(
        label=_("村（社区）"), queryset=Region.objects.none(), required=False, to_field_name="code"
    )
    post = forms.ChoiceField(label=_("岗位"), choices=[("", "—"), *Post.choices], required=False)
    untrained = forms.BooleanField(label=_("只看今年未参加培训的"), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class ImportForm(StyledForm):
    file = forms.FileField(label=_("Excel 文件（.xlsx）"))


class YearForm(StyledForm):
    year = forms.IntegerField(label=_("年度"), min_value=2021, max_value=2100, required=False)


class WorkerForm(forms.ModelForm):
    """One worker, filled in on the page; the service (worker_validate) checks what ties the fields
    together and its errors land on the fields, the form keeping what was typed."""

    class Meta:
        model = Worker
        fields = [
            "name",
            "employer",
            "organisation",
            "unit",
            "post",
            "service_start",
            "education",
            "qualification",
            "party_committee",
            "residents_committee",
            "one_shoulder",
            "social_insurance",
            "secretary_reserve",
        ]
        widgets = {"service_start": DATE_INPUT}

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["post"].help_text = _("村（社区）工作者必填；其他单位的社会工作者不填")
        for field in self.fields.values():
            if not isinstance(field.widget, forms.CheckboxInput):
                css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
                field.widget.attrs["class"] = css

    def validate_constraints(self):
        """The table's check constraints speak SQL; worker_validate names the same rules by field."""


class CourseForm(StyledForm):
    title = forms.CharField(label=_("课程名称"), max_length=100)
    mode = forms.ChoiceField(label=_("形式"), choices=Mode.choices, widget=forms.RadioSelect)
    topic = forms.ChoiceField(label=_("主题"), choices=Topic.choices)
    audience = forms.ChoiceField(label=_("培训对象"), choices=Audience.choices, initial=Audience.WORKERS)
    competencies = forms.ModelMultipleChoiceField(
        label=_("对应能力指标"),
        queryset=CompetencyItem.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class SessionForm(forms.ModelForm):
    class Meta:
        model = TrainingSession
        fields = ["region", "held_on", "hours", "headcount"]
        widgets = {"held_on": DATE_INPUT}
        help_texts = {"headcount": _("农民工、便民服务类人才等不在社区工作者名册中的参训人数")}

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select" if isinstance(field.widget, forms.Select) else "form-control"


class AttendanceForm(StyledForm):
    workers = forms.ModelMultipleChoiceField(
        label=_("参训人员"), queryset=Worker.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    hours = forms.DecimalField(
        label=_("学时"),
        min_value=0,
        max_digits=5,
        decimal_places=1,
        required=False,
        help_text=_("不填则按本班次学时计"),
    )

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workers"].queryset = workers


class ConfirmForm(StyledForm):
    department = forms.ModelChoiceField(label=_("联审部门"), queryset=ReviewDepartment.objects.none())
    confirmed_on = forms.DateField(label=_("确认日期"), widget=DATE_INPUT)

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
