"""Who may apply for an item, checked against the registry when an application is submitted.

An item declares its conditions as data (`ServiceItem.eligibility`, set from catalogue.ITEM_RULES):

    {"min_age": 80, "max_age": 60, "age_on": "year_end", "county_hukou": true,
     "care_tag": "disabled", "not_receiving": true}

`age_on` is the reference date of the ages: the day of submission (the default) or the last day of
its year ("year_end": whoever turns 80 this year). Each condition gives one result, stored on the
application as `{"code", "passed", "params"}` and put in words in the reader's language when shown.
"""

from datetime import date

from django.utils.functional import lazy
from django.utils.translation import gettext as _

from shequ.core.errors import DomainError
from shequ.residents.choices import CareTag
from shequ.residents.derived import age_of
from shequ.residents.models import Person
from shequ.services.duplicates import holders_covering, holding_application_of
from shequ.services.models import Application, ServiceItem
from shequ.services.workflow import Status


class NotEligible(DomainError):
    """A condition of the item is not met: 400 with the reasons in the user's language."""

    api_status = 400
    api_code = "services.not_eligible"

    def __init__(self, failures: list[dict]):
        # Put in words when rendered: the API renders its errors in the user's own language.
        reasons = [lazy(eligibility_reason, str)(result) for result in failures]
        super().__init__(lazy(lambda: "；".join(map(str, reasons)), str)(), extra={"reasons": reasons})
        self.reasons = reasons


def already_receiving(*, person: Person, service: ServiceItem) -> bool:
    """Whether the person already receives what the item grants: for an item an app holds (a benefit
    item: its benefits in payment or suspended), what that app answers; for any other item, a
    completed application of it."""
    if holders_covering(service):
        return holding_application_of(person=person, service=service) is not None
    return Application.objects.filter(applicant=person, service=service, status=Status.COMPLETED).exists()


def _reference_date(conditions: dict, today: date) -> date:
    return date(today.year, 12, 31) if conditions.get("age_on") == "year_end" else today


def eligibility_check(*, service: ServiceItem, person: Person, today: date) -> list[dict]:
    """One result per declared condition, in a fixed order."""
    conditions = service.eligibility or {}
    results = []
    on = _reference_date(conditions, today)
    age = age_of(person.birth_date, today=on)
    if conditions.get("min_age") is not None:
        results.append(_result("min_age", age >= conditions["min_age"], age=conditions["min_age"], on=on))
    if conditions.get("max_age") is not None:
        results.append(_result("max_age", age <= conditions["max_age"], age=conditions["max_age"], on=on))
    if conditions.get("county_hukou"):
        results.append(_result("county_hukou", person.county_hukou))
    if conditions.get("care_tag"):
        tag = conditions["care_tag"]
        results.append(_result("care_tag", person.tags.filter(tag=tag).exists(), tag=tag))
    if conditions.get("not_receiving"):
        results.append(_result("not_receiving", not already_receiving(person=person, service=service)))
    return results


def _result(code: str, passed: bool, on: date | None = None, **params) -> dict:
    if on is not None:
        params["on"] = on.isoformat()
    return {"code": code, "passed": passed, "params": params}


def eligibility_failures(results: list[dict]) -> list[dict]:
    return [result for result in results if not result["passed"]]


def eligibility_text(result: dict) -> str:
    """The condition in words, in the active language ("年满 80 周岁（截至 2026-10-30）")."""
    params = result.get("params", {})
    code = result["code"]
    if code == "min_age":
        return _("年满 %(age)s 周岁（截至 %(on)s）") % params
    if code == "max_age":
        return _("不超过 %(age)s 周岁（截至 %(on)s）") % params
    if code == "county_hukou":
        return _("户籍在本县")
    if code == "care_tag":
        tag = params.get("tag", "")
        return _("属于“%(tag)s”") % {"tag": CareTag(tag).label if tag in CareTag.values else tag}
    if code == "not_receiving":
        return _("未在享受同一待遇")
    return code


def eligibility_reason(result: dict) -> str:
    """Why a failed condition refuses the application, in the active language."""
    return _("不符合条件：%(condition)s") % {"condition": eligibility_text(result)}
