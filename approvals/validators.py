"""Checks for Chinese identity numbers: 居民身份证号码 (GB 11643) and 统一社会信用代码 (GB 32100).

Both return the number as we store it, so one person or organisation is one row however it was
typed: invisible format characters dropped, full-width forms (what a Chinese IME types: `１２３`,
`ｘ`, the ideographic space) turned into ASCII, every space inside removed, upper case (a clerk
typing 'x' means 'X'). After that only ASCII is accepted: any other digit (superscript ²,
Arabic-Indic ٣, Devanagari ३ ...) is refused, never converted, never stored as typed."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum import numdb

from core.text import normalize_text

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

# GB 32100-2015: 31 characters, no I, O, Z, S, V.
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


_RESIDENT_ID = re.compile("[0-9]{17}[0-9X]")
_ASCII_DIGITS = re.compile("[0-9]+")
# Full-width ASCII forms U+FF01..U+FF5E are ASCII shifted by 0xFEE0 (their NFKC form); the
# ideographic space U+3000 is a space. Nothing else is mapped: NFKC of the whole value would
# also turn a superscript ² into 2.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def normalize_number(value: str) -> str:
    """An identity number as typed -> as compared and stored (see the module docstring)."""
    value = normalize_text(value or "").translate(_FULL_WIDTH)
    return "".join(value.split()).upper()


def division_known(code: str) -> bool:
    """The first 6 digits name an administrative division of GB/T 2260, past or present (the
    data of python-stdnum's cn.ric). Unlike stdnum's own check, the county need not have
    existed in the birth year: numbers first issued in 1984-85 to people born long before carry
    the county they lived in then, and a Macau resident born before 1999 has 82xxxx."""
    info = {k: v for _part, props in numdb.get("cn/loc").info(code) for k, v in props.items()}
    return "province" in info and "county" in info


def id_check_digit(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def uscc_check_char(first17: str) -> str:
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return _USCC_CHARS[(31 - total % 31) % 31]


def validate_resident_id(value: str) -> str:
    """18-digit 居民身份证号码 with its GB 11643 check digit and a real birth date."""
    value = normalize_number(value)
    if len(value) != 18:
        raise ValidationError(
            _("身份证号码应为 18 位,当前为 %(n)s 位。"), code="id_length", params={"n": len(value)}
        )
    if not _RESIDENT_ID.fullmatch(value):  # ASCII only: str.isdigit() also takes ² and ٣
        raise ValidationError(
            _("身份证号码前 17 位应为数字,最后一位为数字或 X。"), code="id_format"
        )
    try:
        born = datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ValidationError(_("身份证号码中的出生日期无效。"), code="id_birth") from None
    if born.year < 1900 or born > timezone.localdate():
        raise ValidationError(_("身份证号码中的出生日期无效。"), code="id_birth")
    if not division_known(value[:6]):
        raise ValidationError(
            _("身份证号码前 6 位不是有效的行政区划代码,请核对。"), code="id_region"
        )
    if id_check_digit(value[:17]) != value[17]:
        raise ValidationError(_("身份证号码校验位不正确,请核对。"), code="id_checksum")
    return value


def validate_credit_code(value: str) -> str:
    """18-character 统一社会信用代码 with its GB 32100 check character; spaces inside (also
    full-width ones) are removed, as people copy it grouped from a licence."""
    value = normalize_number(value)
    if len(value) != 18:
        raise ValidationError(
            _("统一社会信用代码应为 18 位,当前为 %(n)s 位。"),
            code="uscc_length",
            params={"n": len(value)},
        )
    bad = sorted({c for c in value if c not in _USCC_CHARS})
    if bad:
        raise ValidationError(
            _("统一社会信用代码含有无效字符:%(chars)s。"),
            code="uscc_format",
            params={"chars": "".join(bad)},
        )
    if not _ASCII_DIGITS.fullmatch(value[2:8]):
        raise ValidationError(_("统一社会信用代码第 3–8 位应为行政区划码。"), code="uscc_format")
    if uscc_check_char(value[:17]) != value[17]:
        raise ValidationError(_("统一社会信用代码校验位不正确,请核对。"), code="uscc_checksum")
    return value


def mask_id_number(value: str) -> str:
    """For lists: keep the first 6 and last 4 characters (110105********002X)."""
    if not value or len(value) < 10:
        return value
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_person_name(name: str) -> str:
    """张三 → 张*, 张小三 → 张*三, 欧阳小三 → 欧**三."""
    if not name or len(name) == 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


# --- phone numbers -----------------------------------------------------------------------------

# A mobile number: 11 digits from 13x to 19x; stored as the 11 digits, the +86 / 86 prefix and any
# spaces or hyphens dropped (they are how people group it: 138-1234-5678, +86 138 1234 5678).
_MOBILE = re.compile(r"(?:\+?86)?(1[3-9][0-9]{9})")
# A landline with its area code (0 + 2 or 3 digits) and a 7- or 8-digit number, optionally an
# extension after '-' or 转; a pair of brackets around the area code is how many people write it.
_LANDLINE = re.compile(
    r"(?:\((0[0-9]{2,3})\)|(0[0-9]{2,3})(-?))([0-9]{7,8})(?:(?:-|转)([0-9]{1,6}))?"
)
PHONE_HELP = _("11 位手机号码,或带区号的固定电话(如 0571-88881234,分机用“-”或“转”)")


def normalize_phone(value: str) -> str:
    """A phone number as typed -> as checked: the text normalised (core.text), full-width forms
    turned into ASCII (as for ID numbers: what a Chinese IME types), every space removed. Other
    digits (٣, ², ३ ...) are left as they are, so validate_phone refuses them."""
    return "".join(normalize_text(value or "").translate(_FULL_WIDTH).split())


def validate_phone(value: str) -> str:
    """联系电话: a mobile (1[3-9] + 9 digits, optional +86/86) or a landline with area code
    (0xx[x]-xxxxxxx[x], optional extension); returned as stored: a mobile as its 11 digits,
    a landline as typed without spaces or brackets ('0571-88881234', '057188881234-12').
    Empty stays empty (whether a phone is required is the caller's rule)."""
    value = value or ""
    if len(value) <= 200:  # anything longer is refused without normalising it
        value = normalize_phone(value)
        if not value:
            return ""
        if len(value) <= 30:
            mobile = _MOBILE.fullmatch(value.replace("-", ""))
            if mobile:
                return mobile.group(1)
            landline = _LANDLINE.fullmatch(value)
            if landline:
                bracketed, area, hyphen, number, extension = landline.groups()
                stored = f"{bracketed}-{number}" if bracketed else f"{area}{hyphen}{number}"
                return f"{stored}-{extension}" if extension else stored
    raise ValidationError(
        _("联系电话格式不正确:请填写 11 位手机号码,或带区号的固定电话(如 0571-88881234)。"),
        code="invalid_phone",
    )
