"""Reads of deliberation: the meetings a user may attend or hold, and a motion's result (counted in
two queries whatever the size of the unit)."""

from dataclasses import dataclass
from fractions import Fraction

from django.db.models import Count, QuerySet

from shequ.accounts.models import User
from shequ.deliberation.models import CHOICES, VOTING_AGE, Basis, Majority, Meeting, Motion, Topic, Vote
from shequ.residents.derived import latest_birth_date_for_age
from shequ.residents.models import Person


def meetings_for_user(*, user: User) -> QuerySet[Meeting]:
    """Residents: the meetings of their unit; staff: those of their region. Newest first."""
    return Meeting.objects.for_user(user).select_related("unit")


def topics_for_user(*, user: User) -> QuerySet[Topic]:
    return Topic.objects.for_user(user).select_related("meeting")


@dataclass(frozen=True)
class MotionResult:
    counts: dict[str, int]
    voted: int
    entitled: int
    online: int
    onsite: int
    quorum_reached: bool
    passed: bool

    @property
    def turnout_percent(self) -> int:
        return round(100 * self.voted / self.entitled) if self.entitled else 0


def _entitled(motion: Motion) -> int:
    adults = Person.objects.filter(
        region_id=motion.meeting.unit_id, died_on__isnull=True, birth_date__lte=latest_birth_date_for_age(VOTING_AGE)
    )
    if motion.basis == Basis.HOUSEHOLD:
        return adults.values("household_id").distinct().count()
    return adults.count()


def motion_result(*, motion: Motion) -> MotionResult:
    """Counts per choice and channel; the quorum (share of those entitled who voted) and the
    majority the motion defines. Online and on-site votes share one ballot per household, so they
    add up without double counting."""
    counts = dict.fromkeys(CHOICES, 0)
    channels = {"online": 0, "onsite": 0}
    for row in Vote.objects.filter(motion=motion).values("choice", "channel").annotate(n=Count("id")):
        counts[row["choice"]] = counts.get(row["choice"], 0) + row["n"]
        channels[row["channel"]] += row["n"]
    voted, entitled = sum(counts.values()), _entitled(motion)
    quorum = entitled > 0 and Fraction(voted, entitled) * 100 >= motion.quorum_percent
    yes = counts["yes"]
    if motion.majority == Majority.TWO_THIRDS:
        carried = voted > 0 and Fraction(yes, voted) >= Fraction(2, 3)
    elif motion.majority == Majority.ABSOLUTE:
        carried = entitled > 0 and Fraction(yes, entitled) > Fraction(1, 2)
    else:
        carried = voted > 0 and Fraction(yes, voted) > Fraction(1, 2)
    return MotionResult(
        counts=counts,
        voted=voted,
        entitled=entitled,
        online=channels["online"],
        onsite=channels["onsite"],
        quorum_reached=quorum,
        passed=quorum and carried,
    )


def household_vote(*, motion: Motion, person: Person) -> Vote | None:
    """The vote that counts for this person (their household's, for a household vote)."""
    key = person.household_id if motion.basis == Basis.HOUSEHOLD else person.pk
    return Vote.objects.filter(motion=motion, ballot_key=key).select_related("cast_by").first()
