"""A catalog admin publishes a new version of an item in the Django admin, exports the catalog,
and the public guide shows the new version."""

import io

import openpyxl
from playwright.sync_api import expect

NEW_MATERIAL = "从业人员健康证明"


def _expect_message(page, text):
    expect(page.locator("ul.messagelist li", has_text=text)).to_be_visible()


def _run_action(page, code, action):
    page.locator("#result_list tr", has_text=code).locator("input.action-select").check()
    page.locator("select[name=action]").select_option(action)
    page.locator("button[name=index]").click()
    page.wait_for_load_state()


def test_admin_publishes_a_new_version_and_the_public_guide_shows_it(
    demo, login, page, base_url, tmp_path
):
    login("admin1")
    expect(page).to_have_url(f"{base_url}/admin/")

    # The public guide shows version 1 first.
    page.goto(f"{base_url}/catalog/SC-001/")
    expect(page.get_by_test_id("version-number")).to_have_text("第 1 版")
    expect(page.get_by_test_id("committed-limit")).to_have_text("5 个工作日")

    # Draft from the published version: the action opens the new draft.
    page.goto(f"{base_url}/admin/catalog/item/?q=SC-001")
    _run_action(page, "SC-001", "start_draft_action")
    _expect_message(page, "已为 SC-001 创建草稿")
    expect(page.locator("#id_name")).to_have_value("食品经营许可")

    # Edit it: a shorter committed limit and one more material (the empty inline row).
    page.locator("#id_committed_limit_days").fill("3")
    page.locator("#id_change_note").fill("承诺时限缩短为 3 个工作日,增加健康证明")
    # The steps (程序清单) must fit the shorter limit: 受理 and 制证送达 当场, the rest 1 day each.
    steps = page.locator("#steps-group input[name^='steps-'][name$='-limit_days']")
    for i in range(steps.count()):
        name = steps.nth(i).get_attribute("name") or ""
        if "__prefix__" not in name:
            steps.nth(i).fill("0")
    page.locator("#steps-group input[name='steps-1-limit_days']").fill("2")
    page.locator("#steps-group input[name='steps-3-limit_days']").fill("1")
    materials = page.locator("#materials-group")
    empty = materials.locator("tr.form-row:not(.has_original):not(.empty-form)").last
    empty.locator("input[name$='-name']").fill(NEW_MATERIAL)
    empty.locator("input[name$='-position']").fill("6")
    page.locator("input[name=_save]").click()
    page.wait_for_load_state()
    _expect_message(page, "成功修改了")

    # Publish it with the admin action.
    page.goto(f"{base_url}/admin/catalog/itemversion/?status__exact=draft")
    _run_action(page, "SC-001", "publish_action")
    _expect_message(page, "已发布 SC-001 食品经营许可 第 2 版。")

    # A published version is read-only now.
    page.goto(f"{base_url}/admin/catalog/itemversion/?q=SC-001&status__exact=published")
    page.locator("#result_list a", has_text="SC-001").first.click()
    expect(page.locator("#content")).to_contain_text("承诺时限缩短为 3 个工作日")
    expect(page.locator("input[name=_save]")).to_have_count(0)

    # Export the catalog as xlsx through the import-export button.
    page.goto(f"{base_url}/admin/catalog/item/")
    page.get_by_role("link", name="导出").click()
    page.locator("select[name=format]").select_option(label="xlsx")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="提交").click()
    download = download_info.value
    assert download.suggested_filename.startswith("catalog-")
    assert download.suggested_filename.endswith(".xlsx")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    sheet = openpyxl.load_workbook(io.BytesIO(path.read_bytes())).active
    headers = [c.value for c in sheet[1]]
    rows = {r[0]: dict(zip(headers, r, strict=True)) for r in sheet.iter_rows(2, values_only=True)}
    assert len(rows) == 27
    assert rows["SC-001"]["版本号"] == 2  # the file's headers are Chinese (issue 13)
    assert rows["SC-001"]["承诺时限(工作日)"] == 3
    assert NEW_MATERIAL in rows["SC-001"]["申请材料"]

    # The public guide (no login needed) shows the new version and the edited fields.
    page.context.clear_cookies()
    page.goto(f"{base_url}/catalog/SC-001/")
    expect(page.get_by_test_id("version-number")).to_have_text("第 2 版")
    expect(page.get_by_test_id("committed-limit")).to_have_text("3 个工作日")
    expect(page.get_by_test_id("materials")).to_contain_text(NEW_MATERIAL)
    page.get_by_role("link", name="一次性告知单(可打印)").click()
    expect(page.locator("h1")).to_have_text("一次性告知单")
    expect(page.get_by_test_id("print")).to_be_visible()
    expect(page.locator(".catalog-notice-table")).to_contain_text(NEW_MATERIAL)
    page.screenshot(path=str(tmp_path / "notice.png"), full_page=True)


def test_the_public_catalog_searches_without_login(demo, page, base_url):
    page.goto(f"{base_url}/catalog/")
    expect(page.get_by_test_id("result-count")).to_have_text("共 27 个事项")
    page.get_by_label("事项名称或编码").fill("食品")
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_test_id("result-count")).to_have_text("共 2 个事项")
    page.get_by_role("link", name="食品经营许可").click()
    expect(page).to_have_url(f"{base_url}/catalog/SC-001/")
    expect(page.get_by_test_id("departments")).to_have_text("县市场监督管理局")
