"""The signed payload in every permit's and decision letter's QR code (离线核验), and its key.

The QR code holds the online verification link with one more query parameter, `s`:

    <SITE_URL>/verify/<permit number>/?c=<check code>&s=<token>
    token = "1." + base64url(payload) + "." + base64url(Ed25519 signature)

The signature covers the ASCII text before the last dot ("1.<payload>"), so the version tag is
signed too. Version 1's payload is a compact JSON array (UTF-8, no spaces):

    [permit number, holder, valid from, valid until, issued on, decision kind, decision number]

dates as YYYYMMDD ("" for a permit without an end date), holder as /verify/ shows it (a person's
name masked, 张*三), "issued on" the permit's issue date or the letter's decision date; the last
two only on a decision letter. A third party checks it with the published public key alone
(docs/subsystems/verification.md), with no network and no database.

The key: settings.DOCUMENT_SIGNING_KEY (base64 of a 32-byte Ed25519 seed); when empty, a seed
derived from SECRET_KEY by HKDF-SHA256 under a purpose label, so a laptop signs consistently.
This module is the one place that signs and verifies; it reads no database."""

from __future__ import annotations

import base64
import binascii
import datetime
import hashlib
import json
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

VERSION = "1"
PARAM = "s"  # the query parameter that carries the token in the QR's URL
ALGORITHM = "Ed25519"
_DERIVE_INFO = b"oneseal document signing key v1"
# A v1 token is a few hundred characters; anything far longer is refused before decoding.
MAX_TOKEN_LENGTH = 2000
_B64URL = re.compile(r"\A[A-Za-z0-9_-]+\Z")
_DATE = re.compile(r"\A[0-9]{8}\Z")  # ASCII digits only (str.isdigit would take ٢ or ２)
_FIELDS_V1 = 7


class PayloadError(Exception):
    """A token that does not verify; `code` says why, `message` says it in Chinese."""

    MESSAGES = {
        "format": "格式错误:不是一章通文书的签名数据。",
        "version": "版本未知:本程序不认识该签名数据的格式版本。",
        "signature": "签名无效:数据被改动过,或不是用该公钥对应的私钥签发的。",
        "payload": "内容错误:签名有效,但内容不符合格式。",
    }

    def __init__(self, code: str, detail: str = ""):
        self.code = code
        self.message = self.MESSAGES[code] + (f"({detail})" if detail else "")
        super().__init__(self.message)


@dataclass(frozen=True)
class Payload:
    """What a token says, once its signature has been checked."""

    version: str
    permit_number: str
    holder: str
    valid_from: datetime.date | None
    valid_until: datetime.date | None
    issued_on: datetime.date | None
    decision_kind: str = ""
    decision_number: str = ""

    def as_dict(self) -> dict:
        def iso(value):
            return value.isoformat() if value else None

        return {
            "version": self.version,
            "permit_number": self.permit_number,
            "holder": self.holder,
            "valid_from": iso(self.valid_from),
            "valid_until": iso(self.valid_until),
            "issued_on": iso(self.issued_on),
            "decision_kind": self.decision_kind,
            "decision_number": self.decision_number,
        }


# --- keys --------------------------------------------------------------------------------------


def _b64e(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64d(text: str) -> bytes:
    """Strict base64url without padding: only the canonical spelling of the bytes is accepted
    (a last character differing only in its unused bits would otherwise decode to the same
    bytes, so a changed token would still verify)."""
    if not _B64URL.match(text) or len(text) % 4 == 1:
        raise ValueError("not base64url")
    data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if _b64e(data) != text:
        raise ValueError("not canonical base64url")
    return data


def _seed() -> bytes:
    configured = (getattr(settings, "DOCUMENT_SIGNING_KEY", "") or "").strip()
    if configured:
        try:
            seed = base64.b64decode(configured, validate=True)
        except (binascii.Error, ValueError):
            seed = b""
        if len(seed) != 32:
            raise ImproperlyConfigured(
                "DOCUMENT_SIGNING_KEY must be the base64 of a 32-byte Ed25519 seed."
            )
        return seed
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_DERIVE_INFO).derive(
        settings.SECRET_KEY.encode()
    )


_KEY_CACHE: dict[bytes, Ed25519PrivateKey] = {}


def private_key() -> Ed25519PrivateKey:
    seed = _seed()
    key = _KEY_CACHE.get(seed)
    if key is None:
        key = _KEY_CACHE.setdefault(seed, Ed25519PrivateKey.from_private_bytes(seed))
    return key


def public_key() -> Ed25519PublicKey:
    return private_key().public_key()


def public_key_raw(key: Ed25519PublicKey | None = None) -> bytes:
    key = key or public_key()
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_key_base64(key: Ed25519PublicKey | None = None) -> str:
    return base64.b64encode(public_key_raw(key)).decode("ascii")


def public_key_pem(key: Ed25519PublicKey | None = None) -> str:
    key = key or public_key()
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")


def fingerprint(key: Ed25519PublicKey | None = None) -> str:
    """SHA-256 of the raw 32-byte public key, hex in groups of four (easy to read aloud)."""
    digest = hashlib.sha256(public_key_raw(key)).hexdigest()
    return ":".join(digest[i : i + 4] for i in range(0, len(digest), 4))


def load_public_key(text: str | bytes) -> Ed25519PublicKey:
    """A public key given as raw base64 (32 bytes) or as PEM (SubjectPublicKeyInfo)."""
    if isinstance(text, bytes):
        text = text.decode("ascii", errors="replace")
    text = text.strip()
    if text.startswith("-----BEGIN"):
        try:
            key = serialization.load_pem_public_key(text.encode("ascii", errors="replace"))
        except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
            raise ValueError("not a PEM public key") from exc
        if not isinstance(key, Ed25519PublicKey):
            raise ValueError("not an Ed25519 public key")
        return key
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        try:
            raw = _b64d(text)
        except ValueError:
            raise ValueError("not base64") from exc
    if len(raw) != 32:
        raise ValueError("an Ed25519 public key is 32 bytes")
    return Ed25519PublicKey.from_public_bytes(raw)


# --- signing -------------------------------------------------------------------------------------


def _ymd(value: datetime.date | None) -> str:
    return value.strftime("%Y%m%d") if value else ""


def _parse_ymd(value) -> datetime.date | None:
    if value == "":
        return None
    if not isinstance(value, str) or not _DATE.match(value):
        raise PayloadError("payload", "日期")
    try:
        return datetime.date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError as exc:
        raise PayloadError("payload", "日期") from exc


def sign_payload(fields: list) -> str:
    """The token for a v1 field list (see the module docstring): version, payload, signature."""
    body = json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    head = f"{VERSION}.{_b64e(body)}"
    return f"{head}.{_b64e(private_key().sign(head.encode('ascii')))}"


def payload_fields(permit, decision=None) -> list:
    """The v1 fields of a permit (its certificate) or of a decision letter about it."""
    from approvals.models import Applicant  # models load after this module may be imported
    from approvals.validators import mask_person_name

    holder = permit.holder_name
    if permit.holder.kind == Applicant.Kind.PERSON:
        holder = mask_person_name(holder)
    if decision is None:
        issued = timezone.localdate(permit.issued_at) if permit.issued_at else None
    else:
        issued = timezone.localdate(decision.decided_at)
    fields = [
        permit.number,
        holder,
        _ymd(permit.valid_from),
        _ymd(permit.valid_until),
        _ymd(issued),
    ]
    if decision is not None:
        fields += [decision.kind, decision.number]
    return fields


def token_for(permit, decision=None) -> str:
    return sign_payload(payload_fields(permit, decision))


def qr_text(permit, decision=None) -> str:
    """What the QR code on a permit or decision letter encodes: the online verification link
    (/verify/<number>/?c=…, as before) plus `&s=<signed token>` for offline checking."""
    from approvals import verification

    return f"{verification.verify_url(permit.number)}&{PARAM}={token_for(permit, decision)}"


# --- verifying -----------------------------------------------------------------------------------


def extract_token(text: str) -> str:
    """The token from a scanned QR text: a whole verification URL, or the bare token."""
    text = (text or "").strip()
    if len(text) > MAX_TOKEN_LENGTH * 2:
        raise PayloadError("format", "过长")
    if "?" in text or "://" in text:
        try:
            query = urlsplit(text).query
            values = parse_qs(query, max_num_fields=20).get(PARAM) or []
        except ValueError as exc:
            raise PayloadError("format") from exc
        if len(values) != 1:
            raise PayloadError("format", "链接中没有签名参数")
        text = values[0].strip()
    return text


def verify_payload(text: str, key: Ed25519PublicKey | None = None) -> Payload:
    """Check a token (or a URL holding one) against a public key (default: ours) and return what
    it says. Raises PayloadError for anything else: wrong format, unknown version, bad
    signature, a signed body that does not parse. Never anything else, whatever `text` is."""
    token = extract_token(text)
    if len(token) > MAX_TOKEN_LENGTH or not token.isascii():
        raise PayloadError("format")
    parts = token.split(".")
    if len(parts) != 3 or not all(parts):
        raise PayloadError("format")
    version, body_b64, sig_b64 = parts
    if version != VERSION:
        if re.fullmatch(r"[0-9]{1,3}", version):
            raise PayloadError("version", version)
        raise PayloadError("format")
    try:
        body = _b64d(body_b64)
        signature = _b64d(sig_b64)
    except (ValueError, binascii.Error) as exc:
        raise PayloadError("format") from exc
    if len(signature) != 64:
        raise PayloadError("format")
    try:
        (key or public_key()).verify(signature, f"{version}.{body_b64}".encode("ascii"))
    except InvalidSignature as exc:
        raise PayloadError("signature") from exc
    try:
        fields = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise PayloadError("payload") from exc
    if (
        not isinstance(fields, list)
        or len(fields) not in (_FIELDS_V1 - 2, _FIELDS_V1)
        or not all(isinstance(f, str) for f in fields)
    ):
        raise PayloadError("payload")
    number, holder, valid_from, valid_until, issued_on, *rest = fields
    return Payload(
        version=version,
        permit_number=number,
        holder=holder,
        valid_from=_parse_ymd(valid_from),
        valid_until=_parse_ymd(valid_until),
        issued_on=_parse_ymd(issued_on),
        decision_kind=rest[0] if rest else "",
        decision_number=rest[1] if rest else "",
    )
