"""Every write the catalog admin makes goes through a catalog service and leaves its audit
event: a draft's materials and fee lines (the inline tables) and departments."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from audit.services import events_for
from catalog import services
from catalog.models import Department, Fee, ItemVersion, Material
from core.errors import InvalidInput, InvalidTransition, NotAllowed
from tests.catalog.admin_forms import change_url, form_data
from tests.catalog.factories import draft_item, published_item

pytestmark = pytest.mark.django_db

Status = ItemVersion.Status


@pytest.fixture
def admin_client(client, catalog_admin):
    client.force_login(catalog_admin)
    return client


def _add_row(data, prefix, values):
    n = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = n + 1
    for key, value in values.items():
        data[f"{prefix}-{n}-{key}"] = value


def _only_inline_edit(admin_client, draft):
    """The form as rendered, its own fields untouched (only the inline tables will change)."""
    return form_data(admin_client.get(change_url(draft)))


# --- materials and fees of a draft ----------------------------------------------------------


def test_adding_a_fee_line_in_the_admin_writes_one_audit_event(admin_client, catalog_admin):
    draft = draft_item(catalog_admin)
    data = _only_inline_edit(admin_client, draft)
    _add_row(data, "fees", {"name": "工本费", "amount": "10.00", "version": draft.pk})

    response = admin_client.post(change_url(draft), data)

    assert response.status_code == 302
    assert [(f.name, str(f.amount)) for f in draft.fees.all()] == [("工本费", "10.00")]
    event = events_for(draft).get(action="edit_draft_fees")
    assert event.actor == catalog_admin
    assert event.data == {"added": ["工本费"], "changed": [], "deleted": []}
    assert draft.fees.get().history.first().history_user == catalog_admin


def test_changing_and_deleting_materials_in_the_admin_is_one_audit_event(
    admin_client, catalog_admin
):
    draft = draft_item(catalog_admin)
    first, second, third = draft.materials.order_by("position")
    data = _only_inline_edit(admin_client, draft)
    data["materials-0-name"] = "食品经营许可申请书(新版)"
    data["materials-1-DELETE"] = "on"

    response = admin_client.post(change_url(draft), data)

    assert response.status_code == 302
    assert [m.name for m in draft.materials.order_by("position")] == [
        "食品经营许可申请书(新版)",
        third.name,
    ]
    events = list(events_for(draft).filter(action="edit_draft_materials"))
    assert len(events) == 1
    assert events[0].data == {
        "added": [],
        "changed": ["食品经营许可申请书(新版)"],
        "deleted": [second.name],
    }
    deleted = Material.history.filter(id=second.pk, history_type="-").get()
    assert deleted.history_user == catalog_admin


def test_a_material_added_without_a_position_goes_to_the_end(admin_client, catalog_admin):
    draft = draft_item(catalog_admin)
    data = _only_inline_edit(admin_client, draft)
    _add_row(
        data,
        "materials",
        {
            "position": 0,
            "name": "健康证明",
            "original_count": 1,
            "copy_count": 0,
            "version": draft.pk,
        },
    )

    assert admin_client.post(change_url(draft), data).status_code == 302
    assert draft.materials.order_by("position").last().name == "健康证明"
    assert draft.materials.get(name="健康证明").position == 4


def test_saving_the_form_without_touching_the_tables_writes_no_table_event(
    admin_client, catalog_admin
):
    draft = draft_item(catalog_admin)
    data = _only_inline_edit(admin_client, draft)

    assert admin_client.post(change_url(draft), data).status_code == 302
    actions = {e.action for e in events_for(draft)}
    assert not actions & {"edit_draft_materials", "edit_draft_fees"}


def test_a_published_versions_tables_are_read_only_in_the_admin(admin_client, catalog_admin):
    version = published_item(catalog_admin, fees=[{"name": "工本费", "amount": "10"}])
    response = admin_client.get(change_url(version))

    assert response.status_code == 200
    for inline in response.context["inline_admin_formsets"]:
        assert not inline.has_add_permission
        assert not inline.has_change_permission
        assert not inline.has_delete_permission
    page = response.content.decode()
    assert 'name="materials-0-name"' not in page
    assert 'name="fees-0-name"' not in page
    assert "工本费" in page  # shown, not editable


def test_the_table_services_refuse_a_published_version(catalog_admin):
    version = published_item(catalog_admin)
    material = version.materials.first()
    material.name = "被篡改"

    with pytest.raises(InvalidTransition):
        services.save_draft_materials(version=version, actor=catalog_admin, saved=[material])
    with pytest.raises(InvalidTransition):
        services.save_draft_fees(
            version=version,
            actor=catalog_admin,
            saved=[Fee(version=version, name="工本费", amount=1)],
        )
    assert version.materials.filter(name="被篡改").count() == 0
    assert version.fees.count() == 0


def test_the_table_services_refuse_rows_of_another_version(catalog_admin):
    draft = draft_item(catalog_admin, "SC-900")
    other = draft_item(catalog_admin, "SC-901")
    stranger = other.materials.first()
    stranger.name = "借道修改"

    with pytest.raises(Exception) as caught:
        services.save_draft_materials(version=draft, actor=catalog_admin, saved=[stranger])
    assert getattr(caught.value, "code", "") == "not_this_version"
    assert not other.materials.filter(name="借道修改").exists()


def test_the_table_services_need_a_catalog_admin(catalog_admin, clerk):
    draft = draft_item(catalog_admin)
    with pytest.raises(NotAllowed):
        services.save_draft_fees(
            version=draft, actor=clerk, saved=[Fee(version=draft, name="工本费", amount=1)]
        )
    assert draft.fees.count() == 0


# --- departments ----------------------------------------------------------------------------


def test_adding_a_department_in_the_admin_writes_its_audit_event(admin_client, catalog_admin):
    response = admin_client.post(
        reverse("admin:catalog_department_add"),
        {"code": "transport", "name": "县交通运输局", "feedback_limit_days": "10"},
    )

    assert response.status_code == 302
    department = Department.objects.get(code="transport")
    event = events_for(department).get()
    assert (event.action, event.actor) == ("create_department", catalog_admin)
    assert event.after == "transport 县交通运输局"


def test_renaming_a_department_in_the_admin_writes_before_and_after(
    admin_client, catalog_admin, department
):
    url = reverse("admin:catalog_department_change", args=[department.pk])
    response = admin_client.post(
        url, {"code": "market", "name": "县市场监管局", "feedback_limit_days": "15"}
    )

    assert response.status_code == 302
    department.refresh_from_db()
    assert (department.name, department.feedback_limit_days) == ("县市场监管局", 15)
    event = events_for(department).get()
    assert event.action == "update_department"
    assert event.data == {
        "before": {"code": "market", "name": "县市场监督管理局", "feedback_limit_days": 10},
        "after": {"code": "market", "name": "县市场监管局", "feedback_limit_days": 15},
    }


@pytest.mark.parametrize("days", ["0", "366", "-1", "十"])
def test_a_feedback_limit_out_of_range_is_refused_in_the_service(catalog_admin, department, days):
    with pytest.raises(InvalidInput) as refused:
        services.update_department(
            department_id=department.pk,
            actor=catalog_admin,
            code=department.code,
            name=department.name,
            feedback_limit_days=days,
        )
    assert "feedback_limit_days" in refused.value.fields
    department.refresh_from_db()
    assert department.feedback_limit_days == 10


def test_saving_a_department_unchanged_writes_nothing(admin_client, department):
    url = reverse("admin:catalog_department_change", args=[department.pk])
    before = AuditEvent.objects.count()

    response = admin_client.post(
        url,
        {
            "code": department.code,
            "name": department.name,
            "feedback_limit_days": department.feedback_limit_days,
        },
    )

    assert response.status_code == 302
    assert AuditEvent.objects.count() == before


def test_a_department_cannot_be_deleted_in_the_admin(admin_client, department):
    url = reverse("admin:catalog_department_delete", args=[department.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert Department.objects.filter(pk=department.pk).exists()


def test_the_department_services_refuse_a_taken_name_and_a_non_admin(
    catalog_admin, clerk, department, other_department
):
    with pytest.raises(Exception) as caught:
        services.update_department(
            department_id=other_department.pk,
            actor=catalog_admin,
            code=other_department.code,
            name=department.name,
        )
    assert list(caught.value.fields) == ["name"]
    with pytest.raises(NotAllowed):
        services.create_department(code="x", name="某局", actor=clerk)
    assert not Department.objects.filter(code="x").exists()
