"""Pages of the service hall: the residents' catalogue, applying and following an application;
the workers' window registration, queues and handling."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from shequ.accounts.decorators import staff_worker_required
from shequ.core.errors import DomainError
from shequ.core.pagination import CappedPaginator
from shequ.core.uploads import stored_file_response
from shequ.core.workflow import TransitionForbidden
from shequ.residents.models import Person
from shequ.residents.selectors import own_person
from shequ.residents.services import IdNumberSearchLimited, person_find
from shequ.services.caching import CACHE_SECONDS, applications_version, catalogue_version, queue_count_labels
from shequ.services.cases import application_case
from shequ.services.chain import chain_steps, is_chained
from shequ.services.confirmations import confirmation_text
from shequ.services.duplicates import DuplicateApplication
from shequ.services.family import NotAuthorised, applicable_persons
from shequ.services.forms import ApplyForm, TransitionForm, WindowForm
from shequ.services.models import Application, ApplicationFile, Channel, ItemKind
from shequ.services.selectors import (
    QUEUES,
    application_clock,
    application_list,
    application_queue,
    application_queues,
    service_catalogue,
)
from shequ.services.services import application_submit, application_transition, material_download_record
from shequ.services.workflow import APPLICATION_WORKFLOW, RESIDENT, WORKER
from shequ.ui.forms import form_add_service_errors
from shequ.ui.params import is_ascii_number


def catalogue(request: HttpRequest) -> HttpResponse:
    query, kind = request.GET.get("q", ""), request.GET.get("kind", "")
    kind = kind if kind in ItemKind.values else ""
    context = {
        "items": service_catalogue(query=query, kind=kind),
        "query": query,
        "kind": kind,
        "kinds": ItemKind.choices,
    }
    # The list without a search is the same for everybody: the template caches it per language and kind.
    context |= {"catalogue_version": catalogue_version(), "catalogue_cache_seconds": CACHE_SECONDS}
    return render(request, "services/catalogue.html", context)


def item_guide(request: HttpRequest, code: str) -> HttpResponse:
    item = get_object_or_404(service_catalogue(), code=code)
    return render(request, "services/guide.html", {"item": item, "online": item.channel != Channel.WINDOW})


def _refusal_show(form, refusal: DomainError) -> dict:
    """A refused submission on its form, which keeps what was typed: the missing materials on their
    fields, the reasons above the form, and a link to the open application of a duplicate."""
    form.add_error(None, refusal.message)
    for requirement in getattr(refusal, "missing", []):
        if requirement.field in form.fields:
            form.add_error(requirement.field, _("请上传此项材料"))
    if not isinstance(refusal, DuplicateApplication):
        return {}
    return {"duplicate_url": refusal.url, "duplicate_holding": refusal.holding}


@login_required
def apply(request: HttpRequest, code: str) -> HttpResponse:
    item = get_object_or_404(service_catalogue(), code=code)
    own = own_person(request.user)
    if own is None:
        return render(request, "services/not_linked.html", status=403)
    form = ApplyForm(
        request.POST or None,
        request.FILES or None,
        applicants=applicable_persons(user=request.user),
        item=item,
        own=own,
        initial={"applicant": own},
    )
    refusal = {}
    if request.method == "POST" and form.is_valid():
        try:
            application = application_submit(
                service=item,
                applicant=form.cleaned_data["applicant"],
                acting_user=request.user,
                data={"note": form.cleaned_data["note"]},
                files=form.cleaned_data["files"],
                materials=form.material_uploads(),
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        except NotAuthorised as refused:  # the authorisation was revoked while the form was open
            form.add_error("applicant", refused.message)
        except DomainError as error:
            refusal = _refusal_show(form, error)
        else:
            messages.success(request, confirmation_text(application))
            return redirect("services:my-application", pk=application.pk)
    return render(request, "services/apply.html", {"item": item, "form": form} | refusal)


@login_required
def my_applications(request: HttpRequest) -> HttpResponse:
    applications = Application.objects.for_user(request.user).select_related("service", "applicant")
    # The list is a cached fragment (per account and language) until any application changes: the
    # query only runs when the fragment is rebuilt.
    context = {"applications": applications[:100], "applications_version": applications_version()}
    return render(request, "services/my_applications.html", context)


@login_required
def my_application(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application.objects.for_user(request.user).select_related("service"), pk=pk)
    form = TransitionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            application = application_transition(
                application=application,
                to=form.cleaned_data["to"],
                acting_user=request.user,
                note=form.cleaned_data["note"],
                files=form.cleaned_data["files"],
            )
        except (ValidationError, TransitionForbidden, PermissionDenied) as error:
            form.add_error(None, getattr(error, "message", None) or _("不能进行此操作"))
        else:
            messages.success(request, confirmation_text(application))
            return redirect("services:my-application", pk=pk)
    history = list(application.history.select_related("actor"))
    return render(
        request,
        "services/my_application.html",
        {
            "application": application,
            "history": history,
            "clock": application_clock(application=application, history=history) if is_chained(application) else [],
            "steps": APPLICATION_WORKFLOW.next_steps(application.status, RESIDENT),
            "form": form,
        },
    )


@login_required
def material_download(request: HttpRequest, pk: int) -> FileResponse:
    material = get_object_or_404(ApplicationFile.objects.for_user(request.user), pk=pk)
    material_download_record(material=material, acting_user=request.user)
    return stored_file_response(
        material.file.open("rb"), content_type=material.content_type, display_name=material.original_name
    )


@staff_worker_required
def work_queues(request: HttpRequest) -> HttpResponse:
    number = request.GET.get("q", "").strip()
    queue, applications = application_queue(user=request.user, queue=request.GET.get("queue"), query=number)
    queues = application_queues(user=request.user)
    page = CappedPaginator(applications, 20).get_page(request.GET.get("page"))
    # Capped like the list: the exact figures are the workbench panel's.
    labels = queue_count_labels(user=request.user, queues=queues)
    counts = [(name, label, labels[name]) for name, label in QUEUES]
    return render(request, "services/work_queues.html", {"page": page, "queue": queue, "queues": counts, "q": number})


@staff_worker_required
def work_application(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(application_list(user=request.user), pk=pk)
    form = TransitionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            application = application_transition(
                application=application,
                to=form.cleaned_data["to"],
                acting_user=request.user,
                note=form.cleaned_data["note"],
                reason=form.cleaned_data["reason"],
                legal_basis=form.cleaned_data["legal_basis"],
                materials=form.materials_list(),
                files=form.cleaned_data["files"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        except TransitionForbidden as forbidden:
            form.add_error(None, forbidden.message)
        else:
            messages.success(request, confirmation_text(application))
            return redirect("services:work-application", pk=pk)
    can_handle = request.user.has_perm("services.handle_application", application)
    steps = (
        chain_steps(
            application,
            APPLICATION_WORKFLOW.next_steps(application.status, WORKER)
            + APPLICATION_WORKFLOW.next_steps(application.status, RESIDENT),
        )
        if can_handle
        else []
    )
    history = list(application.history.select_related("actor"))
    return render(
        request,
        "services/work_application.html",
        {
            "application": application,
            "history": history,
            "show_actor": True,
            "clock": application_clock(application=application, history=history) if is_chained(application) else [],
            "steps": steps,
            "form": form,
            "posted_to": form.data.get("to"),
            "case": application_case(application=application),
        },
    )


@staff_worker_required
def window_register(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("services.register_application"):
        raise PermissionDenied
    query = request.GET.get("q", "").strip()
    if request.method == "POST":
        chosen = request.POST.get("applicant", "")
        applicants = Person.objects.for_user(request.user).filter(pk=int(chosen) if is_ascii_number(chosen) else None)
    else:
        # A choice list for display only; a sliced queryset cannot validate a posted choice.
        try:
            applicants = person_find(acting_user=request.user, query=query)[:50] if query else Person.objects.none()
        except IdNumberSearchLimited as limited:
            messages.error(request, limited.message)
            applicants = Person.objects.none()
    services = service_catalogue().exclude(channel=Channel.ONLINE)
    # The materials asked for are those of the item chosen with the search (or posted).
    item = services.filter(code=(request.POST or request.GET).get("item", "")).first()
    form = WindowForm(
        request.POST or None,
        request.FILES or None,
        applicants=applicants,
        services=services,
        item=item,
        initial={"service": item},
    )
    refusal = {}
    if request.method == "POST" and form.is_valid():
        try:
            application = application_submit(
                service=form.cleaned_data["service"],
                applicant=form.cleaned_data["applicant"],
                acting_user=request.user,
                data={"note": form.cleaned_data["note"]},
                files=form.cleaned_data["files"],
                materials=form.material_uploads() if form.cleaned_data["service"] == item else {},
                materials_due_on=form.cleaned_data["materials_due_on"],
                eligibility_override=form.cleaned_data["eligibility_override"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        except DomainError as error:
            refusal = _refusal_show(form, error)
        else:
            messages.success(request, confirmation_text(application))
            return redirect("services:work-application", pk=application.pk)
    context = {"form": form, "query": query, "found": applicants[:50] if query else None}
    return render(request, "services/window.html", context | {"items": services, "item": item} | refusal)
