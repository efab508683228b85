"""The matrix is the plan's: every key task's departments exactly as its bracket lists them (read
here from the plan's own text), 各乡镇人民政府 where the bracket says so, no lead anywhere, and the
typo 统战都 kept with its note."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from shequ.accounts.models import Department
from shequ.core.models import DomainEvent
from shequ.plantasks.catalogue import ENTRIES, parties_of
from shequ.plantasks.models import PlanTask, TaskDepartment
from shequ.plantasks.services import task_lead_mark

pytestmark = pytest.mark.django_db
PLAN = (Path(__file__).parent / "data" / "plan-2023.txt").read_text(encoding="utf-8")

# What each bracket names, read by a person from the plan (department codes in the plan's order).
EXPECTED = {
    1: ["zzb", "mzj", "zjj", "tw", "fl"],
    2: ["zzb", "xcb", "mzj", "zjj", "fgw", "czj", "wlj", "tw", "fl"],
    3: ["mzj", "fgw", "wjw", "rsj", "jyj", "czj", "nyj", "wlj", "tyjr", "kx", "gxs", "cl", "fl"],
    4: ["fgw", "zjj", "mzj", "nyj", "swj", "gxs", "yzj"],
    5: ["zfw", "tzb", "gaj", "mzj", "sfj", "xfj", "yjj", "wlj", "wjw", "sthj", "xfdd", "tw", "fl"],
    6: ["zzb", "zjj", "zrj", "mzj", "fgw", "czj", "wjw", "yzj", "cl"],
    7: ["zzb", "mzj", "czj", "zzj"],
    8: ["wxb", "gaj", "mzj", "zrj", "zjj", "gxj", "zzj", "cl"],
    9: ["wxb", "gaj", "mzj", "zrj", "gxj", "zzj", "yzj"],
    10: ["zzb", "mzj", "wlj", "rsj", "kjj", "tyjr", "tw", "fl"],
    11: ["zzb", "tzb", "mzj", "rsj", "nyj", "kjj", "tyjr", "tw", "fl"],
}


def _plan_brackets() -> dict[int, str]:
    """The bracket closing each numbered key task in the plan's text."""
    brackets = {}
    for line in PLAN.splitlines():
        match = re.match(r"^(\d+)\.", line)
        if match:
            brackets[int(match.group(1))] = re.findall(r"\(([^()]*按职责分工负责)\)", line)[-1]
    return brackets


def test_every_bracket_is_the_plans_own_text():
    brackets = _plan_brackets()
    assert sorted(brackets) == list(range(1, 12))
    tasks = {entry.number: entry for entry in ENTRIES if entry.kind == "task"}
    for number, bracket in brackets.items():
        assert tasks[number].bracket == bracket, number


def test_the_stored_matrix_has_the_departments_of_each_bracket_exactly():
    for number, expected in EXPECTED.items():
        task = PlanTask.objects.get(kind="task", number=number)
        assert list(task.departments.order_by("position").values_list("department", flat=True)) == expected, number
        assert task.townships, number  # every key task's bracket ends with 各乡镇人民政府
        assert task.lead == ""


def test_every_name_the_plan_uses_is_a_department_with_a_label():
    for entry in ENTRIES:
        for party in entry.parties:
            assert party.department in Department.values
    for code in ("xcb", "zfw", "tzb", "wxb", "kx", "gxs", "yzj", "xfj", "sthj", "xfdd", "gxj", "kjj"):
        assert Department(code).label


def test_the_typo_is_kept_with_its_note():
    row = TaskDepartment.objects.get(task__number=11, task__kind="task", department="tzb")
    assert row.as_written == "统战都" and "笔误" in row.note
    assert "统战都" in PlanTask.objects.get(code="task-11").note
    assert TaskDepartment.objects.get(task__code="task-05", department="tzb").note == ""


def test_an_unknown_name_in_a_bracket_is_refused_not_guessed():
    with pytest.raises(KeyError):
        parties_of("县民政局、县气象局,各乡镇人民政府等按职责分工负责")


def test_the_safeguards_name_only_what_their_text_names():
    safeguards = {task.number: task for task in PlanTask.objects.filter(kind="safeguard")}
    assert sorted(safeguards) == [1, 2, 3, 4]
    assert list(safeguards[4].departments.values_list("department", flat=True)) == ["mzj", "fgw"]
    assert safeguards[1].townships and not safeguards[2].townships
    assert not safeguards[2].departments.exists() and "未列明" in safeguards[2].note


def test_the_county_marks_a_lead_among_the_tasks_departments_audited(plan_users, task1):
    with pytest.raises(ValidationError):
        task_lead_mark(task=task1, department="jyj", acting_user=plan_users["county_mz"])
    with pytest.raises(PermissionDenied):
        task_lead_mark(task=task1, department="zzb", acting_user=plan_users["county_jy"])
    task_lead_mark(task=task1, department="zzb", acting_user=plan_users["county_mz"])
    task1.refresh_from_db()
    assert task1.lead == "zzb"
    event = DomainEvent.objects.get(verb="plan_task.lead_marked")
    assert event.data == {"from": "", "to": "zzb"}
