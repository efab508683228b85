"""Demo sign-ups: residents who signed up on the portal, through the real path (a code, then the
real-name check). Some match the registry and are verified; two wait for their unit's worker."""

from shequ.accounts.models import SignUp
from shequ.accounts.services import account_register
from shequ.accounts.sms_codes import sms_code_issue
from shequ.regions.models import Region
from shequ.residents.id_numbers import check_character
from shequ.residents.models import Person

VERIFIED_IN = "652327100003"  # 文化路社区
PENDING = [
    # (phone, unit, how the sign-up differs from the registry)
    ("19900000011", "652327100003", "typo"),  # a name with one character mistyped
    ("19900000012", "652327205209", "unknown"),  # an ID number the registry does not hold
]
VERIFIED_PHONES = ["19900000001", "19900000002", "19900000003"]


def _register(phone: str, *, name: str, id_number: str, password: str, unit: Region | None = None) -> None:
    code = sms_code_issue(phone=phone, purpose="signup").code
    account_register(phone=phone, code=code, name=name, id_number=id_number, password=password, unit=unit)


def signups_seed(*, password: str) -> int:
    """Idempotent: phones that signed up already are skipped. Returns how many were added."""
    taken = set(SignUp.objects.values_list("account__username", flat=True))
    unbound = list(
        Person.objects.filter(region__code=VERIFIED_IN, account__isnull=True)
        .exclude(id_number="")
        .order_by("id")[: len(VERIFIED_PHONES) + 1]
    )
    added = 0
    for phone, person in zip(VERIFIED_PHONES, unbound, strict=False):
        if phone not in taken:
            _register(phone, name=person.name, id_number=person.id_number, password=password)
            added += 1
    for phone, unit_code, kind in PENDING:
        if phone in taken or not unbound:
            continue
        person = unbound[-1]
        if kind == "typo":
            name, id_number = person.name[:-1] + ("芳" if person.name[-1] != "芳" else "方"), person.id_number
        else:
            body = "65232719700101" + "987"
            name, id_number = "马玉兰", body + check_character(body)
        _register(phone, name=name, id_number=id_number, password=password, unit=Region.objects.get(code=unit_code))
        added += 1
    return added
