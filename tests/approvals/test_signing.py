"""The signed payload of every QR code (approvals.signing): it verifies offline with the published
public key alone, any changed byte or another key fails, unknown versions and hostile text are
refused with a PayloadError (never anything else), and the QR stays small enough to scan."""

import base64
import contextlib
import datetime
import io

import pytest
import segno
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.exceptions import ImproperlyConfigured
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from approvals import services, signing, verification
from approvals.models import Applicant, Permit

pytestmark = pytest.mark.usefixtures("at_monday", "seal")

B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


@pytest.fixture
def decision(reviewed, approver):
    app = reviewed()
    return services.decide(application_id=app.pk, approver=approver, approve=True)


@pytest.fixture
def permit(decision):
    return decision.permit


def _token(text: str) -> str:
    return signing.extract_token(text)


def _published_key():
    """The key as a third party has it: the raw base64 from the public page."""
    return signing.load_public_key(signing.public_key_base64())


def test_the_permit_payload_verifies_with_the_published_key_alone(permit):
    payload = signing.verify_payload(signing.qr_text(permit), _published_key())
    assert payload.permit_number == permit.number
    assert payload.holder == "张*三"  # masked as on /verify/
    assert payload.valid_from == datetime.date(2026, 6, 1)
    assert payload.valid_until == datetime.date(2031, 5, 31)
    assert payload.issued_on == datetime.date(2026, 6, 1)
    assert payload.decision_kind == payload.decision_number == ""


def test_the_decision_letter_payload_names_the_decision(permit, decision):
    payload = signing.verify_payload(signing.qr_text(permit, decision), _published_key())
    assert payload.decision_kind == "approve"
    assert payload.decision_number == decision.number
    assert payload.permit_number == permit.number


def test_an_organisation_holder_is_signed_in_full(permit):
    Applicant.objects.filter(pk=permit.holder_id).update(kind="organization")
    Permit.objects.filter(pk=permit.pk).update(holder_name="示例县好味食品有限公司")
    permit = Permit.objects.get(pk=permit.pk)
    assert signing.verify_payload(signing.qr_text(permit)).holder == "示例县好味食品有限公司"


def test_a_permit_without_an_end_date_signs_an_empty_until(permit):
    permit.valid_until = None
    assert signing.verify_payload(signing.qr_text(permit)).valid_until is None


def test_the_qr_text_is_the_online_link_plus_the_token(permit, decision):
    text = signing.qr_text(permit, decision)
    assert text.startswith(verification.verify_url(permit.number) + "&s=1.")
    assert text.isascii() and " " not in text


def test_the_pem_and_the_raw_key_are_the_same_key(permit):
    text = signing.qr_text(permit)
    assert signing.verify_payload(text, signing.load_public_key(signing.public_key_pem()))


def test_changing_any_one_character_of_the_token_fails(permit, decision):
    token = _token(signing.qr_text(permit, decision))
    failures = 0
    for i, char in enumerate(token):
        other = "." if char != "." else "A"
        for replacement in {B64URL[(B64URL.find(char) + 1) % 64], other}:
            changed = token[:i] + replacement + token[i + 1 :]
            with pytest.raises(signing.PayloadError):
                signing.verify_payload(changed)
            failures += 1
    assert failures >= 2 * len(token) - 2


def test_changing_any_one_byte_of_the_payload_or_the_signature_fails(permit, decision):
    version, body, sig = _token(signing.qr_text(permit, decision)).split(".")
    raw_body, raw_sig = signing._b64d(body), signing._b64d(sig)
    for i in range(len(raw_body)):
        changed = bytearray(raw_body)
        changed[i] ^= 0x01
        with pytest.raises(signing.PayloadError) as exc:
            signing.verify_payload(f"{version}.{signing._b64e(bytes(changed))}.{sig}")
        assert exc.value.code == "signature"
    for i in range(len(raw_sig)):
        changed = bytearray(raw_sig)
        changed[i] ^= 0x80
        with pytest.raises(signing.PayloadError) as exc:
            signing.verify_payload(f"{version}.{body}.{signing._b64e(bytes(changed))}")
        assert exc.value.code == "signature"


def test_a_different_key_fails(permit):
    other = Ed25519PrivateKey.generate().public_key()
    with pytest.raises(signing.PayloadError) as exc:
        signing.verify_payload(signing.qr_text(permit), other)
    assert exc.value.code == "signature"
    assert "签名无效" in exc.value.message


def test_a_token_signed_by_another_key_fails_with_ours(permit, settings):
    foreign = signing.qr_text(permit)
    settings.DOCUMENT_SIGNING_KEY = base64.b64encode(b"\x07" * 32).decode()
    with pytest.raises(signing.PayloadError):
        signing.verify_payload(foreign)


def test_an_unknown_version_is_named(permit):
    _v, body, sig = _token(signing.qr_text(permit)).split(".")
    with pytest.raises(signing.PayloadError) as exc:
        signing.verify_payload(f"2.{body}.{sig}")
    assert exc.value.code == "version" and "版本未知" in exc.value.message


def test_a_validly_signed_body_that_is_not_v1_is_a_payload_error():
    for fields in ([], ["a"], [1, 2, 3, 4, 5], ["XK", "张*三", "2026-06-01", "", ""]):
        with pytest.raises(signing.PayloadError) as exc:
            signing.verify_payload(signing.sign_payload(fields))
        assert exc.value.code == "payload"


def test_a_configured_key_signs_and_its_public_half_verifies(permit, settings):
    private = Ed25519PrivateKey.generate()
    from cryptography.hazmat.primitives import serialization

    seed = private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    settings.DOCUMENT_SIGNING_KEY = base64.b64encode(seed).decode()
    assert signing.public_key_raw() == signing.public_key_raw(private.public_key())
    assert signing.verify_payload(signing.qr_text(permit), private.public_key())


@pytest.mark.parametrize("bad", ["not base64!", base64.b64encode(b"short").decode(), "  "])
def test_a_malformed_configured_key_is_a_configuration_error(settings, bad):
    settings.DOCUMENT_SIGNING_KEY = bad
    if not bad.strip():
        signing.public_key()  # blank: derived, fine
        return
    with pytest.raises(ImproperlyConfigured):
        signing.public_key()


def test_the_derived_key_is_stable_and_depends_on_the_secret_key(settings):
    settings.DOCUMENT_SIGNING_KEY = ""
    first = signing.public_key_base64()
    assert signing.public_key_base64() == first
    settings.SECRET_KEY = settings.SECRET_KEY + "-other"
    assert signing.public_key_base64() != first


HOSTILE = [
    "",
    ".",
    "..",
    "1..",
    "1.a.b",
    "1.\x00.\x00",
    "1.abc.def.ghi",
    "１.abc.def",  # a fullwidth digit as the version
    "٢.abc.def",  # an Arabic-Indic digit
    "1.中文.签名",
    "1." + "A" * 5000 + ".B",
    "x" * 100_000,
    "http://example.com/verify/XK1/?c=x",
    "http://example.com/verify/XK1/?c=x&s=1.a.b&s=1.c.d",
    "http://[::1/?s=1.a.b",  # an invalid URL
    "\u202e1.abc.def",
    "1.abc.def\r\n",
    "=?utf-8?",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_a_payload_error_never_a_crash(text):
    with pytest.raises(signing.PayloadError) as exc:
        signing.verify_payload(text)
    assert exc.value.code in signing.PayloadError.MESSAGES


TOKENISH = r"\A[0-9]\.[A-Za-z0-9_-]{0,200}\.[A-Za-z0-9_-]{0,100}\Z"


@hsettings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400) | st.from_regex(TOKENISH))
def test_any_text_either_verifies_or_is_a_payload_error(text):
    with contextlib.suppress(signing.PayloadError):
        signing.verify_payload(text)


def test_the_qr_of_a_decision_letter_stays_small_and_scans_back(permit, decision, settings):
    """Measured: a decision letter's QR is version ≤ 12 at error level M (65×65 modules, ~0.4
    mm a module at 3 cm), a permit's ≤ 11 — with a 30-character site URL."""
    settings.SITE_URL = "https://oneseal.example.gov.cn"
    from PIL import Image
    from pyzbar import pyzbar

    text = signing.qr_text(permit, decision)
    qr = segno.make(text, error="m")
    assert qr.version <= 12, (qr.version, len(text))
    assert segno.make(signing.qr_text(permit), error="m").version <= 11
    buffer = io.BytesIO()
    qr.save(buffer, kind="png", scale=4, border=4)
    buffer.seek(0)
    with Image.open(buffer) as image:
        read = [code.data.decode() for code in pyzbar.decode(image)]
    assert read == [text]
    assert signing.verify_payload(read[0], _published_key()).decision_number == decision.number


def test_the_documented_third_party_check_works(permit, decision):
    """The few lines of Python in docs/subsystems/verification.md, run as written."""
    import re
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs/subsystems/verification.md").read_text()
    code = re.search(r"```python\n(.*?)```", doc, re.S).group(1)
    code = code.replace("<the base64 from /verify/key/>", signing.public_key_base64())
    namespace: dict = {}
    exec(code, namespace)  # noqa: S102 — our own documentation
    fields = namespace["check"](signing.qr_text(permit, decision))
    assert fields[0] == permit.number and fields[-1] == decision.number
    from cryptography.exceptions import InvalidSignature

    head, sig = signing.qr_text(permit).rsplit(".", 1)
    with pytest.raises(InvalidSignature):
        namespace["check"](f"{head}.{'B' if sig[0] == 'A' else 'A'}{sig[1:]}")
