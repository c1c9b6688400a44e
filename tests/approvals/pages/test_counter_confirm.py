"""The case page asks before the irreversible buttons (data-confirm, handled in oneseal.js) and
on no others; the frequent ones carry their keyboard shortcut."""

import re

import pytest

from approvals import services
from tests.approvals.pages.helpers import detail_url, logged_in

pytestmark = pytest.mark.usefixtures("at_monday", "seal")
DANGEROUS = {"do-refuse", "do-decide", "do-withdraw", "do-terminate"}
BUTTON = re.compile(r"<button\b[^>]*>", re.S)


def buttons(response) -> dict[str, str]:
    """data-testid → the button's opening tag."""
    found = {}
    for tag in BUTTON.findall(response.content.decode()):
        testid = re.search(r'data-testid="([^"]+)"', tag)
        if testid:
            found[testid.group(1)] = tag
    return found


def confirmed(response) -> set[str]:
    return {testid for testid, tag in buttons(response).items() if "data-confirm=" in tag}


def test_a_submitted_case_asks_before_refusal_only_among_intake_buttons(client, clerk, submitted):
    app = submitted()
    response = logged_in(client, clerk).get(detail_url(app))
    shown = buttons(response)
    assert {"do-accept", "do-refuse", "do-request-correction"} <= set(shown)
    assert confirmed(response) == DANGEROUS & set(shown)
    assert "do-refuse" in confirmed(response)
    assert 'data-confirm="确定作出不予受理决定' in shown["do-refuse"]


def test_accept_carries_alt_a_and_its_hint(client, clerk, submitted):
    response = logged_in(client, clerk).get(detail_url(submitted()))
    tag = buttons(response)["do-accept"]
    assert 'data-shortcut="a"' in tag and 'aria-keyshortcuts="Alt+A"' in tag
    assert '<kbd aria-hidden="true" data-alt>Alt+A</kbd>' in response.content.decode()


def test_a_reviewed_case_asks_before_the_decision_not_before_send_back(client, approver, reviewed):
    app = reviewed()
    response = logged_in(client, approver).get(detail_url(app))
    shown = buttons(response)
    assert "do-decide" in shown
    assert "do-decide" in confirmed(response)
    assert "do-send-back" not in confirmed(response)
    assert confirmed(response) == DANGEROUS & set(shown)
    assert "行政审批专用章" in shown["do-decide"]


def test_withdraw_and_terminate_ask_too(client, make_user, accepted):
    from core.roles import Role

    lead = make_user("lead", Role.WINDOW_CLERK, Role.APPROVER, Role.REVIEWER)
    app = accepted()
    response = logged_in(client, lead).get(detail_url(app))
    shown = buttons(response)
    for testid in ("do-withdraw", "do-terminate"):
        if testid in shown:
            assert testid in confirmed(response)
    assert confirmed(response) == DANGEROUS & set(shown)
    assert confirmed(response), "no dangerous button shown to the lead"


def test_the_accepted_case_offers_its_receipt_to_print_with_alt_p(client, clerk, accepted):
    app = accepted()
    body = logged_in(client, clerk).get(detail_url(app)).content.decode()
    link = re.search(r'<a [^>]*data-testid="print-latest"[^>]*>', body).group(0)
    assert 'data-shortcut="p"' in link
    assert "打印受理通知书" in body
    # the timeline folds; the archive stays open
    assert re.search(r'<details class="card fold" data-fold="timeline">', body)
    assert re.search(r'<details class="fold-part" data-fold="documents" open>', body)


def test_services_unchanged_by_the_page(submitted):
    # The page only marks buttons: the service still refuses a refusal without a reason.
    from core.errors import DomainError

    app = submitted()
    with pytest.raises(DomainError):
        services.refuse(application_id=app.pk, clerk=app.submitted_by, reason="")
