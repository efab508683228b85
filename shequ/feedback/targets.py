"""What can be rated (好差评): each app registers its kind of finished work here, so that ratings,
rectification and statistics never need to know the models they are about."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db import models


@dataclass(frozen=True)
class RatingContext:
    """What a rating is about, read from the rated object when it is rated."""

    resident: models.Model  # residents.Person who received the service and may rate it
    finished_at: datetime | None  # None while it is not finished: not ratable yet
    service: models.Model | None  # services.ServiceItem
    department: str  # accounts.Department code of the responsible department
    region: models.Model  # regions.Region, the village-level unit
    worker: models.Model | None = None  # accounts.User who handled it (window or worker)
    grid: models.Model | None = None  # regions.Region, the resident's grid when served, if any
    provider: models.Model | None = None  # bookings.Provider, for provider credit


@dataclass(frozen=True)
class RatableKind:
    name: str  # "application", "booking", later "incident"
    model: type[models.Model]
    describe: Callable[[models.Model], RatingContext]
    # The finished objects of this kind, for the 5-working-day default rating.
    finished: Callable[[], models.QuerySet]


RATABLE: dict[str, RatableKind] = {}


def ratable_register(kind: RatableKind) -> None:
    RATABLE[kind.name] = kind
