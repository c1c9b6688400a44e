"""Role groups and department rights for liaisons."""

import pytest
from django.contrib.auth.models import Group

from audit.services import events_for
from catalog.selectors import liaison_department, liaison_departments
from catalog.services import assign_liaison
from core.errors import NotAllowed
from core.roles import Role, require_role

pytestmark = pytest.mark.django_db


def test_every_role_is_a_group():
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)


def test_catalog_admin_group_may_change_departments(catalog_admin):
    assert catalog_admin.has_perm("catalog.change_department")


def test_inspector_may_view_but_not_change(inspector):
    assert inspector.has_perm("catalog.view_department")
    assert not inspector.has_perm("catalog.change_department")


def test_liaison_acts_for_exactly_one_department(liaison, department, other_department):
    assert list(liaison_departments(liaison)) == [department]
    assign_liaison(user=liaison, department=other_department)
    assert list(liaison_departments(liaison)) == [other_department]
    fresh = type(liaison).objects.get(pk=liaison.pk)  # guardian caches perms per user object
    assert fresh.has_perm("catalog.liaise_for_department", other_department)
    assert not fresh.has_perm("catalog.liaise_for_department", department)
    assert liaison_department(liaison) == other_department


def test_assigning_a_liaison_is_audited(liaison, department):
    events = list(events_for(liaison))
    assert [e.action for e in events] == ["assign_liaison"]
    assert events[0].after == department.code


def test_require_role_refuses_other_roles(clerk):
    require_role(clerk, Role.WINDOW_CLERK)
    with pytest.raises(NotAllowed):
        require_role(clerk, Role.APPROVER)


def test_no_group_holds_the_liaison_permission_globally(db):
    """A liaison's department is an object permission per department, never a group grant."""
    from django.contrib.auth.models import Group

    for group in Group.objects.all():
        assert not group.permissions.filter(codename="liaise_for_department").exists(), group
