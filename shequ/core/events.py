from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models

from shequ.core.audit import audit_request_client
from shequ.core.models import DomainEvent

# verb → translatable label, filled by each app in its AppConfig.ready().
EVENT_LABELS: dict[str, str] = {}


def event_labels_register(labels: dict[str, str]) -> None:
    EVENT_LABELS.update(labels)


def event_record(
    *,
    acting_user: AbstractBaseUser | None,
    verb: str,
    target: models.Model,
    region_code: str = "",
    reason: str = "",
    data: dict[str, Any] | None = None,
) -> DomainEvent:
    """Write one domain event. Call inside the transaction of the change it describes.

    Inside a request the event carries the client's address and user agent."""
    address, user_agent = audit_request_client()
    return DomainEvent.objects.create(
        actor=acting_user if getattr(acting_user, "pk", None) else None,
        verb=verb,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        region_code=region_code,
        reason=reason,
        data=data or {},
        client_address=address or None,
        user_agent=user_agent,
    )
