"""Roles are Django groups; this module names them and says who may do what.

Department rights (a liaison acts for one department) are django-guardian object permissions
on catalog.Department, granted by catalog.services.assign_liaison."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.errors import NotAllowed


class Role(models.TextChoices):
    WINDOW_CLERK = "window_clerk", _("综合受理窗口人员")
    REVIEWER = "reviewer", _("审查人员")
    APPROVER = "approver", _("审批负责人")
    LIAISON = "liaison", _("监管部门联络员")
    CATALOG_ADMIN = "catalog_admin", _("事项管理员")
    INSPECTOR = "inspector", _("监察督查")


# Model permissions each group gets (for the Django admin and has_perm checks).
# "app_label.codename", where a trailing * matches a codename prefix.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.CATALOG_ADMIN: [
        "catalog.*",
        "workdays.*",
        "supervision.add_webhookendpoint",
        "supervision.change_webhookendpoint",
        "supervision.view_webhookendpoint",
        "supervision.view_webhookdelivery",
        "supervision.view_webhookattempt",
    ],
    Role.INSPECTOR: [
        f"{app}.view_*"
        for app in ("audit", "catalog", "workdays", "approvals", "supervision", "accountability")
    ],
}


# Never given to a whole group: a liaison's department is an object permission granted per
# department by catalog.services.assign_liaison; a global grant would only mislead.
NEVER_GROUP_WIDE = {"catalog.liaise_for_department"}


def roles_of(user) -> set[str]:
    """The role names of a user, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_oneseal_roles", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._oneseal_roles = cached
    return cached


def has_role(user, *roles: str) -> bool:
    return bool(roles_of(user) & {str(r) for r in roles})


def require_role(user, *roles: str) -> None:
    if not has_role(user, *roles):
        raise NotAllowed()


def ensure_role_groups(**kwargs) -> None:
    """post_migrate: create the role groups and give them their model permissions."""
    from django.contrib.auth.models import Group, Permission

    for role in Role:
        group, _created = Group.objects.get_or_create(name=role.value)
        wanted = []
        for spec in ROLE_PERMISSIONS.get(role, []):
            app_label, codename = spec.split(".", 1)
            qs = Permission.objects.filter(content_type__app_label=app_label).select_related(
                "content_type"
            )
            if codename.endswith("*"):
                qs = qs.filter(codename__startswith=codename[:-1])
            else:
                qs = qs.filter(codename=codename)
            wanted.extend(
                p for p in qs if f"{p.content_type.app_label}.{p.codename}" not in NEVER_GROUP_WIDE
            )
        if wanted:
            group.permissions.add(*wanted)
        for spec in NEVER_GROUP_WIDE:
            app_label, codename = spec.split(".", 1)
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )
