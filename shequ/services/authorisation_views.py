"""Pages of 代办授权: a resident's own page (who may apply for me, whom I may apply for), and the
worker's page recording a signed form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shequ.accounts.decorators import staff_worker_required
from shequ.core.uploads import stored_file_response
from shequ.residents.models import Person
from shequ.residents.selectors import own_person, whole_id_number
from shequ.services.authorisations import (
    authorisation_form_download_record,
    authorisation_grant,
    authorisation_record,
    authorisation_revoke,
)
from shequ.services.forms import AuthorisationGrantForm, AuthorisationRecordForm
from shequ.services.models import Authorisation
from shequ.ui.forms import form_add_service_errors

LIST_SIZE = 50


@login_required
def authorisations(request: HttpRequest) -> HttpResponse:
    own = own_person(request.user)
    if own is None:
        return render(request, "services/not_linked.html", status=403)
    form = AuthorisationGrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            authorisation_grant(
                agent_name=form.cleaned_data["agent_name"],
                agent_id_number=form.cleaned_data["agent_id_number"],
                acting_user=request.user,
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("已授权，对方现在可以为您申请办事"))
            return redirect("services:authorisations")
    active = Authorisation.objects.active().select_related("grantor", "agent")
    return render(
        request,
        "services/authorisations.html",
        {
            "form": form,
            "given": active.filter(grantor=own)[:LIST_SIZE],
            "received": active.filter(agent=own)[:LIST_SIZE],
        },
    )


@require_POST
@login_required
def authorisation_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    authorisation = get_object_or_404(Authorisation.objects.select_related("grantor__region"), pk=pk)
    try:
        authorisation_revoke(authorisation=authorisation, acting_user=request.user)
    except PermissionDenied:
        raise Http404 from None  # another's consent is not even shown to exist
    messages.success(request, _("已撤销授权"))
    own = own_person(request.user)
    return redirect("services:authorisations" if own is not None else "services:work-authorisations")


def _grantor_in_scope(user, *, name: str, id_number: str) -> Person | None:
    number = whole_id_number(id_number)
    if not number:
        return None
    return Person.objects.for_user(user).filter(id_number=number, name=name.strip()).select_related("region").first()


@staff_worker_required
def work_authorisations(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("services.register_application"):
        raise PermissionDenied
    form = AuthorisationRecordForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        grantor = _grantor_in_scope(request.user, name=values["grantor_name"], id_number=values["grantor_id_number"])
        if grantor is None:
            form.add_error("grantor_id_number", _("本辖区没有姓名和身份证号都相符的居民，请核对"))
        else:
            try:
                authorisation_record(
                    grantor=grantor,
                    agent_name=values["agent_name"],
                    agent_id_number=values["agent_id_number"],
                    form=values["form"],
                    acting_user=request.user,
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("已登记代办授权"))
                return redirect("services:work-authorisations")
    recent = (
        Authorisation.objects.for_user(request.user)
        .active()
        .select_related("grantor", "agent", "recorded_by")[:LIST_SIZE]
    )
    return render(request, "services/work_authorisations.html", {"form": form, "authorisations": recent})


@staff_worker_required
def authorisation_form_download(request: HttpRequest, pk: int) -> FileResponse:
    authorisation = get_object_or_404(
        Authorisation.objects.for_user(request.user).exclude(form="").select_related("grantor__region"), pk=pk
    )
    authorisation_form_download_record(authorisation=authorisation, acting_user=request.user)
    return stored_file_response(
        authorisation.form.open("rb"),
        content_type=authorisation.form_content_type,
        display_name=authorisation.form_name,
    )
