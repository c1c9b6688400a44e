"""A catalog admin opens a draft's change form: the department picker (SelectFilter2) speaks
Chinese — Django's JavaScript catalog is loaded, and the strings Django's zh_Hans lacks come
from the project's locale — and a committed limit above the statutory one is refused at its
field in Chinese."""

from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from catalog import services
from catalog.models import Item


def test_the_department_picker_and_the_limit_error_are_chinese(demo, login, page, base_url, shoot):
    admin1 = get_user_model().objects.get(username="admin1")
    draft = services.start_draft(item=Item.objects.get(code="SC-001"), actor=admin1)
    catalog_requests = []
    page.on(
        "response",
        lambda r: catalog_requests.append(r.status) if "/admin/jsi18n/" in r.url else None,
    )
    login("admin1")
    page.goto(f"{base_url}/admin/catalog/itemversion/{draft.pk}/change/")

    picker = page.locator("#id_supervising_departments_from").locator(
        "xpath=ancestor::div[@class='selector']"
    )
    expect(picker.locator(".selector-available-title label")).to_contain_text("可用 监管部门")
    expect(picker.locator(".selector-chosen-title label")).to_contain_text("选中的 监管部门")
    expect(picker.locator(".selector-available-title .helptext")).to_contain_text("选择”箭头按钮")
    expect(picker.locator("#id_supervising_departments_add_all")).to_have_text("全选监管部门")
    expect(picker.locator("#id_supervising_departments_add")).to_have_text("选择所选监管部门")
    expect(picker.locator("#id_supervising_departments_remove")).to_have_text("删除所选监管部门")
    expect(picker.locator("#id_supervising_departments_remove_all")).to_have_text(
        "删除全部监管部门"
    )
    text = picker.inner_text()
    for english in ("Choose", "Remove", "Available", "Chosen"):
        assert english not in text, english
    assert catalog_requests == [200]
    shoot("picker")

    page.locator("#id_committed_limit_days").fill("99")
    page.locator("input[name=_continue]").click()
    page.wait_for_load_state()
    field = page.locator(".field-committed_limit_days")
    expect(field.locator(".errorlist")).to_have_text("承诺时限不能超过法定时限。")
    expect(page.locator("#content")).not_to_contain_text("是无效的")
    shoot("limit-error")
    draft.refresh_from_db()
    assert draft.committed_limit_days == 5
