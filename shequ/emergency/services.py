"""Writes of emergency readiness: drafting, issuing and lifting warnings (issuing writes the
acknowledgements and queues the delivery), acknowledging, calling teams, supplies and their
movements with the once-only alerts, and the area's other records. Each change writes its domain
event in its transaction; messages and SMS go after commit."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.models import Role, User
from shequ.accounts.scope import covers
from shequ.core.audit import audit_actor
from shequ.core.errors import DomainError
from shequ.core.events import event_record
from shequ.core.text import note_clean, text_clean
from shequ.core.uploads import upload_check
from shequ.emergency.models import (
    Acknowledgement,
    Audience,
    Drill,
    FireStation,
    Force,
    ForceCall,
    Kind,
    Level,
    MovementKind,
    Plan,
    Shelter,
    Supply,
    SupplyMovement,
    Warning,
    WarningHistory,
    WarningTarget,
)
from shequ.emergency.rules import ACKNOWLEDGING_ROLES, is_issuer, is_keeper
from shequ.emergency.workflow import ISSUER, WARNING_WORKFLOW, WarningStatus
from shequ.notifications.services import notification_send
from shequ.notifications.sms import sms_send_on_commit
from shequ.regions.codes import Level as RegionLevel
from shequ.regions.codes import common_ancestor, unit_of
from shequ.regions.models import Region

# A supply is "expiring soon" this many days before its expiry date.
EXPIRY_SOON_DAYS = 30
PLAN_MAX_BYTES = 20 * 1024 * 1024
TARGET_LEVELS = (RegionLevel.COUNTY, RegionLevel.TOWNSHIP, RegionLevel.VILLAGE, RegionLevel.GRID)
RECORD_LEVELS = (RegionLevel.COUNTY, RegionLevel.TOWNSHIP, RegionLevel.VILLAGE)


class NotAddressed(DomainError):
    """The warning asks nothing of this user (a 404: nothing to confirm here)."""

    api_status = 404
    api_code = "emergency.not_addressed"


class NotIssued(DomainError):
    api_code = "emergency.not_issued"


def _texts(errors: dict, **texts: str) -> dict[str, str]:
    cleaned = {}
    for name, value in texts.items():
        try:
            cleaned[name] = (
                text_clean(value or "", max_length=120 if name == "title" else 200)
                if name.startswith("title")
                else note_clean(value or "", max_length=2000)
            )
        except ValidationError as invalid:
            errors[name] = invalid.messages
            continue
        if not cleaned[name]:
            errors[name] = [_("请填写此项（预警须同时有汉文和维吾尔文）")]
    return cleaned


def warning_create(
    *,
    acting_user: User,
    level: str,
    kind: str,
    regions: list[Region],
    title: str,
    body: str,
    title_ug: str,
    body_ug: str,
    audience: str = Audience.EVERYONE,
    is_demo: bool = False,
) -> Warning:
    """Draft a warning for `regions` (within the issuer's own), in Chinese and Uyghur."""
    if not is_issuer(acting_user):
        raise PermissionDenied
    errors: dict[str, list] = {}
    texts = _texts(errors, title=title, body=body, title_ug=title_ug, body_ug=body_ug)
    if level not in Level.values:
        errors["level"] = [_("请选择预警级别")]
    if kind not in Kind.values:
        errors["kind"] = [_("请选择预警类型")]
    if audience not in Audience.values:
        errors["audience"] = [_("请选择发送对象")]
    if not regions:
        errors["regions"] = [_("请至少选择一个预警区域")]
    elif any(region.level not in TARGET_LEVELS or not covers(acting_user, region) for region in regions):
        errors["regions"] = [_("预警区域须在您的管辖范围内")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), audit_actor(acting_user):
        warning = Warning.objects.create(
            level=level,
            kind=kind,
            audience=audience,
            scope_code=common_ancestor([region.code for region in regions]),
            created_by=acting_user,
            is_demo=is_demo,
            **texts,
        )
        WarningTarget.objects.bulk_create(
            WarningTarget(warning=warning, region=region, code=region.code)
            for region in {r.pk: r for r in regions}.values()
        )
        WarningHistory.objects.create(warning=warning, actor=acting_user, to_status=WarningStatus.DRAFT)
        event_record(
            acting_user=acting_user,
            verb="warning.drafted",
            target=warning,
            region_code=warning.scope_code,
            data={"level": level, "kind": kind, "regions": [region.code for region in regions]},
        )
    return warning


def acknowledgers(warning: Warning) -> models.QuerySet[User]:
    """The active grid and village workers of the targets (a grid's unit's workers too)."""
    codes = list(warning.targets.values_list("code", flat=True))
    within = Q()
    for code in codes:
        within |= Q(region__code__within=code)
        if len(code) > 12:  # a grid: its unit's village workers answer for it too
            within |= Q(role=Role.VILLAGE_WORKER, region__code=unit_of(code))
    return User.objects.filter(within, is_active=True, role__in=ACKNOWLEDGING_ROLES).select_related("region")


def _acknowledgements_write(warning: Warning) -> int:
    rows = [
        Acknowledgement(
            warning=warning,
            worker=worker,
            scope_code=worker.region.code,
            unit_code=unit_of(worker.region.code),
            grid_code=worker.region.code if worker.role == Role.GRID_WORKER else "",
        )
        for worker in acknowledgers(warning)
    ]
    Acknowledgement.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def warning_transition(*, warning: Warning, acting_user: User, to: str, note: str = "") -> Warning:
    """Issue a draft (writes who must acknowledge and queues the delivery after commit) or lift an
    issued warning. A step the table does not have is TransitionForbidden (409)."""
    note = note_clean(note, max_length=1000)
    with transaction.atomic(), audit_actor(acting_user):
        if not Warning.objects.for_user(acting_user).filter(pk=warning.pk).exists() or not is_issuer(acting_user):
            raise PermissionDenied
        warning = Warning.objects.select_for_update().get(pk=warning.pk)
        step = WARNING_WORKFLOW.step_for(warning.status, to)
        assert step.by == ISSUER
        now = timezone.now()
        data = {"from": warning.status, "to": to}
        if to == WarningStatus.ISSUED:
            warning.issued_by, warning.issued_at = acting_user, now
            data["acknowledgers"] = _acknowledgements_write(warning)
        else:
            warning.lifted_at = now
        WarningHistory.objects.create(
            warning=warning, actor=acting_user, from_status=warning.status, to_status=to, note=note
        )
        warning.status = to
        warning.save(update_fields=["status", "issued_by", "issued_at", "lifted_at"])
        event_record(
            acting_user=acting_user,
            verb="warning.transitioned",
            target=warning,
            region_code=warning.scope_code,
            data=data,
        )
        if to == WarningStatus.ISSUED:
            transaction.on_commit(lambda: _delivery_enqueue(warning.pk))
    return warning


def _delivery_enqueue(warning_id: int) -> None:
    from shequ.emergency.tasks import warning_deliver

    warning_deliver.enqueue(warning_id=warning_id)


def _status_of(warning: Warning) -> str:
    """The stored status (the caller's instance may predate a step)."""
    return Warning.objects.values_list("status", flat=True).get(pk=warning.pk)


def warning_acknowledge(*, warning: Warning, acting_user: User) -> bool:
    """Confirm receipt; True the first time, False when it was confirmed already (idempotent). A
    user with nothing to confirm gets NotAddressed; a lifted warning is no longer confirmed."""
    with transaction.atomic():
        row = Acknowledgement.objects.select_for_update().filter(warning=warning, worker=acting_user).first()
        if row is None:
            raise NotAddressed(_("这条预警不需要您确认"))
        if row.acknowledged_at is not None:
            return False
        if _status_of(warning) != WarningStatus.ISSUED:
            raise NotIssued(_("预警已解除，无需再确认"))
        row.acknowledged_at = timezone.now()
        row.save(update_fields=["acknowledged_at"])
        event_record(acting_user=acting_user, verb="warning.acknowledged", target=warning, region_code=row.scope_code)
    return True


def warning_forces_call(*, warning: Warning, forces: list[Force], acting_user: User) -> int:
    """Call out teams for an issued warning: each is recorded once and its contact gets an SMS
    after commit. Returns how many teams were newly called."""
    if not is_issuer(acting_user) or not Warning.objects.for_user(acting_user).filter(pk=warning.pk).exists():
        raise PermissionDenied
    if _status_of(warning) != WarningStatus.ISSUED:
        raise NotIssued(_("只有已发布的预警才能调用应急力量"))
    allowed = set(Force.objects.for_user(acting_user).filter(active=True).values_list("pk", flat=True))
    if any(force.pk not in allowed for force in forces):
        raise PermissionDenied
    with transaction.atomic():
        already = set(ForceCall.objects.filter(warning=warning).values_list("force_id", flat=True))
        new = [force for force in forces if force.pk not in already]
        ForceCall.objects.bulk_create(ForceCall(warning=warning, force=force, called_by=acting_user) for force in new)
        for force in new:
            sms_send_on_commit(phone=force.phone, key="emergency.force_called", params=message_params(warning))
        if new:
            event_record(
                acting_user=acting_user,
                verb="warning.forces_called",
                target=warning,
                region_code=warning.scope_code,
                data={"forces": [force.pk for force in new]},
            )
    return len(new)


def message_params(warning: Warning) -> dict:
    """A warning's words for messages: its public title in both languages, its level and kind as
    codes (worded by the message); never a person."""
    return {
        "id": warning.pk,
        "level": warning.level,
        "kind": warning.kind,
        "title": {"": warning.title, "ug": warning.title_ug},
    }


def _region_check(acting_user: User, region: Region) -> None:
    if not is_keeper(acting_user):
        raise PermissionDenied
    if region is None or region.level not in RECORD_LEVELS:
        raise ValidationError({"region": [_("请选择县、乡镇或村（社区）")]})
    if not covers(acting_user, region):
        raise ValidationError({"region": [_("所选区域不在您的管辖范围内")]})


# What each kind of record is, for the pages and the one service that writes them.
RECORDS: dict[str, type[models.Model]] = {
    "shelter": Shelter,
    "station": FireStation,
    "drill": Drill,
    "force": Force,
}


def record_create(*, kind: str, acting_user: User, region: Region, values: dict) -> models.Model:
    """Add a shelter, micro fire station, drill or force to an area within the keeper's scope;
    checked by the model's own validation (every error at once, nothing written)."""
    _region_check(acting_user, region)
    model = RECORDS[kind]
    record = model(region=region, scope_code=region.code, **values)
    if kind == "drill":
        record.recorded_by = acting_user
    record.full_clean()
    with transaction.atomic(), audit_actor(acting_user):
        record.save()
        event_record(acting_user=acting_user, verb=f"emergency.{kind}_added", target=record, region_code=region.code)
    return record


def plan_upload(
    *, acting_user: User, region: Region, title: str, version: str, effective_on: date, file: UploadedFile
) -> Plan:
    """A new version of an area's emergency plan (a PDF or a scan)."""
    _region_check(acting_user, region)
    errors: dict[str, list] = {}
    try:
        title, version = text_clean(title, max_length=120), text_clean(version, max_length=20)
    except ValidationError as invalid:
        errors["title"] = invalid.messages
    if not title:
        errors["title"] = [_("请填写预案名称")]
    if not version:
        errors["version"] = [_("请填写版本")]
    try:
        checked = upload_check(file, max_bytes=PLAN_MAX_BYTES)
    except ValidationError as invalid:
        errors["file"] = invalid.messages
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), audit_actor(acting_user):
        plan = Plan.objects.create(
            region=region,
            scope_code=region.code,
            title=title,
            version=version,
            effective_on=effective_on,
            file=checked.stored_file(),
            original_name=checked.display_name,
            content_type=checked.content_type,
            uploaded_by=acting_user,
        )
        event_record(acting_user=acting_user, verb="emergency.plan_uploaded", target=plan, region_code=region.code)
    return plan


def supply_create(
    *,
    acting_user: User,
    region: Region,
    name: str,
    measure: str,
    quantity: Decimal,
    minimum: Decimal,
    location: str,
    expires_on: date | None = None,
    is_demo: bool = False,
) -> Supply:
    """A new reserve item; its first stock is a restock movement, so the balance has a history."""
    _region_check(acting_user, region)
    if quantity is None or quantity < 0:
        raise ValidationError({"quantity": [_("数量不能为负数")]})
    supply = Supply(
        region=region,
        scope_code=region.code,
        name=name,
        measure=measure,
        minimum=minimum,
        location=location,
        expires_on=expires_on,
        is_demo=is_demo,
    )
    supply.full_clean()
    with transaction.atomic(), audit_actor(acting_user):
        supply.save()
        event_record(acting_user=acting_user, verb="supply.created", target=supply, region_code=region.code)
    if quantity:
        supply_move(supply=supply, kind=MovementKind.RESTOCK, quantity=quantity, acting_user=acting_user)
        supply.refresh_from_db()
    return supply


def supply_move(*, supply: Supply, kind: str, quantity: Decimal, acting_user: User, note: str = "") -> SupplyMovement:
    """Issue or restock: the row is locked, so concurrent issues queue and the balance stays right;
    an issue beyond the stock is refused. A restock back to the minimum re-arms the low alert."""
    if not is_keeper(acting_user) or not Supply.objects.for_user(acting_user).filter(pk=supply.pk).exists():
        raise PermissionDenied
    if kind not in MovementKind.values:
        raise ValidationError({"kind": [_("请选择入库或出库")]})
    if quantity is None or quantity <= 0:
        raise ValidationError({"quantity": [_("数量必须大于零")]})
    note = text_clean(note or "", max_length=200)
    with transaction.atomic():
        supply = Supply.objects.select_for_update().get(pk=supply.pk)
        if kind == MovementKind.ISSUE and quantity > supply.quantity:
            raise ValidationError(
                {
                    "quantity": [
                        _("库存不足：现有 %(stock)s%(measure)s") % {"stock": supply.quantity, "measure": supply.measure}
                    ]
                }
            )
        supply.quantity += quantity if kind == MovementKind.RESTOCK else -quantity
        if not supply.is_low:
            supply.low_alerted_at = None
        supply.save(update_fields=["quantity", "low_alerted_at"])
        movement = SupplyMovement.objects.create(
            supply=supply, kind=kind, quantity=quantity, balance=supply.quantity, note=note, actor=acting_user
        )
        event_record(
            acting_user=acting_user,
            verb="supply.moved",
            target=supply,
            region_code=supply.scope_code,
            data={"kind": kind, "quantity": str(quantity), "balance": str(supply.quantity)},
        )
    return movement


def _keepers_of(code: str) -> models.QuerySet[User]:
    """Who is told of an area's supply alerts: the workers of the unit, the staff of the township,
    the county's emergency and civil-affairs staff."""
    users = User.objects.filter(is_active=True, region__code=code)
    if len(code) == 12:
        return users.filter(role=Role.VILLAGE_WORKER)
    if len(code) == 9:
        return users.filter(role=Role.TOWNSHIP_STAFF)
    return users.filter(role=Role.COUNTY_STAFF, department__in=["yjj", "mzj"])


def supply_alerts_notify(*, today: date | None = None) -> dict[str, int]:
    """Tell each supply's keepers, once, that it is below its minimum or expires within
    EXPIRY_SOON_DAYS. The mark is set by a conditional UPDATE, so two runs at once send it once."""
    today = today or timezone.localdate()
    sent = {"low": 0, "expiring": 0}
    low = Supply.objects.filter(quantity__lt=F("minimum"), low_alerted_at__isnull=True)
    for supply in low.iterator():
        with transaction.atomic():
            if not Supply.objects.filter(pk=supply.pk, low_alerted_at__isnull=True).update(
                low_alerted_at=timezone.now()
            ):
                continue
            _alert(supply, "emergency.supply_low")
            sent["low"] += 1
    expiring = Supply.objects.filter(expires_on__lte=today + timedelta(days=EXPIRY_SOON_DAYS)).exclude(
        expiry_alerted_for=F("expires_on")
    )
    for supply in expiring.iterator():
        with transaction.atomic():
            marked = (
                Supply.objects.filter(pk=supply.pk, expires_on=supply.expires_on)
                .exclude(expiry_alerted_for=F("expires_on"))
                .update(expiry_alerted_for=supply.expires_on)
            )
            if not marked:
                continue
            _alert(supply, "emergency.supply_expiring")
            sent["expiring"] += 1
    return sent


def _alert(supply: Supply, key: str) -> None:
    params = {"name": supply.name, "expires": supply.expires_on.isoformat() if supply.expires_on else ""}
    for keeper in _keepers_of(supply.scope_code):
        notification_send(user=keeper, key=key, params=params, link=f"/work/emergency/supplies/{supply.pk}/")
    event_record(
        acting_user=None, verb=key.replace("emergency.", "supply."), target=supply, region_code=supply.scope_code
    )
