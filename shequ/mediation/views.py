"""Pages of people's mediation and legal services for workers, township staff and the county
justice bureau. Lookups go through `for_user` (another area's case is a 404); writes through
services; every page works without JavaScript."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shequ.accounts.decorators import staff_worker_required
from shequ.core.pagination import CappedPaginator
from shequ.core.uploads import stored_file_response
from shequ.core.workflow import TransitionForbidden
from shequ.incidents.models import Incident
from shequ.mediation.exports import mediation_cases_export
from shequ.mediation.forms import (
    PARTY_ROWS,
    AdviserForm,
    CaseForm,
    ConsultationForm,
    FromIncidentForm,
    PartyForm,
    PublicityForm,
    RevealForm,
    SessionForm,
    StepForm,
)
from shequ.mediation.models import MediationCase, MediationParty, PublicityPhoto
from shequ.mediation.selectors import (
    advisers_by_unit,
    consultation_list,
    mediation_case_detail,
    mediation_case_list,
    publicity_list,
    publicity_totals,
)
from shequ.mediation.services import (
    PartyData,
    legal_adviser_save,
    legal_consultation_record,
    mediation_case_create,
    mediation_case_from_incident,
    mediation_case_transition,
    mediation_party_add,
    mediation_party_reveal,
    mediation_session_record,
    publicity_activity_record,
)
from shequ.mediation.workflow import MEDIATION_WORKFLOW, Status
from shequ.ui.forms import form_add_service_errors

PAGE_SIZE = 20


def _require(request: HttpRequest, permission: str, obj=None) -> None:
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


@staff_worker_required
def case_list(request: HttpRequest) -> HttpResponse:
    _require(request, "mediation.view_mediationcase")
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    page = CappedPaginator(mediation_case_list(user=request.user, status=status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "mediation/case_list.html",
        {"page": page, "status": status, "statuses": Status, "base_query": f"status={status}&" if status else ""},
    )


@staff_worker_required
def case_export(request: HttpRequest) -> HttpResponse:
    _require(request, "mediation.view_mediationcase")
    status = request.GET.get("status", "")
    try:
        return mediation_cases_export(user=request.user, status=status if status in Status.values else "")
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("mediation:cases")


def _parties(values: dict) -> list[PartyData]:
    return [
        PartyData(
            role=values[f"party{number}_role"] or "applicant",
            name=values[f"party{number}_name"],
            phone=values[f"party{number}_phone"],
        )
        for number in range(1, PARTY_ROWS + 1)
    ]


@staff_worker_required
def case_create(request: HttpRequest) -> HttpResponse:
    _require(request, "mediation.add_mediationcase")
    form = CaseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        try:
            case = mediation_case_create(
                unit=values["unit"],
                dispute_type=values["dispute_type"],
                summary=values["summary"],
                mediator_name=values["mediator_name"],
                mediator=values.get("mediator"),
                parties=_parties(values),
                accepted_on=values["accepted_on"],
                acting_user=request.user,
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("调解案件已受理"))
            return redirect("mediation:case", case.pk)
    return render(request, "mediation/case_form.html", {"form": form})


@staff_worker_required
def case_from_incident(request: HttpRequest, incident_pk: int) -> HttpResponse:
    """转人民调解: a dispute incident becomes a mediation case of its unit in one step."""
    incident = get_object_or_404(
        Incident.objects.for_user(request.user).select_related("category__parent"), pk=incident_pk
    )
    _require(request, "mediation.add_mediationcase")
    existing = MediationCase.objects.for_user(request.user).filter(incident=incident).first()
    if existing is not None:
        return redirect("mediation:case", existing.pk)
    form = FromIncidentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = mediation_case_from_incident(
                incident=incident,
                dispute_type=form.cleaned_data["dispute_type"],
                mediator_name=form.cleaned_data["mediator_name"],
                acting_user=request.user,
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("已转人民调解"))
            return redirect("mediation:case", case.pk)
    return render(request, "mediation/from_incident.html", {"form": form, "incident": incident})


def _case_or_404(request: HttpRequest, pk: int) -> MediationCase:
    case = mediation_case_detail(user=request.user, pk=pk)
    if case is None or not request.user.has_perm("mediation.view_mediationcase", case):
        raise Http404
    return case


def _steps(request: HttpRequest, case: MediationCase):
    if not request.user.has_perm("mediation.change_mediationcase", case):
        return []
    return MEDIATION_WORKFLOW.next_steps(case.status)


@staff_worker_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    form = StepForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        try:
            mediation_case_transition(
                case=case,
                to=values["to"],
                note=values["note"],
                agreement=values["agreement"],
                acting_user=request.user,
            )
        except TransitionForbidden as forbidden:
            messages.error(request, forbidden.message)
            return redirect(request.path)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("已办理"))
            return redirect(request.path)
    return render(
        request,
        "mediation/case_detail.html",
        {
            "case": case,
            "steps": _steps(request, case),
            "form": form,
            "session_form": SessionForm(initial={"held_on": timezone.localdate()}),
            "party_form": PartyForm(),
            "reveal_form": RevealForm(),
            "can_change": request.user.has_perm("mediation.change_mediationcase", case),
            "open": case.status in (Status.ACCEPTED, Status.MEDIATING),
        },
        status=400 if form.errors else 200,
    )


@staff_worker_required
@require_POST
def session_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    form = SessionForm(request.POST)
    if form.is_valid():
        try:
            mediation_session_record(case=case, acting_user=request.user, **form.cleaned_data)
        except TransitionForbidden as forbidden:
            messages.error(request, forbidden.message)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("调解记录已保存"))
            return redirect("mediation:case", case.pk)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect("mediation:case", case.pk)


@staff_worker_required
@require_POST
def party_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    form = PartyForm(request.POST)
    if form.is_valid():
        try:
            mediation_party_add(case=case, party=PartyData(**form.cleaned_data), acting_user=request.user)
        except TransitionForbidden as forbidden:
            messages.error(request, forbidden.message)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("当事人已添加"))
            return redirect("mediation:case", case.pk)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect("mediation:case", case.pk)


@staff_worker_required
@require_POST
def party_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    party = get_object_or_404(MediationParty.objects.for_user(request.user).select_related("case"), pk=pk)
    form = RevealForm(request.POST)
    revealed = None
    if form.is_valid():
        try:
            revealed = mediation_party_reveal(party=party, reason=form.cleaned_data["reason"], acting_user=request.user)
        except ValidationError as error:
            form_add_service_errors(form, error)
        except PermissionDenied:
            raise Http404 from None
    response = render(
        request,
        "mediation/reveal.html",
        {"party": party, "form": form, "revealed": revealed, "now": timezone.now()},
        status=200 if revealed else 400,
    )
    response["Cache-Control"] = "no-store"
    return response


@staff_worker_required
def agreement_file(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    if not case.agreement_file:
        raise Http404
    return stored_file_response(case.agreement_file, content_type=case.agreement_type, display_name=case.agreement_name)


@staff_worker_required
def advisers(request: HttpRequest) -> HttpResponse:
    """Every unit of the scope with its serving adviser; units without one are flagged."""
    _require(request, "mediation.view_legaladviser")
    form = AdviserForm(request.POST or None, user=request.user)
    if request.method == "POST":
        _require(request, "mediation.add_legaladviser")
        if form.is_valid():
            try:
                legal_adviser_save(acting_user=request.user, **form.cleaned_data)
            except ValidationError as error:
                form_add_service_errors(form, error)
            except PermissionDenied:
                form.add_error("unit", _("只能为本辖区的村（社区）登记法律顾问"))
            else:
                messages.success(request, _("法律顾问已登记"))
                return redirect("mediation:advisers")
    rows = advisers_by_unit(user=request.user, on=timezone.localdate())
    lacking = sum(1 for row in rows if row.adviser is None)
    return render(
        request,
        "mediation/advisers.html",
        {"rows": rows, "lacking": lacking, "form": form},
        status=400 if form.errors else 200,
    )


@staff_worker_required
def consultations(request: HttpRequest) -> HttpResponse:
    _require(request, "mediation.view_legalconsultation")
    form = ConsultationForm(request.POST or None, user=request.user, initial={"asked_on": timezone.localdate()})
    if request.method == "POST":
        _require(request, "mediation.add_legalconsultation")
        if form.is_valid():
            try:
                legal_consultation_record(acting_user=request.user, **form.cleaned_data)
            except ValidationError as error:
                form_add_service_errors(form, error)
            except PermissionDenied:
                form.add_error("unit", _("只能为本辖区的村（社区）记录"))
            else:
                messages.success(request, _("法律咨询已记录"))
                return redirect("mediation:consultations")
    page = CappedPaginator(consultation_list(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "mediation/consultations.html", {"page": page, "form": form}, status=400 if form.errors else 200
    )


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if date.min.year < year < date.max.year else timezone.localdate().year


@staff_worker_required
def publicity(request: HttpRequest) -> HttpResponse:
    """Publicity activities of a year with their totals per township and unit, and the form."""
    _require(request, "mediation.view_publicityactivity")
    year = _year(request)
    form = PublicityForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST":
        _require(request, "mediation.add_publicityactivity")
        if form.is_valid():
            try:
                publicity_activity_record(acting_user=request.user, **form.cleaned_data)
            except ValidationError as error:
                form_add_service_errors(form, error)
            except PermissionDenied:
                form.add_error("unit", _("只能为本辖区的村（社区）记录"))
            else:
                messages.success(request, _("宣传活动已记录"))
                return redirect("mediation:publicity")
    rows = publicity_list(user=request.user, year=year).prefetch_related("photos")
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "mediation/publicity.html",
        {
            "page": page,
            "form": form,
            "year": year,
            "totals": publicity_totals(user=request.user, year=year),
            "base_query": f"year={year}&",
        },
        status=400 if form.errors else 200,
    )


@staff_worker_required
def publicity_photo(request: HttpRequest, pk: int) -> HttpResponse:
    photo = get_object_or_404(PublicityPhoto.objects.for_user(request.user), pk=pk)
    return stored_file_response(photo.file, content_type=photo.content_type, display_name=photo.original_name)
