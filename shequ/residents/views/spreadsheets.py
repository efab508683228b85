"""Excel import and export of the resident registry."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.decorators import staff_worker_required
from shequ.residents.forms import ImportForm, ResidentSearchForm
from shequ.residents.services import IdNumberSearchLimited
from shequ.residents.spreadsheets import (
    ImportRejected,
    residents_export,
    residents_import,
    residents_template_workbook,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx_response(content: bytes, file_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{file_name}"
    response["Cache-Control"] = "no-store"
    return response


@staff_worker_required
def resident_template(request: HttpRequest) -> HttpResponse:
    return _xlsx_response(residents_template_workbook(), "residents-template.xlsx")


@staff_worker_required
def resident_import(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("residents.import_residents"):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            result = residents_import(file=form.cleaned_data["file"], acting_user=request.user)
        except ImportRejected as rejected:
            errors = rejected.errors
        else:
            messages.success(
                request,
                _("导入成功：新建 %(households)s 户，%(persons)s 人")
                % {"households": result.households_created, "persons": result.persons_created},
            )
            return redirect("residents:residents")
    return render(
        request,
        "ui/import.html",
        {
            "form": form,
            "errors": errors,
            "title": _("批量导入居民"),
            "template_url": reverse("residents:resident-template"),
            "row_hint": _("每行填写一位居民；户号相同的行属于同一户。"),
        },
    )


@staff_worker_required
def resident_export(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("residents.export_residents"):
        raise PermissionDenied
    form = ResidentSearchForm(request.GET)
    form.is_valid()
    try:
        content = residents_export(
            acting_user=request.user, query=form.cleaned_data.get("q", ""), tag=form.cleaned_data.get("tag", "")
        )
    except IdNumberSearchLimited as limited:
        messages.error(request, limited.message)
        return redirect("residents:residents")
    return _xlsx_response(content, f"residents-{timezone.localdate():%Y%m%d}.xlsx")
