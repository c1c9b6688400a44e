"""API plumbing shared by every app: the error body of the contract, pagination, token auth.

Every 4xx answer is `{"code", "detail"}` plus `"fields"` for field errors (api-contract.md)."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import DomainError
from core.health import RETRY_AFTER_SECONDS, database_unavailable
from core.parsers import BodyTooLarge, ForbiddenCharacter, NestedTooDeep

# DRF exception class -> our machine code. Anything not listed keeps DRF's own code.
_CODES = {
    BodyTooLarge: "body_too_large",
    NestedTooDeep: "nested_too_deep",
    ForbiddenCharacter: "invalid_characters",
    exceptions.ParseError: "malformed_request",
    exceptions.NotAuthenticated: "not_authenticated",
    exceptions.AuthenticationFailed: "authentication_failed",
    exceptions.PermissionDenied: "permission_denied",
    exceptions.NotFound: "not_found",
    exceptions.MethodNotAllowed: "method_not_allowed",
    exceptions.NotAcceptable: "not_acceptable",
    exceptions.UnsupportedMediaType: "unsupported_media_type",
    exceptions.Throttled: "throttled",
    exceptions.ValidationError: "invalid",
}

_DETAILS = {
    "malformed_request": _("请求格式错误(JSON 无法解析)。"),
    "not_authenticated": _("未提供身份认证信息。"),
    "authentication_failed": _("身份认证失败。"),
    "permission_denied": _("您的角色无权执行此操作。"),
    "not_found": _("未找到该记录。"),
    "method_not_allowed": _("不支持该请求方法。"),
    "unsupported_media_type": _("不支持的请求内容类型。"),
    "invalid": _("输入有误,请检查各字段。"),
}


def _flatten(detail):
    """ValidationError detail -> {"field": ["msg", ...]} with plain strings."""
    if isinstance(detail, dict):
        out = {}
        for key, value in detail.items():
            if isinstance(value, dict):
                # nested serializer: fold inner field names in ("applicant.id_number" -> applicant)
                msgs = []
                for inner in _flatten(value).values():
                    msgs.extend(inner)
                out[key] = msgs
            elif isinstance(value, list):
                msgs = []
                for v in value:
                    if isinstance(v, dict):
                        for inner in _flatten(v).values():
                            msgs.extend(inner)
                    else:
                        msgs.append(str(v))
                out[key] = msgs
            else:
                out[key] = [str(value)]
        return out
    if isinstance(detail, list):
        return {"non_field_errors": [str(v) for v in detail]}
    return {"non_field_errors": [str(detail)]}


class ErrorSerializer(serializers.Serializer):
    """The contract's error body, documented once for every endpoint's 4xx answers."""

    code = serializers.CharField(help_text="机器可读的错误代码,如 already_claimed")
    detail = serializers.CharField(help_text="中文说明")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="字段错误:{字段: [说明, ...]}",
    )


_ERROR_TEXT = {
    400: "输入无效(code: invalid 或业务代码,fields 指明字段)",
    401: "未认证",
    403: "角色无权执行(code: permission_denied)",
    404: "不存在或不在调用者可见范围内(code: not_found)",
    409: "当前状态不允许此操作",
}


def error_responses(*codes: int, **descriptions: str) -> dict:
    """drf-spectacular responses for these 4xx codes, each the contract's error body;
    `e409="..."` overrides one code's description."""
    return {
        code: OpenApiResponse(
            ErrorSerializer, description=descriptions.get(f"e{code}", _ERROR_TEXT[code])
        )
        for code in codes
    }


def validated(serializer_class, request) -> dict:
    """A request body checked by a serializer; invalid input raises the contract's 400."""
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def error_body(code: str, detail, fields: dict | None = None) -> dict:
    body = {"code": code, "detail": str(detail)}
    if fields:
        body["fields"] = fields
    return body


def unavailable_response_body() -> dict:
    return error_body("service_unavailable", _("数据库暂时不可用,请稍后重试。"))


def exception_handler(exc, context):
    if database_unavailable(exc):
        return Response(
            unavailable_response_body(),
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
    if isinstance(exc, DomainError):
        return Response(error_body(exc.code, exc.message, exc.fields or None), status=exc.status)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a real server error: let Django log it

    code = next((c for cls, c in _CODES.items() if isinstance(exc, cls)), None)
    if code is None:
        code = getattr(exc, "default_code", "error")
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        non_field = fields.pop("non_field_errors", None)
        # A serializer may name its own code (raise ValidationError(..., code="x")).
        codes = exc.get_codes()
        custom = _first_custom_code(codes)
        detail = non_field[0] if non_field else _DETAILS["invalid"]
        response.data = error_body(custom or code, detail, fields or None)
        if non_field and fields:
            response.data["fields"]["non_field_errors"] = non_field
    else:
        detail = _DETAILS.get(code) or getattr(exc, "detail", "") or code
        if isinstance(exc, BodyTooLarge | NestedTooDeep | ForbiddenCharacter):
            detail = exc.detail
        if isinstance(exc, exceptions.Throttled):
            detail = _("请求过于频繁,请 %(s)s 秒后再试。") % {"s": exc.wait or 60}
        response.data = error_body(code, detail)
    return response


_GENERIC_CODES = {
    "invalid",
    "required",
    "null",
    "blank",
    "max_length",
    "min_length",
    "does_not_exist",
    "invalid_choice",
    "not_a_list",
    "empty",
    "max_value",
    "min_value",
    "max_digits",
    "parse_error",
    "incorrect_type",
    "unique",
    "date",
    "datetime",
    "max_string_length",
}


def _first_custom_code(codes):
    """The first non-generic error code a serializer raised, if any (e.g. "materials_missing")."""
    if isinstance(codes, dict):
        for value in codes.values():
            found = _first_custom_code(value)
            if found:
                return found
    elif isinstance(codes, list):
        for value in codes:
            found = _first_custom_code(value)
            if found:
                return found
    elif isinstance(codes, str) and codes not in _GENERIC_CODES:
        return codes
    return None


class TokenThrottle(BaseThrottle):
    """POST /api/v1/auth/token/: DEFAULT_THROTTLE_RATES["token"] per client address, counted by
    the one rate limiter (core.ratelimit) in the shared cache, so every process counts the
    same attempts."""

    scope = "token"

    def allow_request(self, request, view):
        from django.conf import settings

        from core.ratelimit import limited

        rate = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][self.scope]
        number, period = rate.split("/")
        self.window = {"s": 1, "m": 60, "h": 3600, "d": 86400}[period[0]]
        return not limited(self.scope, request, limit=int(number), window=self.window)

    def wait(self):
        window = getattr(self, "window", 60)
        return window - (timezone.now().timestamp() % window)


class ObtainTokenView(APIView):
    """POST {"username", "password"} -> {"token"}; wrong credentials -> 400."""

    authentication_classes: list = []
    permission_classes: list = []
    throttle_classes = [TokenThrottle]
    serializer_class = AuthTokenSerializer

    @extend_schema(
        request=inline_serializer(
            "TokenRequest",
            {"username": serializers.CharField(), "password": serializers.CharField()},
        ),
        responses={
            200: inline_serializer("TokenResponse", {"token": serializers.CharField()}),
            **error_responses(400, e400="用户名或密码错误(code: invalid_credentials),或输入无效"),
            429: OpenApiResponse(ErrorSerializer, description="请求过于频繁(code: throttled)"),
        },
    )
    def post(self, request):
        serializer = AuthTokenSerializer(data=request.data, context={"request": request})
        if not serializer.is_valid():
            if "non_field_errors" in serializer.errors:
                return Response(
                    error_body("invalid_credentials", _("用户名或密码错误。")),
                    status=status.HTTP_400_BAD_REQUEST,
                )
            raise exceptions.ValidationError(serializer.errors)
        token, _created = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key})


def document_idempotency_key(result, generator, request, public):
    """drf-spectacular postprocessing hook: every POST operation takes an optional
    Idempotency-Key header (core/idempotency.py), and may answer 409 for a reused key."""
    parameter = {
        "in": "header",
        "name": "Idempotency-Key",
        "required": False,
        "schema": {"type": "string", "minLength": 1, "maxLength": 255},
        "description": "可选。同一调用方以同一键重发相同请求,返回首次结果;内容不同则 409。",
    }
    for item in result.get("paths", {}).values():
        operation = item.get("post")
        if operation is None:
            continue
        operation.setdefault("parameters", []).append(parameter)
        responses = operation.setdefault("responses", {})
        if "409" not in responses:
            responses["409"] = {
                "description": "Idempotency-Key 已用于内容不同的请求,或首次请求仍在处理",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
            }
    return result


def _error_response(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def document_pagination_errors(result, generator, request, public):
    """drf-spectacular postprocessing hook: every paginated list answers 400 for a junk `page`
    or `page_size` and 404 for a page past the end (core/pagination.py), with the error body."""
    for item in result.get("paths", {}).values():
        operation = item.get("get")
        if operation is None:
            continue
        names = {p.get("name") for p in operation.get("parameters", [])}
        if not names & {"page", "page_size"}:
            continue
        responses = operation.setdefault("responses", {})
        responses.setdefault("400", _error_response(_ERROR_TEXT[400]))
        responses.setdefault("404", _error_response("页码超出范围"))
    return result


def document_refusals_everywhere(result, generator, request, public):
    """drf-spectacular postprocessing hook: any operation may answer 400 before its view runs
    (core/middleware.py refuses control characters in the path and query, core/idempotency.py
    a malformed Idempotency-Key), so each documents 400 with the error body."""
    for item in result.get("paths", {}).values():
        for method, operation in item.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                operation.setdefault("responses", {}).setdefault(
                    "400", _error_response(_ERROR_TEXT[400])
                )
    return result
