"""Pages of grids and their people: the grid worker's "my grid", the grid roster and a grid's page
(profile, roster, households and moving them), grids over size, the units' safety bodies, and the
crowded places with their inspections. Lookups go through `for_user` (another unit's grid or place
is a 404); writes through the services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shequ.accounts.decorators import staff_worker_required
from shequ.accounts.models import Role, User
from shequ.core.pagination import CappedPaginator
from shequ.grids.exports import grid_work_export
from shequ.grids.forms import EndForm, InspectionForm, MemberForm, MoveForm, PlaceForm, ProfileForm, SafetyMemberForm
from shequ.grids.models import CrowdedPlace, GridMember, SafetyBodyMember
from shequ.grids.selectors import (
    checklist_for,
    crowded_places,
    grid_detail,
    grid_households,
    grid_list,
    grid_members,
    grid_size_limit,
    grids_over_size,
    household_moves,
    inspection_list,
    inspections_due,
    safety_bodies,
    safety_body_members,
)
from shequ.grids.services import (
    crowded_place_register,
    grid_member_add,
    grid_member_end,
    grid_profile_save,
    households_reassign,
    inspection_record,
    safety_body_member_add,
    safety_body_member_end,
)
from shequ.incidents.models import Incident
from shequ.incidents.workflow import Status
from shequ.regions.codes import Level
from shequ.regions.models import Region
from shequ.residents.models import Household
from shequ.ui.forms import form_add_service_errors

PAGE_SIZE = 20


def _account(form, username: str) -> User | None:
    """The account a roster member has, named by its username (None when left empty)."""
    if not username:
        return None
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        form.add_error("username", _("没有这个账号"))
    return user


@staff_worker_required
def my_grid(request: HttpRequest) -> HttpResponse:
    """A grid worker's grid: its households (number and address), crowded places and inspections
    due, the cases waiting for their verification, and links to patrols."""
    user = request.user
    if user.role != Role.GRID_WORKER:
        return redirect("grids:index")
    grid = grid_detail(user=user, code=user.region.code) if user.region_id else None
    if grid is None:
        raise Http404
    households = CappedPaginator(grid_households(user=user, grid=grid), PAGE_SIZE).get_page(request.GET.get("page"))
    to_verify = (
        Incident.objects.for_user(user)
        .filter(grid=grid, status=Status.HANDLED)
        .select_related("category")
        .order_by("due_at", "id")[:PAGE_SIZE]
    )
    return render(
        request,
        "grids/my_grid.html",
        {
            "grid": grid,
            "limit": grid_size_limit(unit_kind=grid.parent.kind),
            "page": households,
            "places": crowded_places(user=user, grid=grid)[:PAGE_SIZE],
            "due": inspections_due(user=user, grid=grid)[:PAGE_SIZE],
            "to_verify": to_verify,
            "members": grid_members(user=user, grid=grid),
            "today": timezone.localdate(),
        },
    )


@staff_worker_required
def index(request: HttpRequest) -> HttpResponse:
    """The grids of my area with their kind, households and people, per unit."""
    under = request.GET.get("under", "").strip()
    rows = grid_list(user=request.user, under=under)
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    members: dict[int, list[GridMember]] = {}
    for member in grid_members(user=request.user).filter(grid__in=[grid.pk for grid in page]):
        members.setdefault(member.grid_id, []).append(member)
    for grid in page:
        grid.current_members = members.get(grid.pk, [])
        grid.over_size = grid.household_count > grid_size_limit(unit_kind=grid.parent.kind)
    return render(
        request, "grids/index.html", {"page": page, "under": under, "base_query": f"under={under}&" if under else ""}
    )


@staff_worker_required
def export(request: HttpRequest) -> HttpResponse:
    """The rosters, safety bodies and crowded places of my area as one workbook."""
    try:
        return grid_work_export(user=request.user)
    except ValidationError as too_large:
        messages.error(request, too_large.messages[0])
        return redirect("grids:index")


@staff_worker_required
def over_size(request: HttpRequest) -> HttpResponse:
    return render(request, "grids/over_size.html", {"rows": grids_over_size(user=request.user)})


def _grid_or_404(request: HttpRequest, code: str) -> Region:
    grid = grid_detail(user=request.user, code=code)
    if grid is None:
        raise Http404
    return grid


@staff_worker_required
def detail(request: HttpRequest, code: str) -> HttpResponse:
    grid = _grid_or_404(request, code)
    keeper = request.user.has_perm("grids.manage_grid")
    profile = getattr(grid, "grid_profile", None)
    profile_form = ProfileForm(
        initial={"kind": profile.kind, "subject": profile.subject, "subject_name": profile.subject_name}
        if profile
        else {}
    )
    member_form = MemberForm(initial={"starts_on": timezone.localdate()})
    siblings = Region.objects.filter(parent_id=grid.parent_id, level=Level.GRID).exclude(pk=grid.pk).order_by("code")
    move_form = MoveForm(grids=siblings)
    action = request.POST.get("action")
    if request.method == "POST":
        if not keeper:
            raise PermissionDenied
        if action == "profile":
            profile_form = ProfileForm(request.POST)
            if profile_form.is_valid() and _profile_save(request, grid, profile_form):
                return redirect(request.path)
        elif action == "member":
            member_form = MemberForm(request.POST)
            if member_form.is_valid() and _member_add(request, grid, member_form):
                return redirect(request.path)
        elif action == "move":
            move_form = MoveForm(request.POST, grids=siblings)
            if move_form.is_valid() and _move(request, grid, move_form):
                return redirect(request.path)
    households = CappedPaginator(grid_households(user=request.user, grid=grid), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "grids/detail.html",
        {
            "grid": grid,
            "profile": profile,
            "keeper": keeper,
            "limit": grid_size_limit(unit_kind=grid.parent.kind),
            "members": grid_members(user=request.user, grid=grid),
            "history": grid_members(user=request.user, grid=grid, current=False).exclude(ends_on__isnull=True)[
                :PAGE_SIZE
            ],
            "moves": household_moves(user=request.user).filter(from_grid=grid)
            | household_moves(user=request.user).filter(to_grid=grid),
            "page": households,
            "profile_form": profile_form,
            "member_form": member_form,
            "move_form": move_form,
            "end_form": EndForm(initial={"ends_on": timezone.localdate()}),
            "selected": {int(pk) for pk in request.POST.getlist("households") if pk.isdigit()},
        },
    )


def _profile_save(request, grid, form) -> bool:
    try:
        grid_profile_save(grid=grid, acting_user=request.user, **form.cleaned_data)
    except ValidationError as error:
        form_add_service_errors(form, error)
        return False
    messages.success(request, _("网格信息已保存"))
    return True


def _member_add(request, grid, form) -> bool:
    values = form.cleaned_data
    account = _account(form, values["username"])
    if form.errors:
        return False
    try:
        grid_member_add(
            grid=grid,
            role=values["role"],
            name=values["name"],
            phone=values["phone"],
            building=values["building"],
            user=account,
            starts_on=values["starts_on"],
            acting_user=request.user,
        )
    except ValidationError as error:
        form_add_service_errors(form, error)
        return False
    messages.success(request, _("已加入网格人员名单"))
    return True


def _move(request, grid, form) -> bool:
    chosen = [int(pk) for pk in request.POST.getlist("households") if pk.isdigit()]
    households = list(Household.objects.for_user(request.user).filter(grid=grid, pk__in=chosen))
    to_grid = Region.objects.filter(code=form.cleaned_data["to_grid"], level=Level.GRID).first()
    try:
        moves = households_reassign(
            households=households, to_grid=to_grid, reason=form.cleaned_data["reason"], acting_user=request.user
        )
    except ValidationError as error:
        form_add_service_errors(form, error)
        return False
    messages.success(request, _("已调整 %(count)s 户") % {"count": len(moves)})
    return True


@require_POST
@staff_worker_required
def member_end(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(GridMember.objects.for_user(request.user).select_related("grid"), pk=pk)
    form = EndForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("请填写任职结束日期"))
        grid_member_end(member=member, ends_on=form.cleaned_data["ends_on"], acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已结束任职"))
    return redirect("grids:detail", member.grid.code)


@staff_worker_required
def safety(request: HttpRequest) -> HttpResponse:
    """The safety bodies of the units in my area, each with who serves in it today."""
    user = request.user
    units = list(Region.objects.for_user(user).filter(level=Level.VILLAGE).order_by("code"))
    keeper = user.has_perm("grids.manage_grid")
    form = SafetyMemberForm(request.POST or None, units=units, initial={"starts_on": timezone.localdate()})
    if request.method == "POST":
        if not keeper:
            raise PermissionDenied
        if form.is_valid():
            values = form.cleaned_data
            account = _account(form, values["username"])
            if not form.errors:
                try:
                    safety_body_member_add(
                        unit=next(unit for unit in units if unit.code == values["unit"]),
                        kind=values["kind"],
                        name=values["name"],
                        post=values["post"],
                        phone=values["phone"],
                        user=account,
                        starts_on=values["starts_on"],
                        acting_user=user,
                    )
                except ValidationError as error:
                    form_add_service_errors(form, error)
                else:
                    messages.success(request, _("已加入组织成员名单"))
                    return redirect(request.path)
    under = request.GET.get("under", "").strip()
    bodies = list(safety_bodies(user=user, under=under)[:200])
    members: dict[int, list[SafetyBodyMember]] = {}
    for member in safety_body_members(user=user).filter(body__in=bodies):
        members.setdefault(member.body_id, []).append(member)
    for body in bodies:
        body.current_members = members.get(body.pk, [])
    return render(
        request,
        "grids/safety.html",
        {
            "bodies": bodies,
            "form": form if keeper else None,
            "end_form": EndForm(initial={"ends_on": timezone.localdate()}),
        },
    )


@require_POST
@staff_worker_required
def safety_member_end(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(SafetyBodyMember.objects.for_user(request.user), pk=pk)
    form = EndForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("请填写任职结束日期"))
        safety_body_member_end(member=member, ends_on=form.cleaned_data["ends_on"], acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已结束任职"))
    return redirect("grids:safety")


@staff_worker_required
def places(request: HttpRequest) -> HttpResponse:
    """Crowded places of my area: the inspections overdue or due soon first, then all of them."""
    user = request.user
    grids = list(grid_list(user=user))
    form = None
    if user.has_perm("grids.add_crowdedplace"):
        form = PlaceForm(request.POST or None, grids=grids)
        if request.method == "POST" and form.is_valid():
            values = form.cleaned_data
            try:
                crowded_place_register(
                    grid=next(grid for grid in grids if grid.code == values["grid"]),
                    name=values["name"],
                    kind=values["kind"],
                    address=values["address"],
                    interval_days=values["interval_days"],
                    first_due_on=values["first_due_on"],
                    acting_user=user,
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("已登记人员密集场所"))
                return redirect(request.path)
    page = CappedPaginator(crowded_places(user=user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "grids/places.html",
        {"page": page, "due": inspections_due(user=user)[:PAGE_SIZE], "form": form, "today": timezone.localdate()},
    )


@staff_worker_required
def place(request: HttpRequest, pk: int) -> HttpResponse:
    """A crowded place, its inspection form (one answer per checklist item) and past inspections."""
    found = get_object_or_404(CrowdedPlace.objects.for_user(request.user).select_related("grid"), pk=pk)
    can_inspect = request.user.has_perm("grids.inspect_crowdedplace", found)
    form = InspectionForm(
        request.POST or None, items=checklist_for(found), initial={"inspected_on": timezone.localdate()}
    )
    if request.method == "POST":
        if not can_inspect:
            raise PermissionDenied
        if form.is_valid():
            try:
                inspection = inspection_record(
                    place=found,
                    results=form.results(),
                    inspected_on=form.cleaned_data["inspected_on"],
                    note=form.cleaned_data["note"],
                    acting_user=request.user,
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                if inspection.passed:
                    messages.success(request, _("检查记录已保存，全部合格"))
                else:
                    messages.warning(request, _("检查记录已保存，不合格项目已上报为安全隐患事件"))
                return redirect(request.path)
    page = CappedPaginator(inspection_list(user=request.user, place=found), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "grids/place.html",
        {"place": found, "form": form if can_inspect else None, "page": page, "today": timezone.localdate()},
    )
