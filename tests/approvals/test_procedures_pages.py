"""The procedures' pages: the permit page (status, decisions, procedures, the start form), the
queues, the procedure page and its action forms, the application page's section; roles,
bad input (a Chinese message, never a 500) and exact query counts."""

import pytest
from django.urls import reverse

from approvals import services
from approvals.models import Permit, PermitProcedure
from core.roles import Role
from tests.queries import exact_queries

pytestmark = pytest.mark.usefixtures("at_monday", "seal")
P = PermitProcedure.Status


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def permit(reviewed, approver):
    app = reviewed()
    services.decide(application_id=app.pk, approver=approver, approve=True)
    return Permit.objects.get(application=app)


def _messages(response):
    return [str(m) for m in response.context["messages"]]


def _start(permit, actor, kind="revoke", source="ex_officio", reason="以欺骗手段取得许可", **kw):
    return services.start_procedure(
        permit_number=permit.number, kind=kind, actor=actor, source=source, reason=reason, **kw
    )


def permit_url(permit):
    return reverse("approvals:permit_detail", args=[permit.number])


def proc_url(procedure, action=""):
    if action:
        return reverse(f"approvals:procedure_{action}", args=[procedure.pk])
    return reverse("approvals:procedure_detail", args=[procedure.pk])


# --- the permit page ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.WINDOW_CLERK, Role.REVIEWER, Role.APPROVER, Role.INSPECTOR])
def test_bureau_roles_and_inspectors_read_the_permit_page(client, make_user, permit, role):
    client.force_login(make_user(f"u_{role}", role))
    response = client.get(permit_url(permit))
    assert response.status_code == 200
    body = response.content.decode()
    assert permit.number in body and "示审批〔2026〕1号" in body
    # only the roles that start procedures see the form
    assert ('data-testid="start-form"' in body) == (role != Role.INSPECTOR)


@pytest.mark.parametrize("role", [Role.LIAISON, Role.CATALOG_ADMIN])
def test_other_roles_get_403(client, make_user, department, permit, role):
    client.force_login(
        make_user(f"u_{role}", role, department=department if role == Role.LIAISON else None)
    )
    assert client.get(permit_url(permit)).status_code == 403


def test_an_unknown_or_odd_permit_number_is_404(client, inspector):
    client.force_login(inspector)
    for number in ("XK2026999999", "X" * 40, "不存在"):
        assert client.get(f"/approvals/permits/{number}/").status_code == 404


def test_the_permit_page_makes_an_exact_number_of_queries(client, inspector, permit, approver):
    _start(permit, approver)
    _start(permit, approver, kind="suspend", reason="责令停产停业")
    client.force_login(inspector)
    client.get(permit_url(permit))
    # session, user, groups, permit, its chain, decisions, procedures (all joined), the
    # navigation's unread notifications
    with exact_queries(PERMIT_PAGE_QUERIES):
        assert client.get(permit_url(permit)).status_code == 200


PERMIT_PAGE_QUERIES = 8


def test_a_suspended_permit_says_so(client, inspector, permit):
    Permit.objects.filter(pk=permit.pk).update(status="suspended")
    client.force_login(inspector)
    body = client.get(permit_url(permit)).content.decode()
    assert 'data-status="suspended"' in body and "责令停产停业" in body


# --- starting from the page ----------------------------------------------------------------------


def test_a_clerk_starts_a_change_at_the_window(client, clerk, permit):
    client.force_login(clerk)
    response = client.post(
        reverse("approvals:procedure_start", args=[permit.number]),
        {"kind": "change", "source": "window", "reason": "经营场所变更", "content": "新街 1 号"},
    )
    procedure = PermitProcedure.objects.get()
    assert response.status_code == 302 and response.url == proc_url(procedure)
    assert procedure.kind == "change" and procedure.started_by == clerk


def test_the_clerk_cannot_choose_ex_officio(client, clerk, permit):
    client.force_login(clerk)
    response = client.post(
        reverse("approvals:procedure_start", args=[permit.number]),
        {"kind": "revoke", "source": "ex_officio", "reason": "x"},
    )
    assert response.status_code == 400
    assert not PermitProcedure.objects.exists()


def test_a_domain_refusal_is_a_chinese_message_next_to_the_field(client, clerk, permit):
    client.force_login(clerk)
    response = client.post(
        reverse("approvals:procedure_start", args=[permit.number]),
        {"kind": "revoke", "source": "window", "reason": "x"},
    )
    assert response.status_code == 400
    assert any("不能发起" in m for m in _messages(response))
    assert 'data-testid="error-kind"' in response.content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "change", "source": "window", "reason": ""},
        {"kind": "change", "source": "window", "reason": "\u200b"},
        {"kind": "change", "source": "window", "reason": "x", "valid_until": "0001-01-01"},
        {"kind": "change", "source": "window", "reason": "x", "valid_until": "２０３０-０１-０１"},
        {"kind": "change", "source": "window", "reason": "x" * 2001},
        {"kind": "change", "source": "window", "reason": "x", "holder_name": "\u200b"},
        {"kind": "bogus", "source": "window", "reason": "x"},
    ],
)
def test_bad_input_on_the_start_form_is_400(client, clerk, permit, data):
    client.force_login(clerk)
    response = client.post(reverse("approvals:procedure_start", args=[permit.number]), data)
    assert response.status_code == 400
    assert not PermitProcedure.objects.exists()


def test_an_open_procedure_of_the_kind_is_409_on_the_page(client, clerk, permit):
    client.force_login(clerk)
    url = reverse("approvals:procedure_start", args=[permit.number])
    data = {"kind": "cancel", "source": "window", "reason": "申请注销"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # a double submit: the first one
    response = client.post(url, {**data, "reason": "另一个"})
    assert response.status_code == 409
    assert PermitProcedure.objects.count() == 1


def test_starting_is_post_only_and_for_starters(client, inspector, permit):
    client.force_login(inspector)
    url = reverse("approvals:procedure_start", args=[permit.number])
    assert client.post(url, {}).status_code == 403


# --- the procedure page and its actions --------------------------------------------------------


def test_the_path_through_the_pages(client, clerk, reviewer, approver, permit):
    procedure = _start(permit, approver)
    client.force_login(reviewer)
    body = client.get(proc_url(procedure)).content.decode()
    assert 'data-testid="do-review"' in body and 'data-testid="do-decide"' not in body
    response = client.post(
        proc_url(procedure, "review"), {"recommendation": "approve", "opinion": "属实"}
    )
    assert response.status_code == 302
    client.force_login(approver)
    body = client.get(proc_url(procedure)).content.decode()
    assert 'data-testid="do-decide"' in body and 'data-testid="do-send-back"' in body
    response = client.post(proc_url(procedure, "decide"), {"decision": "approve"})
    assert response.status_code == 302
    procedure.refresh_from_db()
    assert procedure.status == P.DECIDED
    client.force_login(clerk)
    body = client.get(proc_url(procedure)).content.decode()
    assert procedure.decision.number in body and 'data-testid="do-deliver"' in body
    response = client.post(proc_url(procedure, "deliver"), {"collected_by": "王小明"})
    assert response.status_code == 302
    procedure.refresh_from_db()
    assert procedure.status == P.DELIVERED


def test_the_reviewer_sees_no_decide_form_and_a_post_is_403(client, make_user, approver, permit):
    both = make_user("both", Role.REVIEWER, Role.APPROVER)
    procedure = _start(permit, approver)
    services.review_procedure(
        procedure_id=procedure.pk, reviewer=both, opinion="x", recommendation="approve"
    )
    client.force_login(both)
    body = client.get(proc_url(procedure)).content.decode()
    assert 'data-testid="same-person"' in body and 'data-testid="do-decide"' not in body
    response = client.post(proc_url(procedure, "decide"), {"decision": "approve"})
    assert response.status_code == 403
    assert any("一审一核" in m for m in _messages(response))


def test_an_action_of_another_role_is_403(client, clerk, approver, permit):
    procedure = _start(permit, approver)
    client.force_login(clerk)
    response = client.post(proc_url(procedure, "review"), {"recommendation": "approve"})
    assert response.status_code == 403


def test_a_wrong_state_is_409_with_a_message(client, approver, permit):
    procedure = _start(permit, approver)
    client.force_login(approver)
    response = client.post(proc_url(procedure, "decide"), {"decision": "approve"})
    assert response.status_code == 409
    assert _messages(response)


def test_bad_action_input_is_400(client, reviewer, approver, permit):
    procedure = _start(permit, approver)
    client.force_login(reviewer)
    for data in ({"recommendation": "maybe", "opinion": "x"}, {"recommendation": "approve"}):
        assert client.post(proc_url(procedure, "review"), data).status_code == 400
    procedure.refresh_from_db()
    assert procedure.status == P.STARTED


def test_an_unknown_procedure_is_404(client, inspector):
    client.force_login(inspector)
    assert client.get("/approvals/procedures/999999/").status_code == 404
    assert client.get("/approvals/procedures/" + "9" * 30 + "/").status_code == 404


# --- the queues ----------------------------------------------------------------------------------


def test_the_queues_show_what_each_role_does_next(client, reviewer, approver, permit):
    started = _start(permit, approver)
    reviewed = _start(permit, approver, kind="suspend", reason="责令停产停业")
    services.review_procedure(
        procedure_id=reviewed.pk, reviewer=reviewer, opinion="x", recommendation="approve"
    )
    client.force_login(reviewer)
    body = client.get(reverse("approvals:procedure_list")).content.decode()
    assert f"#{started.pk}<" in body and f"#{reviewed.pk}<" not in body
    client.force_login(approver)
    body = client.get(reverse("approvals:procedure_list")).content.decode()
    assert f"#{reviewed.pk}<" in body and f"#{started.pk}<" not in body
    body = client.get(reverse("approvals:procedure_list"), {"queue": "all"}).content.decode()
    assert f"#{reviewed.pk}<" in body and f"#{started.pk}<" in body


def test_a_junk_queue_filter_is_400(client, inspector):
    client.force_login(inspector)
    assert client.get(reverse("approvals:procedure_list"), {"queue": "x"}).status_code == 400
    assert client.get(reverse("approvals:procedure_list"), {"kind": "approve"}).status_code == 400


def test_the_queue_makes_the_same_number_of_queries_as_rows_grow(
    client, inspector, approver, reviewed
):
    client.force_login(inspector)
    url = reverse("approvals:procedure_list") + "?queue=all"

    def add(n):
        for _ in range(n):
            app = reviewed()
            services.decide(application_id=app.pk, approver=approver, approve=True)
            permit = Permit.objects.get(application=app)
            _start(permit, approver)

    add(1)
    client.get(url)
    with exact_queries(LIST_QUERIES):
        assert client.get(url).status_code == 200
    add(3)
    with exact_queries(LIST_QUERIES):
        assert client.get(url).status_code == 200


LIST_QUERIES = 6  # session, user, groups, count, unread notifications, the page (joined)


# --- the application page's section ------------------------------------------------------------


def test_the_application_page_lists_later_decisions_and_procedures(
    client, reviewer, approver, permit
):
    procedure = _start(permit, approver, kind="suspend", reason="责令停产停业")
    services.review_procedure(
        procedure_id=procedure.pk, reviewer=reviewer, opinion="x", recommendation="approve"
    )
    services.decide_procedure(procedure_id=procedure.pk, approver=approver, approve=True)
    _start(permit, approver, kind="reinstate", reason="整改完毕")
    client.force_login(approver)
    body = client.get(reverse("approvals:detail", args=[permit.application_id])).content.decode()
    assert 'data-testid="later-decision-suspend"' in body
    assert "示审批〔2026〕2号" in body
    assert body.count('data-testid="procedure-row"') == 2


# --- 审批内容 on the decide form ----------------------------------------------------------------


def test_the_decide_form_takes_the_approved_content(client, approver, reviewed):
    app = reviewed()
    client.force_login(approver)
    response = client.post(
        reverse("approvals:decide", args=[app.pk]),
        {"decision": "approve", "content": "核准:超市(不含生鲜)"},
    )
    assert response.status_code == 302
    assert app.decisions.get().content == "核准:超市(不含生鲜)"


def test_an_empty_content_on_the_form_keeps_the_applications(client, approver, reviewed):
    app = reviewed()
    client.force_login(approver)
    client.post(reverse("approvals:decide", args=[app.pk]), {"decision": "approve", "content": ""})
    assert app.decisions.get().content == "申请开办超市"


def test_a_permit_number_with_control_or_invisible_characters_is_refused(client, inspector):
    client.force_login(inspector)
    for number in ("XK%00", "XK%0A1", "%E2%80%8B"):
        assert client.get(f"/approvals/permits/{number}/").status_code in (400, 404)
