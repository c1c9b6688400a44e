"""Liaisons: which department a liaison user acts for (a guardian object permission)."""

from django.db import transaction
from guardian.shortcuts import assign_perm, get_objects_for_user, remove_perm

from audit.services import record_event
from catalog.models import Department
from core.roles import Role

LIAISE_PERM = "catalog.liaise_for_department"


@transaction.atomic
def assign_liaison(*, user, department: Department, actor=None) -> Department:
    """Make `user` the liaison of `department` (one department per liaison): a guardian object
    permission on the Department, so scoping is one lookup, not one row per push."""
    from django.contrib.auth.models import Group

    previous = list(get_objects_for_user(user, LIAISE_PERM, accept_global_perms=False))
    if [d.pk for d in previous] == [department.pk]:
        return department  # already so: nothing changes, nothing to audit
    for old in previous:
        if old.pk != department.pk:
            remove_perm(LIAISE_PERM, user, old)
    assign_perm(LIAISE_PERM, user, department)
    user.groups.add(Group.objects.get(name=Role.LIAISON))
    record_event(
        actor=actor,
        obj=user,
        action="assign_liaison",
        before=",".join(d.code for d in previous),
        after=department.code,
    )
    return department
