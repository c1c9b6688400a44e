"""进度查询 and the online rating: status and dates only; a wrong pair answers as an unknown
number does; odd input never crashes or matches; rate-limited per IP and per number; the rating
is tied to the looked-up case by a signed, short-lived token."""

import datetime
import re

import pytest
import time_machine
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accountability.models import Rating
from accountability.public import lookup, services
from tests.accountability.public.conftest import ID_LAST4

URL = "/progress/"


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def _look(client, receipt, last4, **extra):
    return client.post(URL, {"receipt_number": receipt, "id_last4": last4}, **extra)


def test_url_name_is_the_contracts_path():
    assert reverse("public:progress") == URL


def test_the_form_is_public_and_never_cached(client, db):
    response = client.get(URL)
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_right_pair_shows_status_and_dates_only(client, delivered):
    app = delivered()
    response = _look(client, app.receipt_number, ID_LAST4)
    body = response.content.decode()
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    assert "已出件" in body and app.due_date.isoformat() in body
    assert app.accepted_at.astimezone(datetime.UTC).date().isoformat()[:4] in body
    for private in ("张小三", "002X", "11010519491231002X", "13800000000", "人民路"):
        assert private not in body


@pytest.mark.parametrize(
    "shape",
    [
        lambda r: (r.lower(), ID_LAST4.lower()),
        lambda r: (_full_width(r), _full_width(ID_LAST4)),
        lambda r: (f"  {r[:6]} {r[6:]} ", f" {ID_LAST4[:2]} {ID_LAST4[2:]} "),
        lambda r: (f"\u200b{r}\u3000", ID_LAST4),
    ],
)
def test_typed_variants_of_the_right_pair_match(client, delivered, shape):
    app = delivered()
    receipt, last4 = shape(app.receipt_number)
    response = _look(client, receipt, last4)
    assert response.status_code == 200 and b"progress-status" in response.content


def _answer(client, receipt, last4):
    with CaptureQueriesContext(connection) as ctx:
        response = _look(client, receipt, last4)
    return response, len(ctx.captured_queries)


def test_a_wrong_pair_answers_exactly_as_an_unknown_number(client, delivered):
    app = delivered()
    unknown = "SL2026999999"
    wrong, wrong_queries = _answer(client, app.receipt_number, "1111")
    missing, missing_queries = _answer(client, unknown, "1111")
    assert wrong.status_code == missing.status_code == 200
    assert wrong_queries == missing_queries
    strip = [app.receipt_number.encode(), unknown.encode()]
    bodies = [r.content for r in (wrong, missing)]
    for token in strip:
        bodies = [b.replace(token, b"N") for b in bodies]
    # Identical but for the echoed number and the CSRF token of the form.
    bodies = [re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", b) for b in bodies]
    assert bodies[0] == bodies[1]
    assert "未查到与该受理编号和证件号码后 4 位相符的办件" in wrong.content.decode()


def test_the_comparison_covers_no_number_as_well(delivered):
    """find() compares in constant time against a filler when there is no such number, and the
    filler never equals a typed fragment."""
    app = delivered()
    assert lookup.find(app.receipt_number, ID_LAST4) == app
    assert lookup.find("SL2026999999", "\x00\x00\x00\x00") is None
    assert lookup.find(app.receipt_number, "002Y") is None


@pytest.mark.parametrize(
    "receipt,last4",
    [
        ("SL٢٠٢٦٠٠٠٠٠١", "٠٠٢X"),  # Arabic-Indic digits: never ASCII after NFKC
        ("SL2026000001", "១២៣៤"),  # Khmer digits
        ("SL2026000001", "12"),
        ("SL2026000001", "ABCD"),
        ("X" * 40, "1234"),
        ("SL2026000001", "𝟏𝟐𝟑𝟒" * 3),
    ],
)
def test_odd_input_is_a_clear_400_and_never_matches(client, delivered, receipt, last4):
    delivered()
    response = _look(client, receipt, last4)
    assert response.status_code == 400
    assert b"progress-status" not in response.content


def test_mathematical_digits_fold_to_ascii_and_match(client, delivered):
    """𝟎𝟎𝟐 are compatibility forms of 002: NFKC folds them, as it folds full-width ones."""
    app = delivered()
    response = _look(client, app.receipt_number, "𝟎𝟎𝟐X")
    assert b"progress-status" in response.content


def test_the_lookup_is_post_only_for_the_id_fragment(client, delivered):
    app = delivered()
    response = client.get(URL, {"receipt_number": app.receipt_number, "id_last4": ID_LAST4})
    assert response.status_code == 200 and b"progress-status" not in response.content


def test_lookups_are_limited_per_client_ip(client, delivered, settings):
    settings.PROGRESS_RATE_LIMIT_PER_MINUTE = 3
    app = delivered()
    for _ in range(3):
        assert _look(client, "SL2026999999", "1234").status_code == 200
    limited = _look(client, app.receipt_number, ID_LAST4)
    assert limited.status_code == 429 and limited["Retry-After"] == "60"
    assert "查询次数过多" in limited.content.decode()
    other = _look(client, app.receipt_number, ID_LAST4, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


def test_lookups_are_limited_per_receipt_number_across_addresses(client, delivered, settings):
    settings.PROGRESS_RATE_LIMIT_PER_NUMBER = 2
    app = delivered()
    for n in range(2):
        assert (
            _look(client, app.receipt_number, "1111", REMOTE_ADDR=f"10.0.1.{n}").status_code == 200
        )
    limited = _look(client, app.receipt_number, ID_LAST4, REMOTE_ADDR="10.0.1.99")
    assert limited.status_code == 429
    assert _look(client, "SL2026999998", "1111", REMOTE_ADDR="10.0.1.99").status_code == 200


def test_lookup_needs_csrf(delivered):
    from django.test import Client

    app = delivered()
    strict = Client(enforce_csrf_checks=True)
    assert _look(strict, app.receipt_number, ID_LAST4).status_code == 403


# --- the online rating ---------------------------------------------------------------------------


def _token(client, app) -> str:
    response = _look(client, app.receipt_number, ID_LAST4)
    return response.context["rating_form"].initial["token"]


def test_a_delivered_case_can_be_rated_once_from_the_lookup(client, delivered):
    app = delivered()
    token = _token(client, app)
    done = client.post("/progress/rate/", {"token": token, "level": "2", "comment": "等太久"})
    assert done.status_code == 200 and "感谢您的评价" in done.content.decode()
    rating = Rating.objects.get()
    assert (rating.application, rating.level, rating.channel) == (app, 2, "online")
    assert "回访" in done.content.decode()
    again = client.post("/progress/rate/", {"token": token, "level": "5"})
    assert again.status_code == 409 and "一次一评" in again.content.decode()
    assert Rating.objects.get().level == 2


def test_an_undelivered_case_offers_no_rating(client, approved):
    app = approved()
    response = _look(client, app.receipt_number, ID_LAST4)
    assert "准予许可" in response.content.decode()
    assert response.context["rating_form"] is None


def test_a_forged_or_tampered_token_rates_nothing(client, delivered):
    app = delivered()
    token = _token(client, app)
    forged = signing.dumps({"a": app.pk}, salt="another salt")
    for bad in (token[:-2] + "xx", forged, "", "١", "x" * 500, str(app.pk)):
        response = client.post("/progress/rate/", {"token": bad, "level": "5"})
        assert response.status_code == 400, bad
    assert not Rating.objects.exists()


def test_a_token_expires_after_fifteen_minutes(client, delivered):
    app = delivered()
    token = _token(client, app)
    with time_machine.travel(datetime.timedelta(minutes=16)):
        response = client.post("/progress/rate/", {"token": token, "level": "5"})
    assert response.status_code == 400 and "已过期" in response.content.decode()


def test_rating_without_a_level_shows_the_form_again(client, delivered):
    app = delivered()
    response = client.post("/progress/rate/", {"token": _token(client, app), "level": "٣"})
    assert response.status_code == 400 and "请选择评价等级" in response.content.decode()


def test_the_rate_url_is_post_only(client, db):
    assert client.get("/progress/rate/").status_code == 405


def test_the_rater_sees_the_followup_outcome_after_a_lookup(client, delivered, inspector):
    app = delivered()
    rating = services.rate(application_id=app.pk, level=1, channel="online")
    first = _look(client, app.receipt_number, ID_LAST4).content.decode()
    assert "待回访" in first and "非常不满意" in first
    services.record_followup_contact(
        followup_id=rating.followup.pk, inspector=inspector, result="已回访"
    )
    services.close_followup(
        followup_id=rating.followup.pk, inspector=inspector, outcome="已整改到位"
    )
    later = _look(client, app.receipt_number, ID_LAST4).content.decode()
    assert "已整改到位" in later and "已办结" in later


def test_the_receipt_tells_the_applicant_where_to_look_the_case_up(approved, settings):
    from approvals import documents

    settings.SITE_URL = "https://zwfw.example.gov.cn"
    html = documents.render_html(documents.context_for(approved(), documents.RECEIPT))
    assert "https://zwfw.example.gov.cn/progress/" in html
    assert reverse("public:progress") == "/progress/"  # the path the receipt prints
    assert "证件号码后 4 位" in html
