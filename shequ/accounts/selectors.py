"""Reads of residents' sign-ups for the workers who decide them. Everything starts from `for_user`."""

from django.db.models import Q, QuerySet

from shequ.accounts.models import SignUp, SignUpStatus, User
from shequ.residents.models import Person

CANDIDATES = 20


def signup_list(*, user: User, status: str = SignUpStatus.PENDING) -> QuerySet[SignUp]:
    """The sign-ups of one status in the user's scope, oldest first (the queue's index)."""
    return (
        SignUp.objects.for_user(user)
        .filter(status=status)
        .select_related("region", "account")
        .order_by("created_at", "id")
    )


def signup_pending_count(*, user: User) -> int:
    return SignUp.objects.for_user(user).filter(status=SignUpStatus.PENDING).count()


def signup_candidates(*, signup: SignUp, user: User) -> list[Person]:
    """Registry persons the waiting account may belong to, in the worker's scope: the same ID number,
    or the same name in the unit the resident named. Shown masked (name, birth year, the ID's last
    four characters, household); never more than a page."""
    match = Q(id_number=signup.id_number) | Q(name=signup.name, scope_code__within=signup.scope_code)
    return list(
        Person.objects.for_user(user)
        .filter(match)
        .select_related("household", "region")
        .order_by("name", "id")[:CANDIDATES]
    )


def bound_person(*, signup: SignUp) -> Person | None:
    return Person.objects.filter(account_id=signup.account_id).select_related("household", "region").first()
