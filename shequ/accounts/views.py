"""Account pages: sign-up, password reset and login by SMS code for residents (phone first: the
phone number, then the code with the rest), and the workers' decisions on waiting sign-ups.

The phone travels between the two steps in the session, never in the page; a rejected form keeps
what was typed except passwords and codes."""

from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from shequ.accounts.decorators import staff_worker_required
from shequ.accounts.forms import CodeLoginForm, ConfirmForm, PasswordResetForm, PhoneForm, ReasonForm, SignUpForm
from shequ.accounts.models import CodePurpose, SignUp, SignUpStatus
from shequ.accounts.selectors import bound_person, signup_candidates, signup_list
from shequ.accounts.services import (
    PhoneTaken,
    UnitRequired,
    account_register,
    account_unbind,
    password_reset_by_code,
    signup_confirm,
    signup_reject,
    sms_code_request,
)
from shequ.accounts.sms_codes import CodeRefused, TooManyCodes
from shequ.core.client import client_address
from shequ.core.errors import DomainError
from shequ.core.masking import mask_phone
from shequ.core.workflow import TransitionForbidden
from shequ.residents.models import Person
from shequ.ui.forms import form_add_service_errors

# Session key: {"phone": …, "purpose": …} between the phone step and the code step.
PHONE_STEP = "shequ_sms_phone"

STEPS = {
    CodePurpose.SIGNUP: ("accounts:signup", "accounts:signup-details", gettext_lazy("注册账号")),
    CodePurpose.RESET: ("accounts:password-reset", "accounts:password-reset-confirm", gettext_lazy("找回密码")),
    CodePurpose.LOGIN: ("accounts:code-login", "accounts:code-login-confirm", gettext_lazy("短信验证码登录")),
}
SHOWN_ROWS = 50


def code_request(request: HttpRequest, purpose: str) -> HttpResponse:
    """Step one of each flow: the phone number; the code goes out and the next step asks for it."""
    next_step, title = STEPS[purpose][1:]
    form = PhoneForm(request.POST or None)
    waiting = request.session.get(PHONE_STEP, {}).get("purpose") == purpose
    if request.method == "POST" and form.is_valid():
        try:
            phone = sms_code_request(
                phone=form.cleaned_data["phone"],
                purpose=purpose,
                language=get_language(),
                address=client_address(request),
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        except TooManyCodes as refusal:
            form.add_error(None, refusal.message)
        else:
            request.session[PHONE_STEP] = {"phone": phone, "purpose": purpose}
            return redirect(next_step)
    return render(
        request,
        "accounts/code_request.html",
        {"form": form, "title": title, "purpose": purpose, "next_step": next_step if waiting else None},
    )


def _phone_in_step(request: HttpRequest, purpose: str) -> str | None:
    step = request.session.get(PHONE_STEP) or {}
    return step.get("phone") if step.get("purpose") == purpose else None


def _code_errors(form, error: DomainError) -> None:
    field = "code" if isinstance(error, CodeRefused) else None
    form.add_error(field, error.message)


def _step_context(request: HttpRequest, purpose: str, phone: str, form) -> dict:
    first_step, title = STEPS[purpose][0], STEPS[purpose][2]
    return {"form": form, "title": title, "phone_masked": mask_phone(phone), "first_step": first_step}


def signup_details(request: HttpRequest) -> HttpResponse:
    phone = _phone_in_step(request, CodePurpose.SIGNUP)
    if phone is None:
        return redirect("accounts:signup")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            signup = account_register(
                phone=phone,
                code=data["code"],
                name=data["name"],
                id_number=data["id_number"],
                password=data["password1"],
                unit=data["unit"],
                unit_required=True,
                language=get_language(),
            )
        except ValidationError as error:
            form_add_service_errors(form, _password_errors_as_password1(error))
        except UnitRequired as refusal:
            form.add_error("unit", refusal.message)
        except (CodeRefused, PhoneTaken) as refusal:
            _code_errors(form, refusal)
        else:
            request.session.pop(PHONE_STEP, None)
            auth_login(request, signup.account, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("accounts:signup-done")
    return render(request, "accounts/signup_details.html", _step_context(request, CodePurpose.SIGNUP, phone, form))


def _password_errors_as_password1(error: ValidationError) -> ValidationError:
    """The services name the new password `password`; the forms' first box is `password1`."""
    if hasattr(error, "error_dict") and "password" in error.error_dict:
        fields = dict(error.error_dict)
        fields["password1"] = fields.pop("password")
        return ValidationError(fields)
    return error


@login_required
def signup_done(request: HttpRequest) -> HttpResponse:
    signup = SignUp.objects.filter(account=request.user).select_related("region").first()
    return render(request, "accounts/signup_done.html", {"signup": signup})


def password_reset_confirm(request: HttpRequest) -> HttpResponse:
    phone = _phone_in_step(request, CodePurpose.RESET)
    if phone is None:
        return redirect("accounts:password-reset")
    form = PasswordResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            password_reset_by_code(phone=phone, code=form.cleaned_data["code"], password=form.cleaned_data["password1"])
        except ValidationError as error:
            form_add_service_errors(form, _password_errors_as_password1(error))
        except CodeRefused as refusal:
            _code_errors(form, refusal)
        except PermissionDenied:
            form.add_error("code", _("验证码不正确，请重新输入"))
        else:
            request.session.pop(PHONE_STEP, None)
            messages.success(request, _("密码已重新设置，请用新密码登录。"))
            return redirect("login")
    return render(
        request, "accounts/password_reset_confirm.html", _step_context(request, CodePurpose.RESET, phone, form)
    )


def code_login_confirm(request: HttpRequest) -> HttpResponse:
    """Login by code goes through authenticate(), so the login lockout (axes) counts and stops it."""
    phone = _phone_in_step(request, CodePurpose.LOGIN)
    if phone is None:
        return redirect("accounts:code-login")
    form = CodeLoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        account = authenticate(request, username=phone, sms_code=form.cleaned_data["code"])
        if account is not None:
            request.session.pop(PHONE_STEP, None)
            auth_login(request, account)
            return redirect("web:after-login")
        refusal = getattr(request, "sms_code_refusal", None)
        form.add_error("code", refusal.message if refusal is not None else _("验证码不正确，请重新输入"))
    return render(request, "accounts/code_login.html", _step_context(request, CodePurpose.LOGIN, phone, form))


def _reviewer_required(request: HttpRequest) -> None:
    if not request.user.has_perm("accounts.review_signup"):
        raise PermissionDenied


@staff_worker_required
def work_signups(request: HttpRequest) -> HttpResponse:
    _reviewer_required(request)
    status = request.GET.get("status", SignUpStatus.PENDING)
    if status not in SignUpStatus.values:
        status = SignUpStatus.PENDING
    rows = list(signup_list(user=request.user, status=status)[: SHOWN_ROWS + 1])
    return render(
        request,
        "accounts/work_signups.html",
        {
            "signups": rows[:SHOWN_ROWS],
            "more": len(rows) > SHOWN_ROWS,
            "status": status,
            "statuses": SignUpStatus.choices,
        },
    )


@staff_worker_required
def work_signup(request: HttpRequest, pk: int) -> HttpResponse:
    _reviewer_required(request)
    signup = get_object_or_404(SignUp.objects.for_user(request.user).select_related("region", "account"), pk=pk)
    candidates = signup_candidates(signup=signup, user=request.user) if signup.status == SignUpStatus.PENDING else []
    action = request.POST.get("action") if request.method == "POST" else None
    confirm_form = ConfirmForm(
        request.POST if action == "confirm" else None,
        candidates=Person.objects.filter(pk__in=[person.pk for person in candidates]).select_related("household"),
    )
    reason_form = ReasonForm(request.POST if action in ("reject", "unbind") else None)
    form = confirm_form if action == "confirm" else reason_form
    if action in ("confirm", "reject", "unbind") and form.is_valid():
        try:
            if action == "confirm":
                signup_confirm(signup=signup, person=form.cleaned_data["person"], acting_user=request.user)
            elif action == "reject":
                signup_reject(signup=signup, reason=form.cleaned_data["reason"], acting_user=request.user)
            else:
                account_unbind(signup=signup, reason=form.cleaned_data["reason"], acting_user=request.user)
        except ValidationError as error:
            form_add_service_errors(form, error)
        except (TransitionForbidden, DomainError) as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("已保存"))
            return redirect("accounts:work-signup", pk=signup.pk)
    return render(
        request,
        "accounts/work_signup.html",
        {
            "signup": signup,
            "candidates": candidates,
            "person": bound_person(signup=signup) if signup.status == SignUpStatus.VERIFIED else None,
            "confirm_form": confirm_form,
            "reason_form": reason_form,
            "action": action,
        },
    )
