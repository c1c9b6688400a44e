"""Browser logins are throttled (django-axes): five wrong passwords for one user from one address
lock that pair out with a Chinese page, even for the right password; another address is not
locked; an administrator's unlock and the lockout itself are audit events."""

import pytest
from django.test import Client

from audit.models import AuditEvent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def _try(client, username, password, path=LOGIN, ip="10.0.0.7"):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_five_wrong_passwords_lock_out_even_the_right_one(clerk):
    client = Client()
    for _ in range(4):
        assert _try(client, "clerk", "wrong").status_code == 200  # the form again, with its error
    locked = _try(client, "clerk", "wrong")
    assert locked.status_code == 429
    response = _try(client, "clerk", PASSWORD)
    assert response.status_code == 429
    assert "登录已暂时锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_another_address_is_not_locked_out(clerk):
    client = Client()
    for _ in range(5):
        _try(client, "clerk", "wrong")
    assert _try(Client(), "clerk", PASSWORD, ip="10.0.0.8").status_code == 302


def test_the_admin_login_is_throttled_too(make_user):
    make_user("boss", is_staff=True, is_superuser=True)
    client = Client()
    for _ in range(5):
        _try(client, "boss", "wrong", path="/admin/login/")
    assert _try(client, "boss", PASSWORD, path="/admin/login/").status_code == 429


def test_a_lockout_and_its_unlock_are_audited(clerk, make_user):
    from axes.models import AccessAttempt

    for _ in range(5):
        _try(Client(), "clerk", "wrong")
    locked = AuditEvent.objects.get(action="login_locked_out")
    assert "clerk @ 10.0.0.7" in locked.note

    admin = make_user("root", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    attempt = AccessAttempt.objects.get(username="clerk")
    response = client.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    unlocked = AuditEvent.objects.get(action="login_unlocked")
    assert unlocked.actor == admin
    assert _try(Client(), "clerk", PASSWORD).status_code == 302
