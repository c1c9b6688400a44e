"""Read queries of the catalog app, each shaped for its pages (no queries from templates)."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from guardian.shortcuts import get_objects_for_user

from catalog.models import BureauProfile, Department, Item, ItemVersion
from core.errors import NotFound
from core.roles import Role

Status = ItemVersion.Status


def liaison_departments(user):
    """The departments a user acts for as liaison (guardian object permission)."""
    if not getattr(user, "is_authenticated", False):
        return Department.objects.none()
    return get_objects_for_user(
        user, "catalog.liaise_for_department", klass=Department, accept_global_perms=False
    )


def liaison_department(user) -> Department | None:
    return liaison_departments(user).first()


def liaisons_of(department_ids) -> QuerySet:
    """The active users in the liaison group who liaise for any of these departments (the
    guardian object permission `catalog.liaise_for_department`), in one query, each once."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__name=Role.LIAISON,
            userobjectpermission__permission__codename="liaise_for_department",
            userobjectpermission__content_type__app_label="catalog",
            userobjectpermission__content_type__model="department",
            userobjectpermission__object_pk__in=[str(pk) for pk in department_ids],
        )
        .distinct()
        .order_by("pk")
    )


def liaison_register() -> list[tuple[Department, list]]:
    """Every department with the users holding its liaison permission (inactive ones too, so
    they can be taken off), ordered by department code and username: two queries."""
    from guardian.models import UserObjectPermission

    holders: dict[str, list] = {}
    rows = (
        UserObjectPermission.objects.filter(
            permission__codename="liaise_for_department",
            content_type__app_label="catalog",
            content_type__model="department",
        )
        .select_related("user")
        .order_by("user__username", "pk")
    )
    for row in rows:
        holders.setdefault(row.object_pk, []).append(row.user)
    return [(d, holders.get(str(d.pk), [])) for d in Department.objects.order_by("code")]


def _related_items_prefetch() -> Prefetch:
    return Prefetch(
        "related_items",
        queryset=Item.objects.select_related("published_version").order_by("code"),
    )


def published_versions() -> QuerySet[ItemVersion]:
    """The versions intake offers and the public catalog lists: one per published item, with
    item, departments, materials, fees and related items loaded in a constant number of
    queries, ordered by item code."""
    return (
        ItemVersion.objects.filter(status=Status.PUBLISHED)
        .select_related("item", "handling_department")
        .prefetch_related("supervising_departments", "materials", "fees", _related_items_prefetch())
        .order_by("item__code")
    )


def published_version_for(code: str) -> ItemVersion:
    """The published version of the item with this code; NotFound (404) for an unknown,
    never published or withdrawn item."""
    version = published_versions().filter(item__code=code).first()
    if version is None:
        raise NotFound(_("未找到该事项,或该事项未发布。"))
    return version


def search_published_versions(
    *, q: str = "", department: str = "", category: str = ""
) -> QuerySet[ItemVersion]:
    """published_versions() narrowed by a search text (name or code), a supervising
    department code and a category; the public catalog and the API use it."""
    versions = published_versions()
    q = (q or "").strip()
    if q:
        versions = versions.filter(Q(name__icontains=q) | Q(item__code__icontains=q))
    if department:
        versions = versions.filter(supervising_departments__code=department)
    if category:
        versions = versions.filter(category=category)
    return versions


def published_categories() -> list[str]:
    return list(
        ItemVersion.objects.filter(status=Status.PUBLISHED)
        .order_by("category")
        .values_list("category", flat=True)
        .distinct()
    )


def with_versions(items: QuerySet[Item]) -> QuerySet[Item]:
    """Items with all their versions (and each version's departments) prefetched, so the admin
    list shows the current version of each without a query per row."""
    return items.select_related("published_version").prefetch_related(
        Prefetch(
            "versions",
            queryset=ItemVersion.objects.prefetch_related("supervising_departments"),
        )
    )


def items_for_export(items: QuerySet[Item] | None = None) -> QuerySet[Item]:
    """Items with every version's full content prefetched, for the catalog file export."""
    base = Item.objects.all() if items is None else Item.objects.filter(pk__in=items.values("pk"))
    return base.prefetch_related(
        Prefetch(
            "versions",
            queryset=ItemVersion.objects.select_related("handling_department").prefetch_related(
                "supervising_departments", "materials", "fees", "related_items"
            ),
        )
    ).order_by("code")


# --- where, when and whom to call -----------------------------------------------------------


@dataclass(frozen=True)
class Contact:
    """What a guide shows under 办理地点与咨询方式: each value is the item version's own when it
    has one (`overridden` names those), else the bureau's; blank when neither says anything."""

    bureau: str
    location: str
    office_hours: str
    phone: str
    complaint_phone: str
    website: str
    email: str
    overridden: frozenset[str]


# Contact attribute ← (ItemVersion override field, BureauProfile field)
CONTACT_SOURCES = {
    "location": ("contact_location", "address"),
    "office_hours": ("contact_hours", "office_hours"),
    "phone": ("contact_phone", "phone"),
}


def bureau_profile() -> BureauProfile:
    """The bureau-wide settings (one query); an unsaved row with the model's defaults while
    nobody has saved them."""
    return BureauProfile.objects.filter(pk=BureauProfile.SINGLETON_PK).first() or BureauProfile(
        pk=BureauProfile.SINGLETON_PK
    )


def contact_for(version: ItemVersion | None, *, profile: BureauProfile | None = None) -> Contact:
    """THE answer to "what contact does this version show": its override, else the bureau's.
    The guide, the 一次性告知单 and the API's item detail all read it. One query (the bureau's
    row) unless the caller passes `profile`."""
    profile = profile if profile is not None else bureau_profile()
    values, overridden = {}, set()
    for name, (own, bureau_field) in CONTACT_SOURCES.items():
        mine = (getattr(version, own, "") or "").strip() if version is not None else ""
        if mine:
            overridden.add(name)
        values[name] = mine or (getattr(profile, bureau_field) or "").strip()
    return Contact(
        bureau=profile.name,
        complaint_phone=profile.complaint_phone,
        website=profile.website,
        email=profile.email,
        overridden=frozenset(overridden),
        **values,
    )
