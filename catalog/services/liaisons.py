"""Liaisons: which department a liaison user acts for (a guardian object permission). These two
functions are the only way the permission is granted or taken back, each with its audit event."""

from django.contrib.auth.models import Group
from django.db import transaction
from guardian.shortcuts import assign_perm, get_objects_for_user, remove_perm

from audit.services import record_event
from catalog.models import Department
from core.roles import Role, require_role

LIAISE_PERM = "catalog.liaise_for_department"


def _require_assigner(actor) -> None:
    # actor None is the system (seed_demo, the loaders); a person must be a catalog admin.
    if actor is not None:
        require_role(actor, Role.CATALOG_ADMIN)


@transaction.atomic
def assign_liaison(*, user, department: Department, actor=None) -> Department:
    """Make `user` the liaison of `department` (one department per liaison): a guardian object
    permission on the Department, so scoping is one lookup, not one row per push."""
    _require_assigner(actor)
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


@transaction.atomic
def remove_liaison(*, user, department: Department, actor=None) -> None:
    """Take `department` away from its liaison `user`; the user keeps the liaison group (and
    sees no department's pushes until assigned again). Not a liaison of it: nothing happens."""
    _require_assigner(actor)
    held = get_objects_for_user(user, LIAISE_PERM, accept_global_perms=False)
    if not held.filter(pk=department.pk).exists():
        return
    remove_perm(LIAISE_PERM, user, department)
    record_event(actor=actor, obj=user, action="remove_liaison", before=department.code, after="")
