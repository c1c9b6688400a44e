"""办理地点, 办公时间 and 咨询/投诉电话: bureau-wide settings (BureauProfile) with per-item
overrides, answered by catalog.selectors.contact_for and shown on the guide, the notice and the
API's item detail."""

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from catalog import selectors, services
from catalog.models import BureauProfile, ItemVersion
from core.errors import InvalidInput, InvalidTransition, NotAllowed
from tests.catalog.factories import draft_item, published_item

pytestmark = pytest.mark.django_db

BUREAU = {
    "name": "县行政审批服务局",
    "address": "县政务服务中心一楼",
    "office_hours": "周一至周五 9:00–17:00",
    "phone": "0571-8888 1234",
    "complaint_phone": "0571-8888 1200",
}


@pytest.fixture
def bureau(catalog_admin):
    return services.update_bureau_profile(actor=catalog_admin, **BUREAU)


def _with_overrides(actor, **overrides):
    """A published item whose draft carried these override fields (saved like the admin)."""
    draft = draft_item(actor)
    for field, value in overrides.items():
        setattr(draft, field, value)
    services.save_draft(version=draft, actor=actor, changed_fields=list(overrides))
    return services.publish(version=draft, actor=actor)


# --- contact_for ----------------------------------------------------------------------------


def test_a_version_without_overrides_shows_the_bureaus_contact(bureau, catalog_admin):
    contact = selectors.contact_for(published_item(catalog_admin))
    assert contact.location == "县政务服务中心一楼"
    assert contact.office_hours == "周一至周五 9:00–17:00"
    assert contact.phone == "0571-8888 1234"
    assert contact.complaint_phone == "0571-8888 1200"
    assert contact.bureau == "县行政审批服务局"
    assert contact.overridden == frozenset()


def test_an_override_wins_field_by_field_and_the_rest_stays_the_bureaus(bureau, catalog_admin):
    version = _with_overrides(catalog_admin, contact_location="三楼 12 号窗口")
    contact = selectors.contact_for(version)
    assert contact.location == "三楼 12 号窗口"
    assert contact.phone == "0571-8888 1234"  # not overridden: the bureau's
    assert contact.office_hours == "周一至周五 9:00–17:00"
    assert contact.overridden == {"location"}


def test_every_override_is_used_and_the_complaint_line_is_always_the_bureaus(bureau, catalog_admin):
    version = _with_overrides(
        catalog_admin,
        contact_location="三楼 12 号窗口",
        contact_hours="工作日 8:30–17:00",
        contact_phone="0571-8888 5678",
    )
    contact = selectors.contact_for(version)
    assert (contact.location, contact.office_hours, contact.phone) == (
        "三楼 12 号窗口",
        "工作日 8:30–17:00",
        "0571-8888 5678",
    )
    assert contact.complaint_phone == "0571-8888 1200"
    assert contact.overridden == {"location", "office_hours", "phone"}


def test_with_no_saved_settings_the_model_defaults_answer_without_a_row(catalog_admin):
    assert not BureauProfile.objects.exists()
    contact = selectors.contact_for(published_item(catalog_admin))
    assert contact.bureau == "县行政审批服务局"
    assert "周一至周五" in contact.office_hours
    assert contact.location == "" and contact.phone == ""
    assert not BureauProfile.objects.exists()  # a read writes nothing


def test_contact_for_takes_one_query(bureau, catalog_admin, django_assert_num_queries):
    version = published_item(catalog_admin)
    with django_assert_num_queries(1):
        selectors.contact_for(version)


# --- the pages and the API ------------------------------------------------------------------


def test_the_guide_shows_the_overrides_and_the_bureaus_lines(client, bureau, catalog_admin):
    _with_overrides(catalog_admin, contact_location="三楼 12 号窗口")
    text = client.get("/catalog/SC-900/").content.decode()
    section = text[text.index('data-testid="contact"') :]
    section = section[: section.index("</table>")]
    assert "三楼 12 号窗口" in section
    assert "县政务服务中心一楼" not in section  # overridden
    assert "0571-8888 1234" in section and "0571-8888 1200" in section
    assert "周一至周五 9:00–17:00" in section
    # after 基本信息, before 申请条件
    assert text.index("基本信息") < text.index("办理地点与咨询方式") < text.index("申请条件")


def test_the_notice_prints_where_when_and_whom_to_call(client, bureau, catalog_admin):
    _with_overrides(catalog_admin, contact_phone="0571-8888 5678")
    text = client.get("/catalog/SC-900/notice/").content.decode()
    block = text[text.index('data-testid="contact"') :]
    block = block[: block.index("</ul>")]
    assert "县政务服务中心一楼" in block
    assert "0571-8888 5678" in block and "0571-8888 1234" not in block
    assert "0571-8888 1200" in block
    assert "周一至周五 9:00–17:00" in block


def test_the_guide_and_notice_keep_their_query_budget(
    client, bureau, catalog_admin, django_assert_max_num_queries
):
    published_item(catalog_admin)
    with django_assert_max_num_queries(8):
        assert client.get("/catalog/SC-900/").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/catalog/SC-900/notice/").status_code == 200


def test_the_api_item_detail_carries_the_contact(client, bureau, catalog_admin, make_user):
    _with_overrides(catalog_admin, contact_location="三楼 12 号窗口")
    client.force_login(make_user("reader"))
    body = client.get("/api/v1/catalog/items/SC-900/").json()
    assert body["contact"] == {
        "bureau": "县行政审批服务局",
        "location": "三楼 12 号窗口",
        "office_hours": "周一至周五 9:00–17:00",
        "phone": "0571-8888 1234",
        "complaint_phone": "0571-8888 1200",
        "website": "",
        "email": "",
        "overridden": ["location"],
    }


# --- versions: copied into a new draft, frozen when published --------------------------------


def test_a_new_draft_copies_the_published_versions_overrides(bureau, catalog_admin):
    published = _with_overrides(
        catalog_admin, contact_location="三楼 12 号窗口", contact_phone="0571-8888 5678"
    )
    draft = services.start_draft(item=published.item, actor=catalog_admin)
    assert draft.contact_location == "三楼 12 号窗口"
    assert draft.contact_phone == "0571-8888 5678"
    assert draft.contact_hours == ""


def test_a_published_versions_overrides_are_frozen(bureau, catalog_admin):
    published = _with_overrides(catalog_admin, contact_location="三楼 12 号窗口")
    published.contact_location = "别处"
    with pytest.raises(InvalidTransition) as exc:
        services.save_draft(version=published, actor=catalog_admin, changed_fields=["x"])
    assert exc.value.code == "not_draft"
    assert ItemVersion.objects.get(pk=published.pk).contact_location == "三楼 12 号窗口"


def test_the_admin_cannot_change_a_published_versions_contact(client, bureau, catalog_admin):
    published = _with_overrides(catalog_admin, contact_location="三楼 12 号窗口")
    client.force_login(catalog_admin)
    url = f"/admin/catalog/itemversion/{published.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200 and 'name="contact_location"' not in page.content.decode()
    client.post(url, {"contact_location": "别处"})
    assert ItemVersion.objects.get(pk=published.pk).contact_location == "三楼 12 号窗口"


def test_the_admin_edits_a_drafts_overrides(client, bureau, catalog_admin):
    draft = draft_item(catalog_admin)
    client.force_login(catalog_admin)
    page = client.get(f"/admin/catalog/itemversion/{draft.pk}/change/").content.decode()
    assert 'name="contact_location"' in page and "办理地点与咨询方式" in page


# --- the bureau's settings: audited, checked ------------------------------------------------


def test_saving_the_settings_writes_one_audit_event_with_before_and_after(catalog_admin):
    services.update_bureau_profile(actor=catalog_admin, **BUREAU)
    services.update_bureau_profile(actor=catalog_admin, **{**BUREAU, "phone": "0571-8888 9999"})
    events = AuditEvent.objects.filter(action="update_bureau_profile").order_by("pk")
    assert events.count() == 2
    last = events.last()
    assert last.actor == catalog_admin
    assert last.data["before"] == {"phone": "0571-8888 1234"}
    assert last.data["after"] == {"phone": "0571-8888 9999"}
    assert BureauProfile.history.count() == 2


def test_saving_the_same_settings_again_writes_nothing(catalog_admin):
    services.update_bureau_profile(actor=catalog_admin, **BUREAU)
    services.update_bureau_profile(actor=catalog_admin, **BUREAU)
    assert AuditEvent.objects.filter(action="update_bureau_profile").count() == 1
    assert BureauProfile.objects.count() == 1


def test_only_the_catalog_admin_changes_the_settings(make_user):
    from core.roles import Role

    clerk = make_user("clerk", Role.WINDOW_CLERK)
    with pytest.raises(NotAllowed):
        services.update_bureau_profile(actor=clerk, **BUREAU)
    assert not BureauProfile.objects.exists()


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("office_hours", "周一" + "\x00" + "至周五", "控制字符"),
        ("address", "一楼\x1b[31m", "控制字符"),
        ("office_hours", "上午" * 5000, "不能超过 300 字"),
        ("phone", "abc", "电话号码"),
        ("phone", "٣٣٣٣٣٣", "电话号码"),  # Arabic-Indic digits are not a number to call
        ("complaint_phone", "", "不能为空"),
        ("address", "\u200b \u3000", "不能为空"),  # invisible only
        ("website", "javascript:alert(1)", "URL"),
        ("email", "not-an-email", "邮件"),
    ],
)
def test_hostile_settings_are_refused_with_a_chinese_message(catalog_admin, field, value, message):
    with pytest.raises(InvalidInput) as exc:
        services.update_bureau_profile(actor=catalog_admin, **{**BUREAU, field: value})
    assert field in exc.value.fields
    text = "".join(exc.value.fields[field])
    assert message in text or (message == "URL" and "网址" in text), text
    assert not BureauProfile.objects.exists()
    assert not AuditEvent.objects.filter(action="update_bureau_profile").exists()


def test_an_unknown_settings_field_is_refused(catalog_admin):
    with pytest.raises(InvalidInput):
        services.update_bureau_profile(actor=catalog_admin, **BUREAU, fax="123")


@pytest.mark.parametrize(
    "field, value",
    [
        ("contact_hours", "周" * 10_000),
        ("contact_location", "三楼\x07窗口"),
        ("contact_phone", "请来电"),
    ],
)
def test_hostile_overrides_fail_the_models_validation(catalog_admin, field, value):
    draft = draft_item(catalog_admin)
    setattr(draft, field, value)
    with pytest.raises(ValidationError) as exc:
        draft.full_clean()
    assert field in exc.value.message_dict


def test_the_admin_settings_page_saves_through_the_service(client, catalog_admin):
    client.force_login(catalog_admin)
    assert client.get("/admin/catalog/bureauprofile/add/").status_code == 200
    response = client.post("/admin/catalog/bureauprofile/add/", {**BUREAU, "website": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert BureauProfile.objects.get().address == "县政务服务中心一楼"
    assert AuditEvent.objects.filter(action="update_bureau_profile").count() == 1
    # one row: the list opens it, a second one cannot be added, it cannot be deleted
    assert client.get("/admin/catalog/bureauprofile/").status_code == 302
    assert client.get("/admin/catalog/bureauprofile/add/")["Location"].endswith("/1/change/")
    assert client.post("/admin/catalog/bureauprofile/1/delete/", {"post": "yes"}).status_code == 403
    assert BureauProfile.objects.count() == 1


def test_the_admin_settings_form_shows_a_10k_hours_error_at_its_field(client, catalog_admin):
    client.force_login(catalog_admin)
    response = client.post(
        "/admin/catalog/bureauprofile/add/", {**BUREAU, "office_hours": "上" * 10_000}
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["office_hours"]
    assert not BureauProfile.objects.exists()


def test_the_sample_loader_seeds_real_looking_settings_once(db):
    from catalog.services.contacts import load_sample_profile

    assert load_sample_profile() is not None
    profile = BureauProfile.objects.get()
    assert profile.address and profile.phone and profile.complaint_phone
    assert load_sample_profile() is None  # a second load changes nothing
    assert AuditEvent.objects.filter(action="update_bureau_profile").count() == 1
