"""The one check for characters no text of ours may hold: C0 control characters other than tab,
line feed and carriage return, DEL, and lone UTF-16 surrogates. PostgreSQL refuses NUL in text
(SQLite stores it silently), and none of them is ever typed by a person."""

import re

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def forbidden_character(value: str) -> str | None:
    """The first forbidden character in `value`, or None."""
    match = _FORBIDDEN.search(value)
    return match.group() if match else None


def describe(char: str) -> str:
    return f"U+{ord(char):04X}"
