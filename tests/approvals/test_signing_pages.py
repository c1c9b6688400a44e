"""The published key (page and API), the signed payload on /verify/, and the offline command
verify_document_payload (exit codes, no database, hostile input)."""

import base64
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.urls import reverse

from approvals import services, signing
from approvals.models import Permit

pytestmark = pytest.mark.usefixtures("at_monday", "seal")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def decision(reviewed, approver):
    app = reviewed()
    return services.decide(application_id=app.pk, approver=approver, approve=True)


@pytest.fixture
def permit(decision):
    return decision.permit


def _open(client, text):
    parts = urlsplit(text)
    return client.get(parts.path, dict(parse_qsl(parts.query)))


def _tamper(text):
    """The same link with one character of the signature changed."""
    head, sig = text.rsplit(".", 1)
    return f"{head}.{'B' if sig[0] == 'A' else 'A'}{sig[1:]}"


# --- the public key page -----------------------------------------------------------------------


def test_the_key_page_needs_no_login_and_shows_the_key_three_ways(client):
    response = client.get(reverse("verify_public_key"))
    body = response.content.decode()
    assert response.status_code == 200
    assert signing.public_key_base64() in body
    assert signing.fingerprint() in body
    assert "-----BEGIN PUBLIC KEY-----" in body
    assert signing.public_key_pem().splitlines()[1] in body
    assert "离线核验步骤" in body and "verify_document_payload" in body


def test_the_key_page_checks_a_token_given_to_it(client, permit, decision):
    token = signing.extract_token(signing.qr_text(permit, decision))
    ok = client.get(reverse("verify_public_key"), {"s": token}).content.decode()
    assert 'data-testid="verify-signed-ok"' in ok and decision.number in ok
    assert "准予行政许可" in ok
    assert 'data-testid="verify-signed-differs"' not in ok
    bad = client.get(reverse("verify_public_key"), {"s": _tamper(token)}).content.decode()
    assert 'data-testid="verify-signed-bad"' in bad and "签名无效" in bad


@pytest.mark.parametrize(
    "token", ["\x00\x01", "1." + "A" * 30_000 + ".x", "٣.a.b", "中文", "1.a.b\u202e", "%ff"]
)
def test_the_key_page_answers_hostile_tokens_with_a_message(client, token):
    _assert_refused_plainly(client.get(reverse("verify_public_key"), {"s": token}))


def _assert_refused_plainly(response):
    """A control character in the query is refused by the site for every page (400, core's
    middleware); anything else reaches the page, which says the signature is not good."""
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert 'data-testid="verify-signed-bad"' in response.content.decode()


# --- the API -------------------------------------------------------------------------------------


def test_the_api_gives_the_key_to_any_caller(client, api, clerk):
    for caller in (client, api.as_user(clerk)):
        response = caller.get("/api/v1/verification/public-key/")
        assert response.status_code == 200
        body = response.json()
        assert body["algorithm"] == "Ed25519"
        assert body["public_key"] == signing.public_key_base64()
        assert body["pem"] == signing.public_key_pem()
        assert body["fingerprint"] == signing.fingerprint()
        assert base64.b64decode(body["public_key"]) == signing.public_key_raw()


def test_the_api_refuses_writes_with_405_and_a_code(client):
    response = client.post("/api/v1/verification/public-key/", {})
    assert response.status_code == 405
    assert "code" in response.json()


def test_the_key_endpoint_is_in_the_openapi_schema(client, settings):
    schema = client.get("/api/schema/?format=json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    operation = paths["/api/v1/verification/public-key/"]["get"]
    ok = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok["$ref"].endswith("DocumentSigningPublicKey")
    component = schema.json()["components"]["schemas"]["DocumentSigningPublicKey"]
    assert {"algorithm", "public_key", "pem", "fingerprint"} <= set(component["properties"])


# --- /verify/ with the signed payload -----------------------------------------------------------


def test_the_verify_page_confirms_a_good_signature(client, permit, decision):
    body = _open(client, signing.qr_text(permit, decision)).content.decode()
    assert 'data-testid="verify-signed-ok"' in body
    assert 'data-testid="verify-signed-differs"' not in body
    assert decision.number in body


def test_the_verify_page_warns_on_a_changed_signature_but_still_shows_the_record(client, permit):
    response = _open(client, _tamper(signing.qr_text(permit)))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="verify-signed-bad"' in body and "签名无效" in body
    assert 'data-testid="verify-status" role="status">有效<' in body


def test_the_verify_page_says_when_the_signed_facts_are_no_longer_the_record(client, permit):
    text = signing.qr_text(permit)
    Permit.objects.filter(pk=permit.pk).update(valid_until="2030-12-31")
    body = _open(client, text).content.decode()
    assert 'data-testid="verify-signed-ok"' in body
    assert 'data-testid="verify-signed-differs"' in body


def test_a_signature_for_another_permit_is_not_accepted_on_this_page(client, permit):
    other = signing.sign_payload(["XK2026999999", "李*四", "20260601", "", "20260601"])
    code = urlsplit(signing.qr_text(permit)).query.split("&")[0]
    response = client.get(f"{reverse('verify', args=[permit.number])}?{code}&s={other}")
    body = response.content.decode()
    assert "证件编号与本页不符" in body
    assert 'data-testid="verify-signed-ok"' not in body


def test_a_forged_check_code_is_still_the_404_whatever_the_signature(client, permit):
    text = signing.qr_text(permit)
    parts = urlsplit(text)
    query = dict(parse_qsl(parts.query)) | {"c": "aaaaaaaaaa"}
    assert client.get(parts.path, query).status_code == 404


def test_a_link_without_the_signature_works_as_before(client, permit):
    body = _open(client, signing.qr_text(permit).split("&s=")[0]).content.decode()
    assert 'data-testid="verify-status" role="status">有效<' in body
    assert 'data-testid="verify-signed' not in body


def test_a_suspended_permit_says_so_plainly(client, permit):
    Permit.objects.filter(pk=permit.pk).update(status=Permit.Status.SUSPENDED)
    body = _open(client, signing.qr_text(permit)).content.decode()
    assert "已暂停" in body and "责令停产停业" in body
    assert 'data-testid="verify-warning"' in body
    assert ">有效<" not in body


@pytest.mark.parametrize(
    "token", ["\x00", "1." + "A" * 50_000, "１.a.b", "%00", "..", "1.\u0000.x"]
)
def test_hostile_signatures_on_the_verify_page_never_give_a_500(client, permit, token):
    parts = urlsplit(signing.qr_text(permit))
    query = dict(parse_qsl(parts.query)) | {"s": token}
    _assert_refused_plainly(client.get(parts.path, query))


# --- the offline command -------------------------------------------------------------------------


def test_the_command_prints_the_fields_of_a_valid_payload(permit, decision, capsys):
    call_command("verify_document_payload", signing.qr_text(permit, decision))
    out = capsys.readouterr().out
    assert "签名有效" in out
    assert f"证件编号:{permit.number}" in out and "持证人:张*三" in out
    assert f"决定文号:{decision.number}" in out and "有效期至:2031-05-31" in out


def test_the_command_takes_the_bare_token_and_a_key_in_base64_or_a_pem_file(
    permit, tmp_path, capsys
):
    token = signing.extract_token(signing.qr_text(permit))
    call_command("verify_document_payload", token, public_key=signing.public_key_base64())
    pem = tmp_path / "oneseal.pem"
    pem.write_text(signing.public_key_pem())
    call_command("verify_document_payload", token, public_key=str(pem), as_json=True)
    assert f'"permit_number": "{permit.number}"' in capsys.readouterr().out


@pytest.mark.parametrize(
    "text, message",
    [
        ("garbage", "格式错误"),
        ("9.abc.def", "版本未知"),
        ("\x00\x1b[31m", "格式错误"),
        ("x" * 100_000, "格式错误"),
    ],
)
def test_the_command_fails_with_a_chinese_message(text, message):
    with pytest.raises(CommandError) as exc:
        call_command("verify_document_payload", text)
    assert message in str(exc.value) and exc.value.returncode == 1


def test_the_command_fails_on_a_changed_byte_and_on_another_key(permit):
    text = signing.qr_text(permit)
    with pytest.raises(CommandError) as exc:
        call_command("verify_document_payload", _tamper(text))
    assert "签名无效" in str(exc.value) and exc.value.returncode == 1
    other = base64.b64encode(
        Ed25519PrivateKey.generate().public_key().public_bytes(*_raw_formats())
    ).decode()
    with pytest.raises(CommandError) as exc:
        call_command("verify_document_payload", text, public_key=other)
    assert exc.value.returncode == 1


def _raw_formats():
    from cryptography.hazmat.primitives import serialization

    return serialization.Encoding.Raw, serialization.PublicFormat.Raw


@pytest.mark.parametrize("key", ["not-a-key", "QUJD", "-----BEGIN PUBLIC KEY-----\nxx\n", "\x00"])
def test_a_bad_public_key_is_exit_2_with_a_message(permit, key):
    with pytest.raises(CommandError) as exc:
        call_command("verify_document_payload", signing.qr_text(permit), public_key=key)
    assert exc.value.returncode == 2 and "公钥" in str(exc.value)


def _run(*args, env_extra=None):
    # An unreachable database: the command must not need one.
    env = os.environ | {"DATABASE_URL": "postgres://nobody:x@127.0.0.1:1/none"} | (env_extra or {})
    return subprocess.run(
        [sys.executable, "manage.py", "verify_document_payload", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_command_runs_with_no_database_and_exits_0_1_2(permit, settings):
    # Sign with an explicit key the subprocess also gets, so both sides agree whatever the env.
    seed = base64.b64encode(b"\x11" * 32).decode()
    settings.DOCUMENT_SIGNING_KEY = seed
    text = signing.qr_text(permit)
    key = signing.public_key_base64()
    env = {"DOCUMENT_SIGNING_KEY": seed}
    good = _run(text, "--public-key", key, env_extra=env)
    assert good.returncode == 0, good.stderr
    assert permit.number in good.stdout and "签名有效" in good.stdout
    bad = _run(_tamper(text), env_extra=env)
    assert bad.returncode == 1 and "签名无效" in bad.stderr
    wrong_key = _run(text, "--public-key", "AAAA", env_extra=env)
    assert wrong_key.returncode == 2 and "公钥格式错误" in wrong_key.stderr
