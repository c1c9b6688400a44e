"""The liaison register (联络员备案): every grant, change and removal of a department's liaison
is recorded with since/until and who filed it, by the one service that grants the permission;
the bureau's own 信息联络员 are filed and ended there too, and they are who receives what the
departments send (supervision.services.liaisons.bureau_liaisons)."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm

from audit.models import AuditEvent
from catalog.models import LiaisonRecord
from catalog.services import liaisons as register
from core.errors import InvalidInput, InvalidTransition, NotAllowed
from supervision.services import correspondence
from supervision.services.liaisons import bureau_liaisons

pytestmark = pytest.mark.django_db


def test_a_grant_a_change_and_a_removal_each_leave_their_record(
    make_user, catalog_admin, two_departments
):
    market, health = two_departments
    user = make_user("liaison_x")
    register.assign_liaison(user=user, department=market, actor=catalog_admin, note="任命文号1")
    first = LiaisonRecord.objects.get(user=user)
    assert (first.department, first.until, first.filed_by, first.note) == (
        market,
        None,
        catalog_admin,
        "任命文号1",
    )
    register.assign_liaison(user=user, department=health, actor=catalog_admin)
    register.remove_liaison(user=user, department=health, actor=catalog_admin)
    rows = list(LiaisonRecord.objects.filter(user=user).order_by("pk"))
    today = timezone.localdate()
    assert [(r.department, r.since, r.until) for r in rows] == [
        (market, today, today),
        (health, today, today),
    ]


def test_assigning_again_changes_nothing_on_the_register(make_user, catalog_admin, department):
    user = make_user("liaison_y")
    register.assign_liaison(user=user, department=department, actor=catalog_admin)
    register.assign_liaison(user=user, department=department, actor=catalog_admin)
    assert LiaisonRecord.objects.filter(user=user).count() == 1


def test_a_bad_note_is_refused_and_nothing_is_granted(make_user, catalog_admin, department):
    user = make_user("liaison_z")
    with pytest.raises(InvalidInput):
        register.assign_liaison(user=user, department=department, actor=catalog_admin, note="\x00")
    assert not LiaisonRecord.objects.filter(user=user).exists()
    assert not user.has_perm(register.LIAISE_PERM, department)


def test_the_bureau_liaison_is_filed_receives_and_is_ended(clerk, approver, catalog_admin):
    assert list(bureau_liaisons()) == []
    assert set(correspondence.bureau_receivers()) == {clerk, approver}  # the fallback
    register.file_bureau_liaison(user=clerk, actor=catalog_admin, note="审批局〔2026〕3号")
    assert list(bureau_liaisons()) == [clerk]
    assert correspondence.bureau_receivers() == [clerk]
    with pytest.raises(InvalidTransition) as again:
        register.file_bureau_liaison(user=clerk, actor=catalog_admin)
    assert again.value.code == "already_filed"
    register.end_bureau_liaison(user=clerk, actor=catalog_admin)
    assert list(bureau_liaisons()) == []
    record = LiaisonRecord.objects.get(user=clerk)
    assert record.until == timezone.localdate() and record.department is None
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"file_bureau_liaison", "end_bureau_liaison"} <= actions
    with pytest.raises(InvalidTransition):
        register.end_bureau_liaison(user=clerk, actor=catalog_admin)


def test_only_a_catalog_admin_files(clerk, approver):
    with pytest.raises(NotAllowed):
        register.file_bureau_liaison(user=clerk, actor=approver)


def test_the_migration_puts_todays_liaisons_on_the_register(make_user, department):
    user = make_user("liaison_old")
    assign_perm(register.LIAISE_PERM, user, department)  # as before the register existed
    migration = importlib.import_module("catalog.migrations.0009_duty_rules")
    migration.backfill(apps, None)
    record = LiaisonRecord.objects.get(user=user)
    assert (record.department, record.until, record.note) == (department, None, "系统迁移")


def test_the_page_shows_the_register_by_who_may_read_it(
    client, catalog_admin, clerk, liaison, liaison_health, two_departments
):
    register.file_bureau_liaison(user=clerk, actor=catalog_admin)
    url = reverse("supervision:liaisons")
    client.force_login(liaison)
    page = client.get(url).content.decode()
    assert "审批局(本局)" in page and liaison.username in page
    assert "liaison_health" not in page  # another department's liaison
    client.force_login(catalog_admin)
    page = client.get(url).content.decode()
    assert "liaison_health" in page and 'data-testid="bureau-liaison-form"' in page
    client.force_login(clerk)
    assert client.get(url).status_code == 403


def test_the_catalog_admin_files_and_ends_on_the_page(client, catalog_admin, approver):
    client.force_login(catalog_admin)
    response = client.post(reverse("supervision:liaison_file"), {"user": approver.pk, "note": "x"})
    assert response.status_code == 302 and list(bureau_liaisons()) == [approver]
    for junk in ("", "abc", "9" * 30, "١"):
        client.post(reverse("supervision:liaison_file"), {"user": junk})
    record = LiaisonRecord.objects.get()
    client.post(reverse("supervision:liaison_end", args=[record.pk]))
    assert list(bureau_liaisons()) == []
