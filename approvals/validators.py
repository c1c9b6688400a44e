"""Checks for Chinese identity numbers: 居民身份证号码 (GB 11643) and 统一社会信用代码 (GB 32100).

Both normalise to upper case (a clerk typing 'x' means 'X') and return the normalised value."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

# GB 32100-2015: 31 characters, no I, O, Z, S, V.
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def id_check_digit(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def uscc_check_char(first17: str) -> str:
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return _USCC_CHARS[(31 - total % 31) % 31]


def validate_resident_id(value: str) -> str:
    """18-digit 居民身份证号码 with its GB 11643 check digit and a real birth date."""
    value = (value or "").strip().upper()
    if len(value) != 18:
        raise ValidationError(
            _("身份证号码应为 18 位,当前为 %(n)s 位。"), code="id_length", params={"n": len(value)}
        )
    if not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        raise ValidationError(
            _("身份证号码前 17 位应为数字,最后一位为数字或 X。"), code="id_format"
        )
    try:
        born = datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ValidationError(_("身份证号码中的出生日期无效。"), code="id_birth") from None
    if born.year < 1900 or born > datetime.date.today():
        raise ValidationError(_("身份证号码中的出生日期无效。"), code="id_birth")
    if id_check_digit(value[:17]) != value[17]:
        raise ValidationError(_("身份证号码校验位不正确,请核对。"), code="id_checksum")
    return value


def validate_credit_code(value: str) -> str:
    """18-character 统一社会信用代码 with its GB 32100 check character."""
    value = (value or "").strip().upper()
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
    if not value[2:8].isdigit():
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
