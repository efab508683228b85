"""Pages of benefits: the monthly payment list (township and county staff) with its export, and a
benefit's page where a worker resumes a suspended one."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shequ.accounts.decorators import staff_worker_required
from shequ.benefits.forms import PaymentListForm, ResumeForm
from shequ.benefits.models import Benefit
from shequ.benefits.selectors import payment_list, payment_totals
from shequ.benefits.services import benefit_resume
from shequ.benefits.spreadsheets import payment_list_export
from shequ.core.pagination import CappedPaginator
from shequ.ui.forms import form_add_service_errors

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _payment_form(request: HttpRequest) -> PaymentListForm:
    return PaymentListForm(request.GET or None, user=request.user)


@staff_worker_required
def payments(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("benefits.view_payment_list"):
        raise PermissionDenied
    form = _payment_form(request)
    context = {"form": form}
    status = 200
    if form.is_bound and form.is_valid():
        month, region = form.cleaned_data["month"], form.cleaned_data["region"]
        rows = payment_list(user=request.user, month=month, region=region)
        townships, overall = payment_totals(rows)
        listed = rows.select_related("person", "service", "region")
        context |= {
            "month": month,
            "townships": townships,
            "overall": overall,
            "page": CappedPaginator(listed, PAGE_SIZE).get_page(request.GET.get("page")),
            "query_string": f"month={month:%Y-%m}&region={region.code if region else ''}&",
            "can_export": request.user.has_perm("benefits.export_payment_list"),
        }
    elif form.is_bound:
        status = 400
    return render(request, "benefits/payments.html", context, status=status)


@staff_worker_required
def payments_export(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("benefits.export_payment_list"):
        raise PermissionDenied
    form = _payment_form(request)
    if not form.is_valid():
        return render(request, "benefits/payments.html", {"form": form}, status=400)
    month, region = form.cleaned_data["month"], form.cleaned_data["region"]
    file = payment_list_export(acting_user=request.user, month=month, region=region)
    name = f"payments-{month:%Y%m}{'-' + region.code if region else ''}.xlsx"
    response = FileResponse(file, as_attachment=True, filename=name, content_type=XLSX)
    response["Cache-Control"] = "no-store"
    return response


@staff_worker_required
def benefit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    benefit = get_object_or_404(
        Benefit.objects.for_user(request.user).select_related("person", "service", "application", "region"), pk=pk
    )
    return _detail(request, benefit, ResumeForm())


@staff_worker_required
@require_POST
def benefit_resume_view(request: HttpRequest, pk: int) -> HttpResponse:
    benefit = get_object_or_404(
        Benefit.objects.for_user(request.user).select_related("person", "service", "application", "region"), pk=pk
    )
    form = ResumeForm(request.POST)
    if form.is_valid():
        try:
            benefit_resume(benefit=benefit, reason=form.cleaned_data["reason"], acting_user=request.user)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("已恢复发放"))
            return redirect("benefits:benefit", pk=benefit.pk)
    return _detail(request, benefit, form, status=400)


def _detail(request, benefit, form, status=200):
    return render(
        request,
        "benefits/benefit.html",
        {
            "benefit": benefit,
            "suspensions": benefit.suspensions.select_related("created_by", "resumed_by"),
            "form": form,
            "can_resume": request.user.has_perm("benefits.change_benefit", benefit),
        },
        status=status,
    )
