"""Catalog services: every lifecycle transition, allowed and refused."""

from decimal import Decimal

import pytest

from audit.services import events_for
from catalog import selectors, services
from catalog.models import Item, ItemVersion, Material
from core.errors import InvalidInput, InvalidTransition, NotAllowed, NotFound
from tests.catalog.factories import draft_item, ensure_departments, item_fields, published_item

pytestmark = pytest.mark.django_db

Status = ItemVersion.Status


# --- create_item ----------------------------------------------------------------------------


def test_create_item_makes_an_item_with_one_draft_and_an_audit_event(catalog_admin):
    draft = draft_item(catalog_admin, "SC-900", fees=[{"name": "工本费", "amount": "10"}])
    assert draft.status == Status.DRAFT
    assert draft.number is None
    assert draft.item.code == "SC-900"
    assert draft.item.published_version is None
    assert [m.name for m in draft.materials.all()][0] == "食品经营许可申请书"
    assert [m.position for m in draft.materials.all()] == [1, 2, 3]
    assert draft.fees.get().amount == Decimal("10.00")
    assert [e.action for e in events_for(draft.item)] == ["create_item"]


def test_create_item_by_a_clerk_is_not_allowed(clerk):
    ensure_departments("market")
    with pytest.raises(NotAllowed):
        services.create_item(code="SC-900", actor=clerk, **item_fields())
    assert not Item.objects.exists()


def test_create_item_without_an_actor_is_not_allowed(db):
    with pytest.raises(NotAllowed):
        services.create_item(code="SC-900", actor=None, **item_fields())


def test_create_item_with_a_taken_code_is_refused(catalog_admin):
    draft_item(catalog_admin, "SC-900")
    with pytest.raises(InvalidInput) as exc:
        draft_item(catalog_admin, "SC-900")
    assert exc.value.code == "code_taken"
    assert "code" in exc.value.fields


def test_create_item_with_committed_over_statutory_limit_names_the_field(catalog_admin):
    with pytest.raises(InvalidInput) as exc:
        draft_item(catalog_admin, statutory_limit_days=5, committed_limit_days=6)
    assert exc.value.status == 400
    assert "承诺时限不能超过法定时限" in exc.value.fields["committed_limit_days"][0]


def test_create_item_with_an_unknown_department_names_it(catalog_admin):
    with pytest.raises(InvalidInput) as exc:
        draft_item(catalog_admin, supervising_departments=["nowhere"])
    assert "nowhere" in exc.value.fields["supervising_departments"][0]


def test_create_item_without_required_fields_lists_each(catalog_admin):
    with pytest.raises(InvalidInput) as exc:
        services.create_item(code="X-1", actor=catalog_admin, name="某事项")
    assert {"category", "legal_basis", "statutory_limit_days", "committed_limit_days"} <= set(
        exc.value.fields
    )


def test_create_item_with_a_bad_code_is_refused(catalog_admin):
    with pytest.raises(InvalidInput) as exc:
        draft_item(catalog_admin, "有 空格")
    assert "code" in exc.value.fields


# --- publish --------------------------------------------------------------------------------


def test_publish_a_draft_numbers_it_and_makes_it_current(catalog_admin):
    version = published_item(catalog_admin, "SC-900")
    version.refresh_from_db()
    assert version.status == Status.PUBLISHED
    assert version.number == 1
    assert version.published_at is not None
    assert version.published_by == catalog_admin
    assert version.item.published_version == version
    assert [e.action for e in events_for(version)] == ["publish"]
    assert selectors.published_version_for("SC-900") == version


def test_publish_twice_is_a_409_conflict(catalog_admin):
    version = published_item(catalog_admin)
    with pytest.raises(InvalidTransition) as exc:
        services.publish(version=version, actor=catalog_admin)
    assert exc.value.status == 409
    assert exc.value.code == "not_draft"


def test_publish_without_materials_is_400_with_the_field(catalog_admin):
    draft = draft_item(catalog_admin, materials=[])
    with pytest.raises(InvalidInput) as exc:
        services.publish(version=draft, actor=catalog_admin)
    assert exc.value.status == 400
    assert exc.value.code == "incomplete"
    assert "materials" in exc.value.fields
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_publish_a_transferred_item_without_supervising_department_is_refused(catalog_admin):
    draft = draft_item(catalog_admin, supervising_departments=[])
    with pytest.raises(InvalidInput) as exc:
        services.publish(version=draft, actor=catalog_admin)
    assert "supervising_departments" in exc.value.fields


def test_publish_an_untransferred_item_needs_its_handling_department(catalog_admin):
    draft = draft_item(catalog_admin, transferred=False)
    with pytest.raises(InvalidInput) as exc:
        services.publish(version=draft, actor=catalog_admin)
    assert "handling_department" in exc.value.fields
    services.update_draft(version=draft, actor=catalog_admin, handling_department="market")
    assert services.publish(version=draft, actor=catalog_admin).status == Status.PUBLISHED


def test_publish_with_committed_over_statutory_limit_is_refused(catalog_admin):
    # A form may have saved it (the database refuses it, but check the service as well).
    draft = draft_item(catalog_admin)
    ItemVersion.objects.filter(pk=draft.pk).update(statutory_limit_days=9, committed_limit_days=9)
    draft.refresh_from_db()
    draft.committed_limit_days = 10
    problems = services.publication_problems(draft)
    assert "committed_limit_days" in problems


def test_publish_a_notice_commitment_item_needs_the_check_method(catalog_admin):
    draft = draft_item(catalog_admin, notice_commitment=True)
    with pytest.raises(InvalidInput) as exc:
        services.publish(version=draft, actor=catalog_admin)
    assert "commitment_check_method" in exc.value.fields


def test_publish_by_a_non_admin_is_not_allowed(catalog_admin, approver):
    draft = draft_item(catalog_admin)
    with pytest.raises(NotAllowed):
        services.publish(version=draft, actor=approver)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_publish_a_new_draft_supersedes_the_previous_version(catalog_admin):
    first = published_item(catalog_admin)
    draft = services.start_draft(item=first.item, actor=catalog_admin)
    second = services.publish(version=draft, actor=catalog_admin, change_note="缩短承诺时限")
    first.refresh_from_db()
    second.item.refresh_from_db()
    assert first.status == Status.SUPERSEDED
    assert second.number == 2
    assert second.change_note == "缩短承诺时限"
    assert second.item.published_version == second
    assert selectors.published_version_for(first.item.code) == second


def test_a_superseded_version_keeps_its_materials_for_applications_made_under_it(catalog_admin):
    first = published_item(catalog_admin)
    before = list(first.materials.values_list("pk", "name", "required", "waivable"))
    draft = services.start_draft(item=first.item, actor=catalog_admin)
    services.update_draft(
        version=draft,
        actor=catalog_admin,
        materials=[{"name": "新的申请书"}],
        committed_limit_days=3,
    )
    services.publish(version=draft, actor=catalog_admin)
    first.refresh_from_db()
    assert first.status == Status.SUPERSEDED
    assert first.committed_limit_days == 5
    assert list(first.materials.values_list("pk", "name", "required", "waivable")) == before
    assert Material.objects.filter(pk=before[0][0]).exists()


# --- start_draft ----------------------------------------------------------------------------


def test_start_draft_copies_the_published_version_with_everything(catalog_admin):
    ensure_departments("market", "health")
    other = published_item(catalog_admin, "SC-901", name="食品生产许可")
    version = published_item(
        catalog_admin,
        "SC-900",
        supervising_departments=["market", "health"],
        related_items=["SC-901"],
        fees=[{"name": "工本费", "amount": "5.50", "basis": "物价文件"}],
        responsible_post="市场准入审批股",
    )
    draft = services.start_draft(item=version.item, actor=catalog_admin)
    assert draft.status == Status.DRAFT
    assert draft.number is None
    assert services.content_of(draft) == services.content_of(version)
    assert set(draft.related_items.all()) == {other.item}
    assert not set(draft.materials.values_list("pk", flat=True)) & set(
        version.materials.values_list("pk", flat=True)
    )
    assert [e.action for e in events_for(version.item)][-1] == "start_draft"


def test_start_draft_when_a_draft_exists_is_refused(catalog_admin):
    version = published_item(catalog_admin)
    services.start_draft(item=version.item, actor=catalog_admin)
    with pytest.raises(InvalidTransition) as exc:
        services.start_draft(item=version.item, actor=catalog_admin)
    assert exc.value.code == "draft_exists"
    assert exc.value.status == 409


def test_start_draft_by_a_non_admin_is_not_allowed(catalog_admin, clerk):
    version = published_item(catalog_admin)
    with pytest.raises(NotAllowed):
        services.start_draft(item=version.item, actor=clerk)


# --- editing drafts -------------------------------------------------------------------------


def test_update_draft_of_a_published_version_is_refused(catalog_admin):
    version = published_item(catalog_admin)
    with pytest.raises(InvalidTransition) as exc:
        services.update_draft(version=version, actor=catalog_admin, name="改名")
    assert exc.value.code == "not_draft"
    version.refresh_from_db()
    assert version.name == "食品经营许可"


def test_update_draft_changes_only_what_differs_and_audits_it(catalog_admin):
    draft = draft_item(catalog_admin)
    kept = list(draft.materials.values_list("pk", flat=True))
    materials = services.content_of(draft)["materials"]
    materials[1]["waivable"] = True
    services.update_draft(version=draft, actor=catalog_admin, materials=materials)
    assert list(draft.materials.values_list("pk", flat=True)) == kept
    assert draft.materials.get(pk=kept[1]).waivable is True
    assert events_for(draft)[0].note == "materials"


def test_save_draft_refuses_a_version_published_meanwhile(catalog_admin):
    draft = draft_item(catalog_admin)
    stale = ItemVersion.objects.get(pk=draft.pk)
    services.publish(version=draft, actor=catalog_admin)
    stale.name = "改名"
    with pytest.raises(InvalidTransition):
        services.save_draft(version=stale, actor=catalog_admin, changed_fields=["name"])
    assert ItemVersion.objects.get(pk=draft.pk).name == "食品经营许可"


def test_discard_draft_of_a_published_item_keeps_the_item(catalog_admin):
    version = published_item(catalog_admin)
    draft = services.start_draft(item=version.item, actor=catalog_admin)
    services.discard_draft(version=draft, actor=catalog_admin)
    assert list(version.item.versions.all()) == [version]


def test_discard_the_only_draft_removes_the_never_published_item(catalog_admin):
    draft = draft_item(catalog_admin)
    services.discard_draft(version=draft, actor=catalog_admin)
    assert not Item.objects.exists()


def test_discard_a_published_version_is_refused(catalog_admin):
    version = published_item(catalog_admin)
    with pytest.raises(InvalidTransition):
        services.discard_draft(version=version, actor=catalog_admin)


# --- withdraw -------------------------------------------------------------------------------


def test_withdraw_takes_the_item_out_of_intake(catalog_admin):
    version = published_item(catalog_admin)
    item = services.withdraw(item=version.item, actor=catalog_admin, reason="法规废止")
    version.refresh_from_db()
    assert version.status == Status.WITHDRAWN
    assert version.withdrawal_reason == "法规废止"
    assert version.withdrawn_by == catalog_admin
    assert item.published_version is None
    assert not selectors.published_versions().exists()
    with pytest.raises(NotFound):
        selectors.published_version_for(item.code)
    assert events_for(item).last().note == "法规废止"


def test_withdraw_twice_is_a_409_conflict(catalog_admin):
    version = published_item(catalog_admin)
    services.withdraw(item=version.item, actor=catalog_admin, reason="法规废止")
    with pytest.raises(InvalidTransition) as exc:
        services.withdraw(item=version.item, actor=catalog_admin, reason="法规废止")
    assert exc.value.code == "not_published"


def test_withdraw_needs_a_reason(catalog_admin):
    version = published_item(catalog_admin)
    with pytest.raises(InvalidInput) as exc:
        services.withdraw(item=version.item, actor=catalog_admin, reason="  ")
    assert "reason" in exc.value.fields


def test_withdraw_by_a_non_admin_is_not_allowed(catalog_admin, inspector):
    version = published_item(catalog_admin)
    with pytest.raises(NotAllowed):
        services.withdraw(item=version.item, actor=inspector, reason="法规废止")


def test_a_withdrawn_item_comes_back_through_a_new_draft(catalog_admin):
    version = published_item(catalog_admin)
    services.withdraw(item=version.item, actor=catalog_admin, reason="暂停")
    draft = services.start_draft(item=version.item, actor=catalog_admin)
    again = services.publish(version=draft, actor=catalog_admin)
    assert again.number == 2
    assert selectors.published_version_for(version.item.code) == again


# --- selectors ------------------------------------------------------------------------------


def test_published_versions_excludes_drafts(catalog_admin):
    published_item(catalog_admin, "SC-900")
    draft_item(catalog_admin, "SC-901")
    assert [v.item.code for v in selectors.published_versions()] == ["SC-900"]
    with pytest.raises(NotFound):
        selectors.published_version_for("SC-901")


# --- import_item ----------------------------------------------------------------------------


def test_import_item_with_same_content_changes_nothing(catalog_admin):
    version = published_item(catalog_admin)
    content = services.content_of(version)
    outcome, draft = services.import_item(code="SC-900", content=content, actor=catalog_admin)
    assert (outcome, draft) == ("unchanged", None)
    assert version.item.versions.count() == 1


def test_import_item_with_changes_makes_a_draft_and_leaves_the_published_version(catalog_admin):
    version = published_item(catalog_admin)
    outcome, draft = services.import_item(
        code="SC-900", content={"committed_limit_days": 2}, actor=catalog_admin
    )
    assert outcome == "updated"
    assert draft.status == Status.DRAFT
    assert draft.committed_limit_days == 2
    version.refresh_from_db()
    assert version.committed_limit_days == 5
    assert version.status == Status.PUBLISHED
