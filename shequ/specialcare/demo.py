"""Demo special-group care: `care_wenhualu` holds the duty for every group in 文化路社区, with two
records per group there (one visit overdue, a few due soon), and `worker_xindi` the duty in 新地村
with one record. Made through the services (audited like real work) and once: skipped when any
record exists or the accounts are missing."""

from datetime import timedelta

from django.utils import timezone

from shequ.accounts.models import User
from shequ.regions.models import Region
from shequ.residents.derived import latest_birth_date_for_age
from shequ.residents.models import Person
from shequ.specialcare.groups import WITH_GUARDIAN, Group, visit_days
from shequ.specialcare.models import CareRecord
from shequ.specialcare.services import RecordData, care_record_create, care_visit_record, duty_grant_create

WENHUALU = "652327100003"
XINDI = "652327205209"
MINORS = frozenset({Group.MINOR_REPORT, Group.MINOR_GUARDIANSHIP, Group.MINOR_DIFFICULTY})
REHABILITATION = {Group.MENTAL: "文化路社区精神康复驿站", Group.DRUG_REHAB: "县社区戒毒（康复）工作站"}


def _grant(user: User, code: str, administrator: User) -> None:
    duty_grant_create(
        user=user,
        region=Region.objects.get(code=code),
        groups=list(Group.values),
        starts_on=timezone.localdate() - timedelta(days=365),
        ends_on=None,
        acting_user=administrator,
    )


def _record(person: Person, group: str, holder: User, *, started_days_ago: int) -> CareRecord:
    today = timezone.localdate()
    return care_record_create(
        person=person,
        data=RecordData(
            group=group,
            started_on=today - timedelta(days=started_days_ago),
            responsible=holder,
            guardian_name="监护人（演示）" if group in WITH_GUARDIAN else "",
            guardian_relation="父母" if group in MINORS else ("配偶" if group in WITH_GUARDIAN else ""),
            guardian_phone="13900001234" if group in WITH_GUARDIAN else "",
            rehabilitation_service=REHABILITATION.get(group, ""),
            supervision_starts_on=today - timedelta(days=started_days_ago) if group == Group.CORRECTION else None,
            supervision_ends_on=today + timedelta(days=300) if group == Group.CORRECTION else None,
            notes="演示数据",
        ),
        acting_user=holder,
    )


def special_care_seed() -> dict:
    holder = User.objects.filter(username="care_wenhualu").first()
    administrator = User.objects.filter(username="admin").first()
    if holder is None or administrator is None or CareRecord.objects.exists():
        return {"special_care_records": 0}
    _grant(holder, WENHUALU, administrator)
    adult_born_before = latest_birth_date_for_age(18)
    residents = Person.objects.filter(region__code=WENHUALU, died_on__isnull=True).order_by("id")
    adults = iter(residents.filter(birth_date__lte=adult_born_before))
    minors = iter(residents.filter(birth_date__gt=adult_born_before))
    today, created = timezone.localdate(), 0
    for group in Group.values:
        for index in range(2):
            person = next(minors if group in MINORS else adults, None)
            if person is None:
                continue
            record = _record(person, group, holder, started_days_ago=120)
            created += 1
            if group == Group.CORRECTION and index == 0:
                continue  # never visited since it began: the overdue visit
            # The second of each group was visited long enough ago to be due within days.
            interval = visit_days(group)
            days_ago = max(interval - 3, 0) if index else min(interval // 3, 10)
            care_visit_record(
                record=record, visited_on=today - timedelta(days=days_ago), kind="home", notes="", acting_user=holder
            )
    worker_xindi = User.objects.filter(username="worker_xindi").first()
    elsewhere = Person.objects.filter(region__code=XINDI, birth_date__lte=adult_born_before).order_by("id").first()
    if worker_xindi is not None and elsewhere is not None:
        _grant(worker_xindi, XINDI, administrator)
        _record(elsewhere, Group.RELEASED, worker_xindi, started_days_ago=30)
        created += 1
    return {"special_care_records": created}
