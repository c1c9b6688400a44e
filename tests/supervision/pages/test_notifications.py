"""Notifications: the page, marking read, the badge's context processor."""

from django.urls import reverse

from supervision.models import Notification
from tests.supervision.pages.helpers import INBOX, messages_of

# --- notifications --------------------------------------------------------------------------------


def test_liaison_is_notified_and_marks_all_read(as_liaison, push, liaison):
    assert Notification.objects.filter(recipient=liaison, read_at__isnull=True).count() == 1
    response = as_liaison.get(reverse("supervision:notifications"))
    assert response.context["unread_notifications"] == 1
    assert "新的审批结果推送待认领" in response.content.decode()
    response = as_liaison.post(reverse("supervision:notifications"))
    assert "已将 1 条通知标为已读。" in messages_of(response)
    assert as_liaison.get(INBOX).context["unread_notifications"] == 0


def test_mark_one_notification_read(as_liaison, push, liaison):
    note = Notification.objects.get(recipient=liaison)
    as_liaison.post(reverse("supervision:notifications"), {"id": str(note.pk)})
    note.refresh_from_db()
    assert note.read_at is not None


def test_notifications_need_login(client):
    assert client.get(reverse("supervision:notifications")).status_code == 302


def test_context_processor_for_anonymous_makes_no_query(db, rf, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    from supervision.context_processors import notifications

    request = rf.get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert notifications(request) == {"unread_notifications": 0}


def test_context_processor_is_one_query(rf, liaison, push, django_assert_num_queries):
    from supervision.context_processors import notifications

    request = rf.get("/")
    request.user = liaison
    with django_assert_num_queries(1):
        assert notifications(request) == {"unread_notifications": 1}
