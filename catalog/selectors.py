"""Read queries of the catalog app."""

from guardian.shortcuts import get_objects_for_user

from catalog.models import Department


def liaison_departments(user):
    """The departments a user acts for as liaison (guardian object permission)."""
    if not getattr(user, "is_authenticated", False):
        return Department.objects.none()
    return get_objects_for_user(
        user, "catalog.liaise_for_department", klass=Department, accept_global_perms=False
    )


def liaison_department(user) -> Department | None:
    return liaison_departments(user).first()
