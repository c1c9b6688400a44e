"""Public verification of a permit: status in plain words, one 404 for unknown and forged
links, rate limit per client IP."""

import datetime
import subprocess
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.cache import cache
from django.urls import reverse

from approvals import services, signing, verification
from approvals.models import Applicant, Permit
from tests.approvals.conftest import MONDAY

pytestmark = pytest.mark.usefixtures("at_monday", "seal")


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def permit(reviewed, approver):
    app = reviewed()
    decision = services.decide(application_id=app.pk, approver=approver, approve=True)
    return decision.permit


def _url(number, code=None):
    url = reverse("verify", args=[number])
    return url if code is None else f"{url}?c={code}"


def _get(client, number, code=None, **extra):
    return client.get(_url(number, code), **extra)


def test_a_valid_permit_shows_its_facts_with_the_holder_masked(client, permit):
    response = _get(client, permit.number, verification.check_code(permit.number))
    body = response.content.decode()
    assert response.status_code == 200
    assert permit.number in body and permit.item_version.name in body
    assert "张*三" in body and "张小三" not in body
    assert "2026年6月1日" in body and "2031年5月31日" in body
    assert 'data-testid="verify-status" role="status">有效<' in body
    assert response["Cache-Control"].startswith("max-age=0")


def _decode_qr_codes_of_pdf(pdf: bytes, tmp_path) -> list[str]:
    """Render every page of the PDF (poppler's pdftoppm) and read its QR codes with zbar. Both
    are installed by `make test` (pyzbar in the dev extra, scripts/install-system-deps.sh):
    missing, the test fails rather than skips."""
    from PIL import Image
    from pyzbar import pyzbar

    source = tmp_path / "decision.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "200", "-png", str(source), str(tmp_path / "page")], check=True
    )
    found = []
    for page in sorted(tmp_path.glob("page*.png")):
        with Image.open(page) as image:
            found += [code.data.decode() for code in pyzbar.decode(image)]
    return found


def test_the_qr_link_of_the_permit_opens_the_page(client, permit, reviewer, tmp_path):
    """Read the QR printed on the decision (准予行政许可决定书) and open what it says."""
    client.force_login(reviewer)
    app = permit.application
    pdf = client.get(reverse("approvals:document_pdf", args=[app.pk, "decision"]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    links = _decode_qr_codes_of_pdf(pdf.content, tmp_path)
    assert len(links) == 1
    # The online link as before, plus the signed payload (approvals.signing) that verifies
    # offline with the published key and names this decision.
    assert links[0].startswith(verification.verify_url(permit.number) + "&s=")
    payload = signing.verify_payload(links[0], signing.load_public_key(signing.public_key_pem()))
    assert payload.permit_number == permit.number
    assert payload.decision_number == app.decisions.get().number
    parts = urlsplit(links[0])
    client.logout()
    page = client.get(parts.path, dict(parse_qsl(parts.query)))
    assert page.status_code == 200
    assert permit.number in page.content.decode()
    assert 'data-testid="verify-status" role="status">有效<' in page.content.decode()
    assert 'data-testid="verify-signed-ok"' in page.content.decode()


def test_an_organisation_holder_is_shown_in_full(client, permit):
    Applicant.objects.filter(pk=permit.holder_id).update(kind="organization")
    Permit.objects.filter(pk=permit.pk).update(holder_name="示例县好味食品有限公司")
    body = _get(client, permit.number, verification.check_code(permit.number)).content.decode()
    assert "示例县好味食品有限公司" in body


def test_a_revoked_permit_says_so_plainly(client, permit, approver):
    services.act_on_permit(
        permit_number=permit.number, approver=approver, kind="revoke", reason="以欺骗手段取得许可"
    )
    body = _get(client, permit.number, verification.check_code(permit.number)).content.decode()
    assert "已撤销" in body and "不再有效" in body and "该证件当前不是有效状态" in body
    assert ">有效<" not in body


def test_an_expired_permit_says_so(client, permit):
    Permit.objects.filter(pk=permit.pk).update(status=Permit.Status.EXPIRED)
    body = _get(client, permit.number, verification.check_code(permit.number)).content.decode()
    assert "已过期" in body and "该证件当前不是有效状态" in body


def test_a_permit_past_its_date_shows_expired_before_the_nightly_job_runs(client, permit):
    Permit.objects.filter(pk=permit.pk).update(valid_until=datetime.date(2026, 5, 31))
    assert Permit.objects.get(pk=permit.pk).status == Permit.Status.VALID
    body = _get(client, permit.number, verification.check_code(permit.number)).content.decode()
    assert "已过期" in body and ">有效<" not in body


def test_an_unknown_number_and_a_wrong_code_give_the_same_404(client, permit):
    unknown = _get(client, "XK2026999999", verification.check_code("XK2026999999"))
    wrong = _get(client, permit.number, "aaaaaaaaaa")
    missing = _get(client, permit.number)
    assert unknown.status_code == wrong.status_code == missing.status_code == 404
    assert unknown.content == wrong.content == missing.content
    assert permit.number not in wrong.content.decode()
    assert "未查到该证件" in wrong.content.decode()


def test_a_wrong_code_is_refused_without_touching_the_database(
    client, permit, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = _get(client, permit.number, "aaaaaaaaaa")
    assert response.status_code == 404


def test_the_check_code_is_not_case_sensitive(client, permit):
    code = verification.check_code(permit.number).upper()
    assert _get(client, permit.number, code).status_code == 200


def test_verification_is_rate_limited_per_client_ip(client, permit, settings):
    settings.VERIFY_RATE_LIMIT_PER_MINUTE = 5
    code = verification.check_code(permit.number)
    for _ in range(5):
        assert _get(client, permit.number, code).status_code == 200
    limited = _get(client, permit.number, code)
    assert limited.status_code == 429
    assert limited["Retry-After"] == "60"
    assert "查验过于频繁" in limited.content.decode()
    # Another client is not affected; forged links count too.
    assert _get(client, permit.number, code, REMOTE_ADDR="10.0.0.9").status_code == 200
    assert _get(client, "XK0", "x").status_code == 429


def test_the_rate_limit_window_resets_after_a_minute(client, permit, settings, at_monday):
    settings.VERIFY_RATE_LIMIT_PER_MINUTE = 2
    code = verification.check_code(permit.number)
    for _ in range(2):
        _get(client, permit.number, code)
    assert _get(client, permit.number, code).status_code == 429
    at_monday.move_to(MONDAY + datetime.timedelta(minutes=1, seconds=5))
    assert _get(client, permit.number, code).status_code == 200


def test_the_default_limit_is_30_a_minute(client, permit):
    code = verification.check_code(permit.number)
    statuses = [_get(client, permit.number, code).status_code for _ in range(31)]
    assert statuses[:30] == [200] * 30 and statuses[30] == 429


def test_a_non_ascii_code_is_the_same_404_not_a_server_error(client, permit):
    response = _get(client, permit.number, "中文代码")
    assert response.status_code == 404
    assert response.content == _get(client, permit.number, "aaaaaaaaaa").content


def test_a_non_ascii_number_is_the_same_404(client, permit):
    assert _get(client, "证件", "abc").status_code == 404


# --- Redis down: the page still answers ----------------------------------------------------------


@pytest.fixture
def dead_redis(settings):
    working = settings.CACHES
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    yield
    settings.CACHES = working  # before the autouse fixture clears the cache


def test_with_redis_down_the_verify_page_answers_not_500(client, permit, dead_redis):
    good = _get(client, permit.number, verification.check_code(permit.number))
    assert good.status_code == 200
    assert permit.number in good.content.decode()
    assert _get(client, permit.number, "forged").status_code == 404
    assert _get(client, "XK2099999999", "x").status_code == 404
