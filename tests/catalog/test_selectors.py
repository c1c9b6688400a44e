"""catalog.selectors.liaisons_of: the one lookup of who liaises for which department."""

import pytest
from guardian.shortcuts import assign_perm

from catalog.selectors import liaisons_of
from catalog.services import LIAISE_PERM
from core.roles import Role

pytestmark = pytest.mark.django_db


def test_liaisons_of_finds_the_liaison_of_each_department_asked(
    make_user, department, other_department
):
    market = make_user("l_market", Role.LIAISON, department=department)
    health = make_user("l_health", Role.LIAISON, department=other_department)
    make_user("l_none", Role.LIAISON)

    assert list(liaisons_of([department.pk])) == [market]
    assert list(liaisons_of([other_department.pk])) == [health]
    assert set(liaisons_of([department.pk, other_department.pk])) == {market, health}
    assert list(liaisons_of([])) == []


def test_liaisons_of_leaves_out_inactive_users(make_user, department):
    gone = make_user("l_gone", Role.LIAISON, department=department)
    gone.is_active = False
    gone.save(update_fields=["is_active"])

    assert list(liaisons_of([department.pk])) == []


def test_liaisons_of_leaves_out_holders_of_the_permission_outside_the_liaison_group(
    make_user, department
):
    clerk = make_user("clerk_with_perm", Role.WINDOW_CLERK)
    assign_perm(LIAISE_PERM, clerk, department)

    assert list(liaisons_of([department.pk])) == []


def test_liaisons_of_lists_each_user_once_and_costs_one_query(
    make_user, department, other_department, django_assert_num_queries
):
    both = make_user("l_both", Role.LIAISON, department=department)
    assign_perm(LIAISE_PERM, both, other_department)  # two rows for one user

    with django_assert_num_queries(1):
        assert list(liaisons_of([department.pk, other_department.pk])) == [both]
