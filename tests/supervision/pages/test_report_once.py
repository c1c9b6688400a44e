"""The report form is submitted once: it carries a one-time key (a hidden field signed for the
user and the form) and the report service writes the key with the report, unique. The same form
sent twice, 50 ms apart or at once, makes one report; the second submit is told so in Chinese.
A missing, forged, expired or someone else's key is refused and the form comes back with a
fresh one."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from supervision import formkeys
from supervision.models import FormSubmission, SupervisionReport
from supervision.services.submissions import REPORT_FORM
from tests.supervision.pages.helpers import at, messages_of
from tests.supervision.pages.test_reports import _report_form, form_key

NEW = reverse("supervision:report_new")


def test_the_form_hands_out_a_key_for_this_user(as_liaison, liaison):
    key = form_key(as_liaison)
    assert formkeys.key_of(key, liaison, REPORT_FORM)
    assert form_key(as_liaison) != key  # a fresh one each time the form is opened


def test_the_same_form_sent_twice_makes_one_report(as_liaison, decision):
    with at(2026, 6, 10, 10):
        data = _report_form(as_liaison, decision.permit.number)
        first = as_liaison.post(NEW, data)
        second = as_liaison.post(NEW, data)
    assert first.status_code == 302 and second.status_code == 302
    assert SupervisionReport.objects.count() == 1
    assert second["Location"] == reverse("supervision:reports")
    assert "该表单已提交过,请勿重复提交。如需再次推送,请重新打开表单。" in messages_of(second)
    assert FormSubmission.objects.count() == 1


def test_two_forms_make_two_reports(as_liaison, decision):
    with at(2026, 6, 10, 10):
        as_liaison.post(NEW, _report_form(as_liaison, decision.permit.number))
        as_liaison.post(NEW, _report_form(as_liaison, decision.permit.number))
    assert SupervisionReport.objects.count() == 2


def test_an_invalid_submit_keeps_the_key_for_the_corrected_one(as_liaison, decision):
    with at(2026, 6, 10, 10):
        data = _report_form(as_liaison, decision.permit.number)
        refused = as_liaison.post(NEW, {**data, "summary": "\u200b"})
        assert refused.status_code == 400 and not FormSubmission.objects.exists()
        assert as_liaison.post(NEW, data).status_code == 302
    assert SupervisionReport.objects.count() == 1


@pytest.mark.parametrize("key", ["", "forged", "missing"])
def test_a_missing_or_forged_key_is_refused_with_a_fresh_one(as_liaison, liaison, decision, key):
    with at(2026, 6, 10, 10):
        data = _report_form(as_liaison, decision.permit.number)
        if key == "missing":
            del data["once"]
        else:
            data["once"] = key
        response = as_liaison.post(NEW, data)
        fresh = response.context["form"]["once"].value()
        assert fresh != data.get("once") and formkeys.key_of(fresh, liaison, REPORT_FORM)
    assert response.status_code == 400
    assert "表单已过期或无效,请核对内容后重新提交。" in response.content.decode()
    assert not SupervisionReport.objects.exists()


def test_another_users_key_is_refused(as_liaison, liaison, make_user, decision):
    from core.roles import Role

    colleague = make_user("liaison_market_2", Role.LIAISON, department=liaison_department(liaison))
    other = Client()
    other.force_login(colleague)
    with at(2026, 6, 10, 10):
        data = _report_form(other, decision.permit.number)
        response = as_liaison.post(NEW, data)
    assert response.status_code == 400 and not SupervisionReport.objects.exists()


def test_an_expired_key_is_refused(as_liaison, decision):
    with at(2026, 6, 10, 10):
        data = _report_form(as_liaison, decision.permit.number)
    with at(2026, 6, 11, 10):  # 24 hours later, past KEY_MAX_AGE
        response = as_liaison.post(NEW, {**data, "decision_date": "2026-06-08"})
    assert response.status_code == 400 and not SupervisionReport.objects.exists()


def liaison_department(user):
    from catalog.selectors import liaison_department as department_of

    return department_of(user)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_form_sent_twice_at_once_makes_one_report(
    calendar_data, clerk, reviewer, approver, department, liaison
):
    decision = approve_permit_now(clerk, reviewer, approver, department)
    client = Client()
    client.force_login(liaison)
    data = _report_form(client, decision.permit.number, decision_date="2026-01-05")
    barrier, results = threading.Barrier(2), []

    def submit():
        browser = Client()
        browser.force_login(liaison)
        barrier.wait()
        try:
            results.append(browser.post(NEW, data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [302, 302]
    assert SupervisionReport.objects.count() == 1
    assert FormSubmission.objects.count() == 1


def approve_permit_now(clerk, reviewer, approver, department):
    from tests.flows import approve_permit

    return approve_permit(
        clerk=clerk, reviewer=reviewer, approver=approver, departments=[department], at=None
    )
