"""One gate for characters no input may carry: NUL bytes, lone surrogates and percent-escapes that
are not UTF-8. They reach no view: databases refuse NUL (PostgreSQL) and surrogates cannot be
encoded, so further in they would surface as 500s in whatever code touched them first."""

import json
from urllib.parse import unquote_to_bytes

from django.core.handlers.wsgi import get_bytes_from_wsgi
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

INVALID_CHARACTERS_CODE = "core.invalid_characters"


def _has_forbidden_character(text: str) -> bool:
    return "\x00" in text or any("\ud800" <= char <= "\udfff" for char in text)


def _percent_encoded_is_clean(raw: bytes) -> bool:
    """A query string or urlencoded body: every escape decodes as UTF-8, none of it is NUL."""
    try:
        decoded = unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:  # also refuses encoded surrogates such as %ED%A0%80
        return False
    return "\x00" not in decoded


def _strings_in(value):
    """Every key and string inside parsed JSON, walked without recursion."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            yield from item.keys()
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)


def _json_is_clean(body: bytes) -> bool:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    if "\x00" in text:
        return False
    try:
        parsed = json.loads(text)
    except RecursionError:  # nesting deeper than any parser here can take
        return False
    except ValueError:
        return True  # not JSON at all: the API's parser answers that with its own 400
    return not any(_has_forbidden_character(string) for string in _strings_in(parsed))


def _request_is_clean(request: HttpRequest) -> bool:
    if "\x00" in request.path_info:
        return False
    if not _percent_encoded_is_clean(get_bytes_from_wsgi(request.META, "QUERY_STRING", "")):
        return False
    if request.method not in ("POST", "PUT", "PATCH"):
        return True
    content_type = request.content_type or ""
    if content_type == "application/json" or content_type.endswith("+json"):
        return _json_is_clean(request.body)
    if content_type == "application/x-www-form-urlencoded":
        return _percent_encoded_is_clean(request.body)
    if content_type == "multipart/form-data":
        # Files are read by their own checks; the text fields are decoded by Django already.
        return not any(_has_forbidden_character(key + value) for key, value in request.POST.items())
    return True


class InvalidCharactersMiddleware:
    """Answers 400 in the user's language (JSON under /api/, a page elsewhere)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _request_is_clean(request):
            return self.get_response(request)
        message = _("输入中含有无法处理的字符（如空字符或无效编码），请删除后重试。")
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": message, "code": INVALID_CHARACTERS_CODE}, status=400)
        return render(request, "400.html", {"message": message}, status=400)
