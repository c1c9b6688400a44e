"""Simultaneous catalog changes on PostgreSQL: the row locks let exactly one win."""

import threading

import pytest
from django.db import connection

from catalog import services
from catalog.models import ItemVersion
from core.errors import DomainError
from tests.catalog.factories import draft_item, published_item

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(fn, n=2):
    barrier = threading.Barrier(n)
    outcomes = []

    def run():
        try:
            barrier.wait()
            fn()
            outcomes.append("ok")
        except DomainError as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(outcomes)


def test_two_admins_starting_a_draft_at_once_make_one_draft(catalog_admin):
    version = published_item(catalog_admin)
    outcomes = _race(lambda: services.start_draft(item=version.item, actor=catalog_admin))
    assert outcomes == ["draft_exists", "ok"]
    assert version.item.versions.filter(status=ItemVersion.Status.DRAFT).count() == 1


def test_two_admins_publishing_one_draft_at_once_publish_it_once(catalog_admin):
    draft = draft_item(catalog_admin)
    outcomes = _race(lambda: services.publish(version=draft, actor=catalog_admin))
    assert outcomes == ["not_draft", "ok"]
    draft.refresh_from_db()
    assert draft.number == 1
