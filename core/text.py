"""The one check for characters no text of ours may hold: C0 control characters other than tab,
line feed and carriage return, DEL, and lone UTF-16 surrogates. PostgreSQL refuses NUL in text
(SQLite stores it silently), and none of them is ever typed by a person."""

import re
import unicodedata

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def forbidden_character(value: str) -> str | None:
    """The first forbidden character in `value`, or None."""
    match = _FORBIDDEN.search(value)
    return match.group() if match else None


def describe(char: str) -> str:
    return f"U+{ord(char):04X}"


def normalize_text(value: str) -> str:
    """Text as we store it: NFC, invisible format characters (zero-width spaces and joiners,
    BOM, soft hyphen: Unicode category Cf) removed, surrounding whitespace (the ideographic
    space U+3000 too) trimmed."""
    value = unicodedata.normalize("NFC", value)
    value = "".join(ch for ch in value if unicodedata.category(ch) != "Cf")
    return value.strip()


def is_invisible(value: str) -> bool:
    """True when nothing a person could read is left: empty, whitespace or format characters."""
    return not normalize_text(value)


# A spreadsheet reads a cell starting with one of these as a formula (CSV/formula injection):
# every export writes such a text with a leading apostrophe.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    return text[:1] in FORMULA_START
