"""How a shared facility's areas are counted for the units it serves.

Every served unit (the facility's own included) has a share: the explicit one where given, else an
equal part of what the explicit shares leave. Explicit shares may add up to at most 1; when they
add up to 1 exactly and some units have none, those units count nothing. The shares of a facility
therefore always add up to 1 (or to the explicit total when every unit has one), and summing
`area × share` per unit counts every square metre once across the county.
"""

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ONE = Decimal("1")


def shares_resolve(explicit: dict[str, Decimal | None]) -> dict[str, Decimal]:
    """unit code → share, from unit code → explicit share or None."""
    given = {code: share for code, share in explicit.items() if share is not None}
    total = sum(given.values(), Decimal("0"))
    if total > ONE:
        raise ValidationError(_("各单位的面积分摊比例合计不能超过 1"), code="shares_over_one")
    open_codes = [code for code, share in explicit.items() if share is None]
    rest = (ONE - total) / len(open_codes) if open_codes else Decimal("0")
    return given | dict.fromkeys(open_codes, rest)


def area_by_unit(
    rows: Iterable[tuple[str, dict[str, Decimal | None], dict[str, Decimal]]],
) -> dict[str, dict[str, Decimal]]:
    """Summed areas per served unit, from (facility key, explicit shares, areas) per facility."""
    totals: dict[str, dict[str, Decimal]] = {}
    for _key, explicit, areas in rows:
        for code, share in shares_resolve(explicit).items():
            unit = totals.setdefault(code, dict.fromkeys(areas, Decimal("0")))
            for name, value in areas.items():
                unit[name] += value * share
    return {
        code: {name: value.quantize(Decimal("0.01")) for name, value in areas.items()} for code, areas in totals.items()
    }
