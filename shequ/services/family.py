"""Who may apply for whom (亲属代办), and who hears of an application.

A resident bound to a registry person applies for themself and the members of their household;
for anyone else only with that person's standing authorisation (services.models.Authorisation).
Every step of an application is told to the account that submitted it, to the person applied for
and, for a minor, to their guardians. The registry records no guardian of its own: the household
head stands for it, with the head's spouse for the head's children (their parents)."""

from django.db.models import Case, Q, QuerySet, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.accounts.models import Role, User
from shequ.core.errors import DomainError
from shequ.residents.choices import Relation
from shequ.residents.derived import latest_birth_date_for_age
from shequ.residents.models import Person
from shequ.residents.selectors import own_person
from shequ.services.models import Application, Authorisation

ADULT_AGE = 18


class NotAuthorised(DomainError):
    """A resident applied for someone outside their household who has not authorised them. The
    same answer whether or not the person exists, so that it reveals nobody (403)."""

    api_status = 403
    api_code = "services.not_authorised"

    def __init__(self):
        super().__init__(gettext_lazy("您不能为此人申请：不是本户成员，也没有此人的代办授权"))


def authorised_grantors(*, person: Person) -> QuerySet[Person]:
    """The people outside `person`'s household who stand authorised `person` to apply for them."""
    return Person.objects.filter(pk__in=Authorisation.objects.active().filter(agent=person).values("grantor")).exclude(
        household_id=person.household_id
    )


def applicable_persons(*, user) -> QuerySet[Person]:
    """Whom the resident `user` may apply for: their household, then those who authorised them."""
    own = own_person(user)
    if own is None:
        return Person.objects.none()
    granted = Authorisation.objects.active().filter(agent=own).values("grantor")
    outside = Case(When(household_id=own.household_id, then=Value(0)), default=Value(1))
    # The household first, then those who authorised them; each eldest first.
    return Person.objects.filter(Q(household_id=own.household_id) | Q(pk__in=granted)).order_by(
        outside, "birth_date", "id"
    )


def may_apply_for(*, user, person: Person) -> bool:
    """Whether `user`'s own resident account may apply (and take the resident's steps) for `person`."""
    own = own_person(user)
    if own is None:
        return False
    if own.household_id == person.household_id:
        return True
    return Authorisation.objects.active().filter(grantor=person, agent=own).exists()


def guardians_of(person: Person) -> list[Person]:
    """The registry's guardians of a minor (nobody for an adult): the adult household head, and the
    head's spouse when the minor is the head's child."""
    if person.birth_date > latest_birth_date_for_age(ADULT_AGE):
        relations = [Relation.HEAD] + ([Relation.SPOUSE] if person.relation == Relation.CHILD else [])
        return list(
            Person.objects.filter(
                household_id=person.household_id,
                relation__in=relations,
                birth_date__lte=latest_birth_date_for_age(ADULT_AGE),
            )
            .exclude(pk=person.pk)
            .select_related("account")
        )
    return []


def application_recipients(application: Application) -> list[User]:
    """The accounts told of each step: the resident who submitted it, the person applied for, and a
    minor's guardians; each once, active accounts only. A worker who filed it at the window follows
    it in their queues instead."""
    submitter = application.submitted_by
    applicant = application.applicant
    candidates = [submitter if submitter.role == Role.RESIDENT else None, applicant.account]
    candidates += [guardian.account for guardian in guardians_of(applicant)]
    recipients, seen = [], set()
    for user in candidates:
        if user is not None and user.is_active and user.pk not in seen:
            seen.add(user.pk)
            recipients.append(user)
    return recipients


class SubmittedBy:
    SELF = "self"
    FAMILY = "family"
    AUTHORISED = "authorised"
    WORKER = "worker"

    LABELS = {
        SELF: gettext_lazy("本人申请"),
        FAMILY: gettext_lazy("家庭成员代办"),
        AUTHORISED: gettext_lazy("受托人代办（有授权）"),
        WORKER: gettext_lazy("工作人员窗口登记"),
    }


def submitted_by_kind(application: Application) -> str:
    """Who submitted it, as the worker's case page shows it: the applicant, a household member, an
    authorised agent, or a worker at the window."""
    submitter = application.submitted_by
    if submitter.role != Role.RESIDENT:
        return SubmittedBy.WORKER
    if application.applicant.account_id == submitter.pk:
        return SubmittedBy.SELF
    own = own_person(submitter)
    if own is not None and own.household_id == application.applicant.household_id:
        return SubmittedBy.FAMILY
    return SubmittedBy.AUTHORISED


def chooser_label(person: Person, *, own: Person) -> str:
    """How the 为谁申请 chooser names a person: name, relation (or 本人 / 授权代办), birth year and
    the last four characters of the ID number; never the birth date or the whole number."""
    if person.pk == own.pk:
        relation = _("本人")
    elif person.household_id == own.household_id:
        relation = person.get_relation_display()
    else:
        relation = _("授权代办")
    tail = person.id_number[-4:] if person.id_number else "—"
    return _("%(name)s（%(relation)s，%(year)s年生，身份证尾号 %(tail)s）") % {
        "name": person.name,
        "relation": relation,
        "year": person.birth_year,
        "tail": tail,
    }
