"""进度查询: a receipt number and the last 4 characters of the applicant's ID number → status and
dates. A wrong pair answers exactly like an unknown number (same message, same status, the
same query and the same constant-time comparison), and lookups are rate-limited per client IP
and per receipt number in the shared cache (core.ratelimit), so numbers cannot be tried out."""

import hashlib
import hmac
import re
import unicodedata
from types import SimpleNamespace

from django.conf import settings
from django.core import signing

from approvals import disclosure
from core import ratelimit
from core.text import normalize_text

RECEIPT = re.compile(r"SL[0-9]{10}")
FRAGMENT = re.compile(r"[0-9]{3}[0-9X]")
# Compared against when no application has the number: never equal to a real fragment.
_NO_FRAGMENT = "\x00" * 4

TOKEN_SALT = "accountability.public.rate"
TOKEN_MAX_AGE = 15 * 60  # seconds: a rating must follow its lookup


def _ascii_form(value: str) -> str:
    """Full-width digits and letters to ASCII (NFKC), spaces and dashes out, upper case. Other
    digits (١, ៣, …) survive NFKC as non-ASCII and then never match the ASCII patterns."""
    value = unicodedata.normalize("NFKC", normalize_text(value or ""))
    return re.sub(r"[\s\-]", "", value).upper()


def normalize_receipt(value: str) -> str:
    return _ascii_form(value)


def normalize_fragment(value: str) -> str:
    return _ascii_form(value)


def well_formed(receipt: str, fragment: str) -> bool:
    return bool(
        receipt.isascii()
        and fragment.isascii()
        and RECEIPT.fullmatch(receipt)
        and FRAGMENT.fullmatch(fragment)
    )


def ip_limited(request) -> bool:
    return ratelimit.limited(
        "public:progress",
        request,
        limit=settings.PROGRESS_RATE_LIMIT_PER_MINUTE,
        window=60,
    )


def number_limited(receipt: str) -> bool:
    """Per receipt number, from any address: core.ratelimit counts per (name, client address),
    so the number stands in for the address (hashed: the key stays short and holds no input)."""
    digest = hashlib.sha256(receipt.encode()).hexdigest()[:32]
    subject = SimpleNamespace(META={"REMOTE_ADDR": f"receipt-{digest}"})
    return ratelimit.limited(
        "public:progress:number",
        subject,
        limit=settings.PROGRESS_RATE_LIMIT_PER_NUMBER,
        window=600,
    )


def find(receipt: str, fragment: str):
    """The application when the pair matches, else None. Up to the comparison the work is the
    same whether the number exists or not: one query for two plain values and one
    constant-time comparison (against a filler that never equals a typed fragment)."""
    key = disclosure.progress_key(receipt)
    expected = (key[1] or "")[-4:].upper().rjust(4, "\x00") if key else _NO_FRAGMENT
    if not hmac.compare_digest(expected.encode(), fragment.encode()) or key is None:
        return None
    return disclosure.application_for_progress(key[0])


def rating_token(application) -> str:
    """A signed, short-lived token naming the looked-up application: the rating form carries it,
    so a rating can only be given for a case the rater has just looked up."""
    return signing.dumps({"a": application.pk}, salt=TOKEN_SALT, compress=False)


def application_id_from_token(token: str) -> int | None:
    if not isinstance(token, str) or not token or len(token) > 200 or not token.isascii():
        return None
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is one too
        return None
    value = data.get("a") if isinstance(data, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None
