"""The API's one answer to every error (settings.REST_FRAMEWORK["EXCEPTION_HANDLER"]).

Every error body carries `detail` (words for a person, in the user's language) and `code` (a
stable "<app>.<reason>" for programs): `core.validation` (400, with the messages of each field
beside them under the field's name), `core.not_authenticated`, `core.permission_denied`,
`core.not_found`, and the domains' own refusals (`services.transition_forbidden` 409,
`bookings.slot_full` 409, `feedback.already_rated` 409 …). Views raise; they do not build error
responses themselves.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from shequ.core.errors import DomainError

# Our own words for DRF's errors when a view gave none: DRF's catalogue has no Uyghur.
DEFAULT_DETAILS = {
    "validation": _("提交的内容有误，请检查后重试"),
    "not_authenticated": _("请先登录"),
    "authentication_failed": _("登录凭据无效或已过期"),
    "permission_denied": _("您没有执行该操作的权限"),
    "not_found": _("没有找到该记录"),
    "method_not_allowed": _("不支持该请求方式"),
    "parse_error": _("请求内容无法解析"),
    "unsupported_media_type": _("不支持该内容类型"),
    "throttled": _("请求过于频繁，请稍后再试"),
}


class ErrorSerializer(serializers.Serializer):
    """The body of every error answer (for the schema)."""

    detail = serializers.CharField()
    code = serializers.CharField(help_text="stable error code, <app>.<reason>")


def _rendered(value):
    """Lazy messages rendered now, inside the user's language (the response renders later)."""
    if isinstance(value, dict):
        return {key: _rendered(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_rendered(item) for item in value]
    return str(value) if isinstance(value, Promise) else value


def _validation_body(error: DjangoValidationError) -> dict:
    if hasattr(error, "error_dict"):
        fields = error.message_dict
        return {**fields, "detail": " ".join(fields.get("__all__", [])) or DEFAULT_DETAILS["validation"]}
    return {"detail": " ".join(error.messages)}


def _drf_body(exc: exceptions.APIException, data) -> tuple[dict, str]:
    reason = "validation" if isinstance(exc, exceptions.ValidationError) else exc.default_code
    code = f"core.{reason}"
    if isinstance(data, dict) and set(data) == {"detail"}:
        detail = data["detail"]
        if str(detail) == str(exc.default_detail) and reason in DEFAULT_DETAILS:
            detail = DEFAULT_DETAILS[reason]
        return {"detail": detail}, code
    if isinstance(data, list):
        return {"detail": " ".join(str(item) for item in data)}, code
    return {
        **data,
        "detail": " ".join(map(str, data.get("non_field_errors", []))) or DEFAULT_DETAILS.get(reason, ""),
    }, code


def _response(exc, context) -> Response | None:
    if isinstance(exc, DomainError):
        return Response({**exc.extra, "detail": exc.message, "code": exc.api_code}, status=exc.api_status)
    if isinstance(exc, DjangoValidationError):
        code = getattr(exc, "api_code", "core.validation")
        body = _validation_body(exc) | {"code": code}
        return Response(body, status=getattr(exc, "api_status", status.HTTP_400_BAD_REQUEST))
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is not None:
        body, code = _drf_body(exc, response.data)
        response.data = body | {"code": code}
    return response


def exception_handler(exc, context) -> Response | None:
    """Anything else (a real bug) is not handled here: it stays a 500 and reaches the logs."""
    user = getattr(context.get("request"), "user", None)
    with translation.override(getattr(user, "language", "") or translation.get_language()):
        response = _response(exc, context)
        if response is not None:
            response.data = _rendered(response.data)
    return response
