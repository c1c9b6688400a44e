"""Who may do each action is one table (approvals.workflow.ROLES): the pages and the API refuse
exactly the roles outside it, and the services check the same."""

import pytest
from django.urls import reverse

from approvals import services
from approvals.workflow import ROLES, Action
from core.errors import NotAllowed
from core.roles import Role

pytestmark = pytest.mark.usefixtures("at_monday", "seal")

USERS = {
    Role.WINDOW_CLERK: "clerk",
    Role.REVIEWER: "reviewer",
    Role.APPROVER: "approver",
    Role.INSPECTOR: "inspector",
}


@pytest.mark.parametrize("action", list(Action), ids=str)
def test_pages_and_api_refuse_exactly_the_roles_outside_the_table(
    action, request, client, api, submitted
):
    app = submitted()
    slug = str(action).replace("_", "-")
    for role, fixture in USERS.items():
        user = request.getfixturevalue(fixture)
        allowed = role in ROLES[action]
        response = api.as_user(user).post(
            f"/api/v1/applications/{app.pk}/{slug}/", {}, format="json"
        )
        assert (response.status_code == 403) is not allowed, (role, response.content)
        client.force_login(user)
        page = client.post(reverse(f"approvals:{slug}", args=[app.pk]), {})
        assert (page.status_code == 403) is not allowed, (role, page.status_code)


def test_the_services_check_the_same_table(submitted, inspector, reviewer, clerk, monkeypatch):
    app = submitted()
    with pytest.raises(NotAllowed):
        services.refuse(application_id=app.pk, clerk=reviewer, reason="x")
    # Widen the table: the service now lets a reviewer refuse.
    monkeypatch.setitem(ROLES, Action.REFUSE, (Role.WINDOW_CLERK, Role.REVIEWER))
    services.refuse(application_id=app.pk, clerk=reviewer, reason="不属于本机关职权范围")
    app.refresh_from_db()
    assert app.status == "refused"


def test_no_page_or_api_module_writes_an_audit_event_itself():
    """Audit rows come from services (audit.services.reveal_id_number for the ID reveal)."""
    import pathlib

    import approvals

    root = pathlib.Path(approvals.__file__).parent
    modules = [*root.joinpath("views").glob("*.py"), *root.joinpath("api").glob("*.py")]
    assert len(modules) >= 10
    writers = [
        str(path.relative_to(root))
        for path in modules
        if "record_event" in path.read_text() or "AuditEvent" in path.read_text()
    ]
    assert writers == []
