"""The UI kit's own parts: the `ltr` filter and the field component."""

import re
from datetime import datetime

from django import forms
from django.template import Context, Template
from django.template.loader import render_to_string

from shequ.ui.forms import StyledForm


def _render(source: str, **context) -> str:
    return Template("{% load ui %}" + source).render(Context(context))


def test_ltr_isolates_a_figure_left_to_right():
    assert _render('{{ at|date:"Y-m-d H:i"|ltr }}', at=datetime(2026, 3, 1, 10, 5)) == (
        '<bdi dir="ltr">2026-03-01 10:05</bdi>'
    )
    assert _render("{{ value|ltr }}", value="652327********0017") == '<bdi dir="ltr">652327********0017</bdi>'


def test_ltr_escapes_and_leaves_nothing_for_an_empty_value():
    assert _render("{{ value|ltr }}", value="<b>1</b>") == '<bdi dir="ltr">&lt;b&gt;1&lt;/b&gt;</bdi>'
    assert _render("[{{ value|ltr }}]", value="") == "[]"
    assert _render("[{{ value|ltr }}]", value=None) == "[None]"


class ExampleForm(StyledForm):
    score = forms.ChoiceField(label="评分", choices=[("1", "一"), ("2", "二")], widget=forms.RadioSelect)
    name = forms.CharField(label="姓名", help_text="请填写全名")


def _field(form, name: str) -> str:
    return render_to_string("ui/includes/field.html", {"field": form[name]})


def test_a_group_of_choices_is_a_fieldset_named_by_its_legend():
    html = _field(ExampleForm(), "score")
    assert 'for=""' not in html and 'id=""' not in html
    assert "<fieldset" in html and re.search(r"<legend[^>]*>评分", html)
    for number in (0, 1):
        assert f'for="id_score_{number}"' in html and f'id="id_score_{number}"' in html


def test_a_field_names_its_input_and_points_to_its_help_and_errors():
    html = _field(ExampleForm(data={}), "name")
    assert 'for="id_name"' in html
    described = re.search(r'aria-describedby="([^"]+)"', html).group(1).split()
    assert described == ["id_name_helptext", "id_name_error"]
    for target in described:
        assert f'id="{target}"' in html
