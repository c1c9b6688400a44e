"""The API's JSON parser, bounded: a body of at most API_MAX_JSON_BYTES, nesting at most
API_MAX_JSON_DEPTH deep, no forbidden character in any key or string (core.text). Each refusal
is a 400 with its own code, never a 500 (a body nested 1,000 deep used to overflow the stack)."""

import json

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, parsers

from core.text import describe, forbidden_character

DEFAULT_MAX_BYTES = 1024 * 1024
DEFAULT_MAX_DEPTH = 32


class BodyTooLarge(exceptions.ParseError):
    default_code = "body_too_large"
    default_detail = _("请求体过大。")


class NestedTooDeep(exceptions.ParseError):
    default_code = "nested_too_deep"
    default_detail = _("JSON 嵌套层级过深。")


class ForbiddenCharacter(exceptions.ParseError):
    default_code = "invalid_characters"
    default_detail = _("请求中含有不允许的控制字符。")


def check_tree(data, *, max_depth: int) -> None:
    """Walk a parsed JSON value without recursion: depth and characters."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            bad = forbidden_character(value)
            if bad:
                raise ForbiddenCharacter(
                    _("请求中含有不允许的控制字符(%(c)s)。") % {"c": describe(bad)}
                )
            continue
        if not isinstance(value, dict | list):
            continue
        if depth > max_depth:
            raise NestedTooDeep()
        if isinstance(value, dict):
            stack.extend((key, depth) for key in value)
            stack.extend((item, depth + 1) for item in value.values())
        else:
            stack.extend((item, depth + 1) for item in value)


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        max_bytes = getattr(settings, "API_MAX_JSON_BYTES", DEFAULT_MAX_BYTES)
        max_depth = getattr(settings, "API_MAX_JSON_DEPTH", DEFAULT_MAX_DEPTH)
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        raw = stream.read(max_bytes + 1) if stream is not None else b""
        if len(raw) > max_bytes:
            raise BodyTooLarge()
        try:
            text = raw.decode(encoding)
            data = json.loads(text, parse_constant=_refuse_constant)
        except RecursionError:
            raise NestedTooDeep() from None
        except ValueError as exc:
            raise exceptions.ParseError(f"JSON parse error - {exc}") from None
        check_tree(data, max_depth=max_depth)
        return data


def _refuse_constant(name):
    raise ValueError(f"{name} is not valid JSON")
