"""The scoring sheet: computed parts (indicators met from the monitoring snapshot, reports on time,
好评率 from 好差评) and entered parts (with reasons, audited), weighted into totals and ranked; a part
without data stays empty instead of counting as 0 or 100."""

from datetime import date
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from shequ.feedback.models import Rating
from shequ.monitoring.models import PlanVersion, SnapshotFigure, SnapshotKind
from shequ.monitoring.services import snapshot_take
from shequ.plantasks.models import EnteredScore, ProgressReport, ScoringCriterion
from shequ.plantasks.selectors import score_sheet
from shequ.plantasks.services import NotEntered, Party, ReportData, progress_report_save, score_enter
from tests.plantasks.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def criteria(db):
    make = ScoringCriterion.objects.create
    return {
        "reports": make(code="reports", name="按时报送", source="reports", weight=Decimal(30), position=1),
        "feedback": make(code="feedback", name="好评率", source="feedback", weight=Decimal(20), position=2),
        "indicators": make(
            code="indicators",
            name="指标达标",
            source="indicators",
            weight=Decimal(30),
            applies_to="townships",
            position=3,
        ),
        "review": make(code="review", name="评审", source="entered", weight=Decimal(20), position=4),
    }


def _submitted(item, user, index, day):
    report = progress_report_save(item=item, period_index=index, data=ReportData("进展"), acting_user=user, submit=True)
    ProgressReport.objects.filter(pk=report.pk).update(first_submitted_at=at(day))


def _rating(number, level, *, person, department=""):
    return Rating.objects.create(
        target_type="test",
        target_id=number,
        level=level,
        resident=person,
        region=person.region,
        scope_code=person.region.code,
        department=department,
    )


def _row(rows, key):
    return next(row for row in rows if row.key == key)


def test_computed_and_entered_parts_weighted_into_a_total(criteria, make_item, plan_users, residents):
    item = make_item(department="zzb", year=2026)
    _submitted(item, plan_users["county_zzb"], 1, date(2026, 4, 8))  # on time (due 04-10)
    _submitted(item, plan_users["county_zzb"], 2, date(2026, 7, 15))  # late (due 07-10)
    for number, level in enumerate([5, 4, 4, 1], start=1):  # three of four 好评 (基本满意 and better)
        _rating(number, level, person=residents["zhangsan"], department="zzb")
    score_enter(
        criterion=criteria["review"],
        year=2026,
        party=Party(department="zzb"),
        points=Decimal(90),
        reason="联席会议制度落实到位",
        acting_user=plan_users["county_mz"],
    )
    sheet = score_sheet(user=plan_users["county_mz"], year=2026, today=date(2026, 7, 20))
    zzb = _row(sheet.departments, "zzb")
    points = {cell.criterion.code: cell.points for cell in zzb.cells}
    assert points == {"reports": Decimal(50), "feedback": Decimal(75), "indicators": None, "review": Decimal(90)}
    assert not next(cell for cell in zzb.cells if cell.criterion.code == "indicators").applies
    # (30·50 + 20·75 + 20·90) / (30 + 20 + 20)
    assert zzb.total == Decimal("68.57") and zzb.complete and zzb.rank == 1
    # A department with nothing to score has no total and no rank, rather than 0.
    mzj = _row(sheet.departments, "mzj")
    assert mzj.total is None and mzj.rank is None and not mzj.complete


def test_the_township_part_reads_indicators_from_the_year_end_snapshot(criteria, plan_users, regions):
    plan = PlanVersion.objects.get(code="jimsar-14")
    snapshot_take(plan=plan, on=date(2025, 12, 31), kind=SnapshotKind.YEAR_END)
    sheet = score_sheet(user=plan_users["county_mz"], year=2025, today=date(2026, 3, 1))
    assert sheet.indicators_note == ""
    jms = _row(sheet.townships, "652327100")
    figures = SnapshotFigure.objects.filter(region_code="652327100", met__isnull=False)
    met, judged = figures.filter(met=True).count(), figures.count()
    cell = next(cell for cell in jms.cells if cell.criterion.code == "indicators")
    assert judged > 0 and cell.detail == f"{met}/{judged}"
    assert cell.points == (Decimal(100) * met / judged).quantize(Decimal("0.01"))


def test_without_a_snapshot_the_indicator_part_is_missing_with_the_reason(criteria, plan_users, regions):
    sheet = score_sheet(user=plan_users["county_mz"], year=2024, today=date(2026, 3, 1))
    assert sheet.indicators_note
    jms = _row(sheet.townships, "652327100")
    assert next(cell for cell in jms.cells if cell.criterion.code == "indicators").points is None


def test_weights_change_the_ranking(criteria, make_item, plan_users, regions):
    for code in ("652327100", "652327205"):
        make_item(township=code, year=2026, title=f"{code} 联席会议")
    score_for = {"652327100": (Decimal(100), Decimal(40)), "652327205": (Decimal(60), Decimal(90))}
    extra = ScoringCriterion.objects.create(
        code="visits", name="走访", source="entered", weight=Decimal(10), position=5
    )
    for code, (review, visits) in score_for.items():
        for criterion, points in ((criteria["review"], review), (extra, visits)):
            score_enter(
                criterion=criterion,
                year=2026,
                party=Party(township=regions[code]),
                points=points,
                reason="依据考核细则",
                acting_user=plan_users["county_admin"],
            )
    ScoringCriterion.objects.exclude(source="entered").update(active=False)
    ranks = {row.key: row.rank for row in score_sheet(user=plan_users["county_mz"], year=2026).townships}
    assert ranks["652327100"] == 1  # (20·100 + 10·40)/30 = 80 > (20·60 + 10·90)/30 = 70
    extra.weight = Decimal(60)
    extra.save()
    ranks = {row.key: row.rank for row in score_sheet(user=plan_users["county_mz"], year=2026).townships}
    assert ranks["652327205"] == 1  # (20·60 + 60·90)/80 = 82.5 > (20·100 + 60·40)/80 = 55


def test_entered_scores_need_a_reason_a_range_and_are_audited(criteria, plan_users):
    enter = {"year": 2026, "party": Party(department="zzb"), "acting_user": plan_users["county_mz"]}
    with pytest.raises(ValidationError) as refused:
        score_enter(criterion=criteria["review"], points=Decimal(101), reason=" ", **enter)
    assert {"points", "reason"} == set(refused.value.message_dict)
    with pytest.raises(NotEntered):
        score_enter(criterion=criteria["reports"], points=Decimal(80), reason="手改", **enter)
    score_enter(criterion=criteria["review"], points=Decimal(80), reason="初评", **enter)
    score_enter(criterion=criteria["review"], points=Decimal(85), reason="复核后调整", **enter)
    score = EnteredScore.objects.get()
    assert score.points == Decimal(85) and score.reason == "复核后调整"
    assert LogEntry.objects.get_for_object(score).count() == 2
