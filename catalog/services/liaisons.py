"""Liaisons: which department a liaison user acts for (a guardian object permission). These two
functions are the only way the permission is granted or taken back, each with its audit event."""

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, get_objects_for_user, remove_perm

from audit.services import record_event
from catalog.models import Department, LiaisonRecord
from core.errors import InvalidInput, InvalidTransition
from core.roles import Role, require_role
from core.text import forbidden_character

LIAISE_PERM = "catalog.liaise_for_department"


def _require_assigner(actor) -> None:
    # actor None is the system (seed_demo, the loaders); a person must be a catalog admin.
    if actor is not None:
        require_role(actor, Role.CATALOG_ADMIN)


@transaction.atomic
def assign_liaison(*, user, department: Department, actor=None, note: str = "") -> Department:
    """Make `user` the liaison of `department` (one department per liaison): a guardian object
    permission on the Department, so scoping is one lookup, not one row per push."""
    _require_assigner(actor)
    previous = list(get_objects_for_user(user, LIAISE_PERM, accept_global_perms=False))
    if [d.pk for d in previous] == [department.pk]:
        _open_record(user, department, actor, note)  # on record too (a no-op when it is)
        return department  # already so: nothing changes, nothing to audit
    for old in previous:
        if old.pk != department.pk:
            remove_perm(LIAISE_PERM, user, old)
            _close_record(user, old)
    assign_perm(LIAISE_PERM, user, department)
    _open_record(user, department, actor, note)
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
    _close_record(user, department)
    record_event(actor=actor, obj=user, action="remove_liaison", before=department.code, after="")


# --- the register (联络员备案): a record follows every grant and removal ------------------------


def _checked_note(note: str) -> str:
    note = (note or "").strip()
    if forbidden_character(note) or len(note) > LiaisonRecord._meta.get_field("note").max_length:
        raise InvalidInput(
            _("备注含有不允许的字符或超过 200 字。"),
            code="invalid_note",
            fields={"note": [_("备注含有不允许的字符或超过 200 字。")]},
        )
    return note


def _open_record(user, department: Department | None, actor, note: str = "") -> LiaisonRecord:
    open_ = LiaisonRecord.objects.filter(user=user, department=department, until__isnull=True)
    record = open_.first()
    if record is not None:
        return record
    return LiaisonRecord.objects.create(
        user=user,
        department=department,
        since=timezone.localdate(),
        filed_by=actor,
        filed_at=timezone.now(),
        note=_checked_note(note),
    )


def _close_record(user, department: Department | None) -> None:
    LiaisonRecord.objects.filter(user=user, department=department, until__isnull=True).update(
        until=timezone.localdate()
    )


@transaction.atomic
def file_bureau_liaison(*, user, actor, note: str = "") -> LiaisonRecord:
    """备案 the bureau's own 信息联络员 (who receives what departments send); audited. Already
    on record: 409 already_filed."""
    _require_assigner(actor)
    if LiaisonRecord.objects.filter(user=user, department=None, until__isnull=True).exists():
        raise InvalidTransition(_("该人员已是本局信息联络员。"), code="already_filed")
    record = _open_record(user, None, actor, note)
    record_event(actor=actor, obj=user, action="file_bureau_liaison", after=record.note)
    return record


@transaction.atomic
def end_bureau_liaison(*, user, actor) -> None:
    """End the bureau liaison's record (until today); audited. Not on record: 409 not_filed."""
    _require_assigner(actor)
    if not LiaisonRecord.objects.filter(user=user, department=None, until__isnull=True).exists():
        raise InvalidTransition(_("该人员不是本局信息联络员。"), code="not_filed")
    _close_record(user, None)
    record_event(actor=actor, obj=user, action="end_bureau_liaison", before="bureau", after="")
