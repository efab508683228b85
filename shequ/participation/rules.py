"""Who may answer a question: the desk it was routed to. A question routed to a county department
is answered by that department's staff (or a county administrator); any other by the staff whose
region holds the asker's unit (the unit's workers, the township, the county)."""

import rules

from shequ.accounts.models import Role
from shequ.accounts.predicates import is_staff_worker


def can_handle_question(user, question) -> bool:
    if user.is_superuser:
        return True
    if not user.is_authenticated or not user.is_staff_role:
        return False
    if question.department:
        if user.role == Role.COUNTY_STAFF:
            return user.department == question.department
        return user.role == Role.COUNTY_ADMIN
    if user.role == Role.COUNTY_STAFF:
        return False
    return type(question).objects.for_user(user).filter(pk=question.pk).exists()


@rules.predicate
def handles_question(user, question) -> bool:
    return question is None or can_handle_question(user, question)


rules.add_perm("participation.answer_question", is_staff_worker & handles_question)
