"""A NUL in a permit number: the middleware answers 400 before any view (path, query, form and
JSON), and the one lookup, `permit_by_number`, answers "no such permit" by itself too — for a
caller that got its text elsewhere (a task, a command). PostgreSQL refuses NUL in a query where
SQLite does not, so this runs in both passes."""

import pytest

from approvals import selectors
from core.errors import NotFound
from core.roles import Role

pytestmark = pytest.mark.usefixtures("at_monday", "seal")


@pytest.mark.django_db
@pytest.mark.parametrize("number", ["\x00", "示审\x00证"])
def test_the_lookup_answers_not_found(number):
    with pytest.raises(NotFound):
        selectors.permit_by_number(number)


@pytest.mark.parametrize("number", ["%00", "X%00Y"])
def test_the_public_verify_page_refuses_it(client, number):
    assert client.get(f"/verify/{number}/").status_code == 400


def test_the_permit_api_refuses_it(api, make_user):
    inspector = make_user("inspector_nul", Role.INSPECTOR)
    response = api.as_user(inspector).get("/api/v1/permits/X%00Y/")
    assert response.status_code == 400
