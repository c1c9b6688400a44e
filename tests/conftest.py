"""Shared fixtures: users by role, API clients, the PostgreSQL marker."""

import datetime
import os

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from core.roles import Role
from tests.approvals.conftest import SHANGHAI
from tests.factories import DepartmentFactory
from tests.flows import approve_permit
from tests.receivers import receiver_factory  # noqa: F401  (a fixture: a receiver on loopback)

PASSWORD = "pw-Oneseal-2026"


def _on_postgres() -> bool:
    return (os.environ.get("DATABASE_URL") or "").startswith(("postgres://", "postgresql://"))


def pytest_collection_modifyitems(config, items):
    if _on_postgres():
        return
    skip = pytest.mark.skip(reason="PostgreSQL only: runs in the PostgreSQL pass of .ci/run")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def make_user(db):
    def _make(username, *roles, department=None, **extra):
        user = get_user_model().objects.create_user(username=username, password=PASSWORD, **extra)
        for role in roles:
            user.groups.add(Group.objects.get(name=role))
        if department is not None:
            from catalog.services import assign_liaison

            assign_liaison(user=user, department=department)
        return user

    return _make


@pytest.fixture
def clerk(make_user):
    return make_user("clerk", Role.WINDOW_CLERK, first_name="窗口甲")


@pytest.fixture
def reviewer(make_user):
    return make_user("reviewer", Role.REVIEWER, first_name="审查乙")


@pytest.fixture
def approver(make_user):
    return make_user("approver", Role.APPROVER, first_name="审批丙")


@pytest.fixture
def inspector(make_user):
    return make_user("inspector", Role.INSPECTOR)


@pytest.fixture
def catalog_admin(make_user):
    return make_user("catadmin", Role.CATALOG_ADMIN, is_staff=True)


@pytest.fixture
def department(db):
    from catalog.models import Department

    return Department.objects.get_or_create(code="market", defaults={"name": "县市场监督管理局"})[0]


@pytest.fixture
def other_department(db):
    from catalog.models import Department

    return Department.objects.get_or_create(code="health", defaults={"name": "县卫生健康局"})[0]


@pytest.fixture
def liaison(make_user, department):
    return make_user("liaison_market", Role.LIAISON, department=department)


@pytest.fixture
def api():
    """An API client; `api.as_user(user)` authenticates with a real token."""
    client = APIClient()

    def as_user(user):
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    client.as_user = as_user
    return client


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory):
    """This run's own cache folder (the embedded default is a file cache shared by every
    process of the project; two test runs at once must not count each other's hits)."""
    from django.conf import settings
    from django.test.utils import override_settings

    if "filebased" not in settings.CACHES["default"]["BACKEND"]:
        yield
        return
    location = tmp_path_factory.mktemp("cache")
    with override_settings(
        CACHES={
            **settings.CACHES,
            "default": {**settings.CACHES["default"], "LOCATION": str(location)},
        }
    ):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counts never leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """PBKDF2 costs ~0.4 s a user; tests make many users and do not test hashing strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def calendar_data(transactional_db):
    """Transactional tests flush the database when they end, and with it the calendar that a
    data migration seeded; tests that compute deadlines after such a flush reload it."""
    from django.core.management import call_command

    from workdays.models import CalendarYear

    if not CalendarYear.objects.exists():
        call_command("load_calendar", verbosity=0)


# --- a decision pushed to two departments (supervision and accountability tests) -------------


@pytest.fixture
def two_departments(db):
    return [
        DepartmentFactory(code="market", name="县市场监督管理局"),
        DepartmentFactory(code="health", name="县卫生健康局"),
    ]


@pytest.fixture
def liaison_health(make_user, two_departments):
    return make_user("liaison_health", "liaison", department=two_departments[1])


@pytest.fixture
def decided(db, clerk, reviewer, approver, two_departments):
    """approve(at=datetime) -> Decision: a full real path, pushed to two departments."""

    def _approve(at=datetime.datetime(2026, 6, 1, 10, tzinfo=SHANGHAI), departments=None):
        return approve_permit(
            clerk=clerk,
            reviewer=reviewer,
            approver=approver,
            departments=departments or two_departments,
            at=at,
        )

    return _approve


@pytest.fixture
def decided_tx(calendar_data, clerk, reviewer, approver, two_departments):
    """Like `decided`, in real transactions (on_commit callbacks run), at the real time."""

    def _approve():
        return approve_permit(
            clerk=clerk, reviewer=reviewer, approver=approver, departments=two_departments, at=None
        )

    return _approve
