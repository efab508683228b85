"""Writes of 代办授权: a resident authorises someone outside their household to apply for them,
in their own account or through a worker who records the signed form; either may revoke it.

The agent is named by their exact name and ID number, both as the registry holds them: the
answer to a mismatch is the same whether the number exists or not."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.models import User
from shequ.core.audit import audit_actor
from shequ.core.events import event_record
from shequ.core.uploads import upload_check
from shequ.notifications.services import notification_send
from shequ.residents.models import Person
from shequ.residents.selectors import own_person, whole_id_number
from shequ.services.models import Authorisation, AuthorisationMethod


def _agent_find(*, grantor: Person, name: str, id_number: str) -> Person:
    number = whole_id_number(id_number)
    agent = Person.objects.filter(id_number=number, name=(name or "").strip()).first() if number else None
    if agent is None:
        raise ValidationError({"agent_id_number": [_("没有找到姓名和身份证号都相符的居民，请核对")]})
    if agent.pk == grantor.pk:
        raise ValidationError({"agent_id_number": [_("不能授权给本人")]})
    if agent.household_id == grantor.household_id:
        raise ValidationError({"agent_id_number": [_("本户成员可以直接代办，无需授权")]})
    return agent


def _create(*, grantor: Person, agent: Person, acting_user: User, method: str, checked=None) -> Authorisation:
    existing = Authorisation.objects.active().filter(grantor=grantor, agent=agent).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            authorisation = Authorisation.objects.create(
                grantor=grantor,
                agent=agent,
                method=method,
                recorded_by=acting_user,
                form=checked.stored_file() if checked else "",
                form_name=checked.display_name if checked else "",
                form_content_type=checked.content_type if checked else "",
            )
    except IntegrityError:  # the same consent given twice at once: the first one stands
        return Authorisation.objects.active().get(grantor=grantor, agent=agent)
    event_record(
        acting_user=acting_user,
        verb="authorisation.granted",
        target=authorisation,
        region_code=grantor.region.code,
        data={"grantor": grantor.pk, "agent": agent.pk, "method": method},
    )
    if agent.account_id:
        notification_send(
            user=agent.account, key="services.authorisation_granted", link=reverse("services:authorisations")
        )
    return authorisation


def authorisation_grant(*, agent_name: str, agent_id_number: str, acting_user: User) -> Authorisation:
    """The resident of `acting_user`'s own account authorises the person named to apply for them."""
    grantor = own_person(acting_user)
    if grantor is None:
        raise PermissionDenied
    with transaction.atomic(), audit_actor(acting_user):
        agent = _agent_find(grantor=grantor, name=agent_name, id_number=agent_id_number)
        return _create(grantor=grantor, agent=agent, acting_user=acting_user, method=AuthorisationMethod.ACCOUNT)


def authorisation_record(
    *, grantor: Person, agent_name: str, agent_id_number: str, form: UploadedFile | None, acting_user: User
) -> Authorisation:
    """A worker of the grantor's area records the authorisation the grantor signed on paper; the
    scanned form (PDF or image, checked by its content) is required and kept."""
    if not acting_user.has_perm("services.register_application", grantor):
        raise PermissionDenied
    errors = {}
    try:
        agent = _agent_find(grantor=grantor, name=agent_name, id_number=agent_id_number)
    except ValidationError as invalid:
        errors |= invalid.message_dict
    checked = None
    if form is None:
        errors["form"] = [_("请上传本人签字的授权委托书扫描件")]
    else:
        try:
            checked = upload_check(form, max_bytes=settings.UPLOAD_MAX_BYTES)
        except ValidationError as invalid:
            errors["form"] = invalid.messages
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), audit_actor(acting_user):
        authorisation = _create(
            grantor=grantor, agent=agent, acting_user=acting_user, method=AuthorisationMethod.FORM, checked=checked
        )
        # The grantor hears of it in their own account, so a consent they never gave does not go unseen.
        if grantor.account_id:
            notification_send(
                user=grantor.account, key="services.authorisation_recorded", link=reverse("services:authorisations")
            )
    return authorisation


def authorisation_revoke(*, authorisation: Authorisation, acting_user: User) -> Authorisation:
    """The grantor in their own account, or a worker of the grantor's area, ends the consent;
    applications already submitted stay, new ones are refused."""
    grantor = authorisation.grantor
    own = own_person(acting_user)
    if not (
        (own is not None and own.pk == grantor.pk) or acting_user.has_perm("services.register_application", grantor)
    ):
        raise PermissionDenied
    with transaction.atomic(), audit_actor(acting_user):
        authorisation = Authorisation.objects.select_for_update().get(pk=authorisation.pk)
        if authorisation.revoked_at is not None:
            return authorisation
        authorisation.revoked_at, authorisation.revoked_by = timezone.now(), acting_user
        authorisation.save(update_fields=["revoked_at", "revoked_by"])
        event_record(
            acting_user=acting_user,
            verb="authorisation.revoked",
            target=authorisation,
            region_code=grantor.region.code,
            data={"grantor": grantor.pk, "agent": authorisation.agent_id},
        )
    return authorisation


def authorisation_form_download_record(*, authorisation: Authorisation, acting_user: User) -> None:
    """The scanned form leaves the system: audited like a material download."""
    event_record(
        acting_user=acting_user,
        verb="authorisation.form_downloaded",
        target=authorisation,
        region_code=authorisation.grantor.region.code,
        data={"content_type": authorisation.form_content_type},
    )
