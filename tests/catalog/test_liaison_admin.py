"""The admin's liaison page: who liaises for which department, assigned and taken off through
catalog.services (audited); guardian's raw object-permission admin is gone."""

import pytest
from django.urls import NoReverseMatch, reverse

from audit.services import events_for
from catalog import selectors
from catalog.models import Department
from core.roles import Role
from tests.queries import exact_queries

pytestmark = pytest.mark.django_db

URL = "/admin/catalog/department/liaisons/"


@pytest.fixture
def admin_client(client, catalog_admin):
    client.force_login(catalog_admin)
    return client


def _fresh(user):
    return type(user).objects.get(pk=user.pk)  # guardian caches permissions per user object


def test_the_page_lists_each_department_with_its_liaisons(
    admin_client, liaison, department, other_department
):
    assert reverse("admin:catalog_department_liaisons") == URL
    response = admin_client.get(URL)

    assert response.status_code == 200
    register = dict(response.context["register"])
    assert register[department] == [liaison]
    assert register[other_department] == []
    page = response.content.decode()
    assert "联络员指派" in page and "指派联络员" in page and "liaison_market" in page


def test_an_admin_assigns_a_liaison_who_then_sees_the_department(
    admin_client, catalog_admin, make_user, other_department
):
    user = make_user("new_liaison")

    response = admin_client.post(
        URL, {"action": "assign", "user": user.pk, "department": other_department.pk}
    )

    assert response.status_code == 302 and response.url == URL
    event = events_for(user).get()
    assert (event.action, event.actor, event.after) == ("assign_liaison", catalog_admin, "health")
    user = _fresh(user)
    assert list(selectors.liaison_departments(user)) == [other_department]
    assert user.groups.filter(name=Role.LIAISON).exists()
    assert list(selectors.liaisons_of([other_department.pk])) == [user]


def test_assigning_to_a_new_department_moves_the_liaison(
    admin_client, liaison, department, other_department
):
    admin_client.post(
        URL, {"action": "assign", "user": liaison.pk, "department": other_department.pk}
    )

    assert list(selectors.liaison_departments(_fresh(liaison))) == [other_department]
    event = events_for(liaison).last()
    assert (event.action, event.before, event.after) == ("assign_liaison", "market", "health")


def test_an_admin_takes_a_liaison_off_and_it_is_audited(
    admin_client, catalog_admin, liaison, department
):
    response = admin_client.post(
        URL, {"action": "remove", "user": liaison.pk, "department": department.pk}
    )

    assert response.status_code == 302
    assert list(selectors.liaison_departments(_fresh(liaison))) == []
    assert list(selectors.liaisons_of([department.pk])) == []
    event = events_for(liaison).last()
    assert (event.action, event.actor, event.before) == ("remove_liaison", catalog_admin, "market")


def test_opening_the_page_writes_nothing(admin_client, liaison):
    before = events_for(liaison).count()
    assert admin_client.get(URL).status_code == 200
    assert events_for(liaison).count() == before


def test_an_incomplete_assignment_shows_the_form_error(admin_client, department):
    response = admin_client.post(URL, {"action": "assign", "department": department.pk})
    assert response.status_code == 200
    assert "user" in response.context["form"].errors


def test_staff_without_the_catalog_admin_role_get_403(client, make_user, department):
    staff = make_user("staff_only", is_staff=True)
    client.force_login(staff)
    assert client.get(URL).status_code == 403
    posted = client.post(URL, {"action": "assign", "user": staff.pk, "department": department.pk})
    assert posted.status_code == 403
    assert list(selectors.liaison_departments(_fresh(staff))) == []


def test_guardians_object_permission_pages_are_gone(admin_client, department):
    with pytest.raises(NoReverseMatch):
        reverse("admin:catalog_department_permissions", args=[department.pk])
    with pytest.raises(NoReverseMatch):
        reverse("admin:catalog_department_permissions_manage_user", args=[department.pk, 1])
    old_page = f"/admin/catalog/department/{department.pk}/permissions/"
    response = admin_client.get(old_page, follow=True)
    assert b"user_permissions" not in response.content  # no guardian form on whatever answers
    assert "guardian" not in " ".join(t.name or "" for t in response.templates)
    assert Department.objects.get(pk=department.pk)


def test_the_page_takes_the_same_exact_queries_for_2_or_12_departments(
    admin_client, make_user, department, other_department
):
    make_user("l_market", Role.LIAISON, department=department)

    def get():
        # the liaison rows in one query and the departments in one, however many
        with exact_queries(11):
            assert admin_client.get(URL).status_code == 200

    get()
    for n in range(10):
        extra = Department.objects.create(code=f"d{n}", name=f"县第{n}局")
        make_user(f"l_{n}", Role.LIAISON, department=extra)
    get()
