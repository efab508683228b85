"""Language, elder mode and login: preferences that follow the user across devices."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.views.decorators.http import require_POST

from shequ.web.context_processors import ELDER_COOKIE, elder_mode_of

# Session key: the language picked on this device before signing in (on the login page, say).
CHOSEN_LANGUAGE = "shequ_language_chosen"


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.headers.get("referer") or "/"
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


def _remember(response: HttpResponse, name: str, value: str) -> None:
    """A preference cookie (language, elder mode), as protected as the session's: Secure in production,
    never readable by scripts (settings.LANGUAGE_COOKIE_*)."""
    response.set_cookie(
        name,
        value,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    language = request.POST.get("language", "")
    response = HttpResponseRedirect(_next_url(request))
    if language in dict(settings.LANGUAGES) and check_for_language(language):
        _remember(response, settings.LANGUAGE_COOKIE_NAME, language)
        if request.user.is_authenticated:
            request.user.language = language
            request.user.save(update_fields=["language"])
        else:
            request.session[CHOSEN_LANGUAGE] = language
    return response


@require_POST
def elder_mode_toggle(request: HttpRequest) -> HttpResponse:
    enabled = not elder_mode_of(request)
    response = HttpResponseRedirect(_next_url(request))
    _remember(response, ELDER_COOKIE, "1" if enabled else "0")
    if request.user.is_authenticated:
        request.user.elder_mode = enabled
        request.user.save(update_fields=["elder_mode"])
    return response


class LoginView(auth_views.LoginView):
    """Django's login, keeping the language: one picked before signing in wins and is stored for
    the user; else the user's stored language comes back on this device; else the language this
    device already shows is stored for the user."""

    def form_valid(self, form):
        chosen = self.request.session.pop(CHOSEN_LANGUAGE, None)
        shown = self.request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        response = super().form_valid(form)
        user = form.get_user()
        known = dict(settings.LANGUAGES)
        language = next((code for code in (chosen, user.language, shown) if code in known), None)
        if language is None:
            return response
        if user.language != language:
            user.language = language
            user.save(update_fields=["language"])
        _remember(response, settings.LANGUAGE_COOKIE_NAME, language)
        return response


def after_login(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_authenticated and (user.is_superuser or user.is_staff_role):
        return redirect("web:workbench")
    return redirect("web:portal")
