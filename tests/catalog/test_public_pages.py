"""Public catalog pages (no login): search, the guide with every field, 404, the notice."""

import pytest
from django.utils import timezone

from catalog import services
from catalog.models import Item
from tests.catalog.factories import draft_item, ensure_departments, published_item, sample_catalog
from tests.queries import exact_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(db):
    services.load_sample_catalog(sample_catalog())


def _codes(response):
    return [v.item.code for v in response.context["versions"]]


def test_the_catalog_lists_every_published_item_without_login(client, catalog):
    response = client.get("/catalog/")
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 27
    text = response.content.decode()
    assert "食品经营许可" in text and "县市场监督管理局" in text
    assert "即办" in text and "告知承诺" in text


def test_the_catalog_searches_by_name_or_code(client, catalog):
    assert _codes(client.get("/catalog/", {"q": "食品"})) == ["SC-001", "SC-002"]
    assert _codes(client.get("/catalog/", {"q": "sc-003"})) == ["SC-003"]
    assert "没有找到符合条件的事项" in client.get("/catalog/", {"q": "不存在"}).content.decode()


def test_the_catalog_filters_by_department_and_category(client, catalog):
    assert _codes(client.get("/catalog/", {"department": "public_security"})) == [
        "GA-001",
        "WL-001",
    ]
    assert _codes(client.get("/catalog/", {"category": "城市管理"})) == ["CG-001", "CG-002"]
    assert _codes(client.get("/catalog/", {"department": "health", "q": "医疗"})) == ["SC-005"]


def test_the_catalog_hides_drafts_and_withdrawn_items(client, catalog, catalog_admin):
    draft_item(catalog_admin, "ZZ-001", name="草稿事项")
    services.withdraw(item=Item.objects.get(code="SC-001"), actor=catalog_admin, reason="x")
    codes = _codes(client.get("/catalog/", {"page": 1}))
    assert "ZZ-001" not in codes and "SC-001" not in codes


def test_the_catalog_takes_the_same_exact_queries_for_5_or_60_items(client, catalog_admin):
    def count():
        # count, the category and department filters, the page, then one each: supervising
        # departments, materials, fees, related items
        with exact_queries(8):
            assert client.get("/catalog/").status_code == 200

    for n in range(5):
        published_item(catalog_admin, f"A-{n:03}")
    count()
    for n in range(5, 60):
        published_item(catalog_admin, f"A-{n:03}")
    count()


def test_the_guide_shows_every_field_of_the_published_version(client, catalog_admin):
    ensure_departments("market", "health")
    published_item(catalog_admin, "SC-901", name="食品生产许可")
    version = published_item(
        catalog_admin,
        "SC-900",
        supervising_departments=["market", "health"],
        related_items=["SC-901"],
        review_standard="符合食品经营许可审查通则",
        procedure="申请、受理、审查、决定",
        notice_commitment=True,
        commitment_check_method="三个月内现场核查",
        site_inspection=True,
        permit_validity_years=5,
        responsible_post="市场准入审批股",
        fees=[{"name": "工本费", "amount": "10", "basis": "县物价文件"}],
        materials=[{"name": "申请书", "original_count": 1, "copy_count": 2, "waivable": True}],
    )
    response = client.get("/catalog/SC-900/")
    assert response.status_code == 200
    text = response.content.decode()
    published = timezone.localtime(version.published_at).strftime("%Y-%m-%d")
    for expected in [
        "食品经营许可",
        "SC-900",
        "第 1 版",
        published,
        "市场准入",
        "食品安全法",
        "有与经营的食品品种",
        "符合食品经营许可审查通则",
        "申请、受理、审查、决定",
        "10 个工作日",
        "5 个工作日",
        "承诺件",
        "三个月内现场核查",
        "需要",
        "5 年",
        "工本费",
        "10.00",
        "县物价文件",
        "申请书",
        "2 份",
        "可容缺",
        "县市场监督管理局",
        "县卫生健康局",
        "市场准入审批股",
        "已划转至行政审批服务局",
        'href="/catalog/SC-901/"',
        "食品生产许可",
        'href="/catalog/SC-900/notice/"',
    ]:
        assert expected in text, expected


def test_the_guide_says_no_fee_and_long_validity_when_so(client, catalog_admin):
    published_item(
        catalog_admin,
        "SC-900",
        fees=[],
        permit_validity_years=None,
        instant=True,
        committed_limit_days=0,
    )
    text = client.get("/catalog/SC-900/").content.decode()
    assert "不收费" in text and "长期有效" in text and "即办件" in text


def test_the_guide_names_the_handling_department_of_an_untransferred_item(client, catalog_admin):
    ensure_departments("health")
    published_item(catalog_admin, "SC-900", transferred=False, handling_department="health")
    text = client.get("/catalog/SC-900/").content.decode()
    assert "未划转,由县卫生健康局办理" in text


def test_the_guide_shows_the_newest_published_version(client, catalog_admin):
    version = published_item(catalog_admin, "SC-900")
    draft = services.start_draft(item=version.item, actor=catalog_admin)
    services.update_draft(version=draft, actor=catalog_admin, committed_limit_days=2)
    assert "第 1 版" in client.get("/catalog/SC-900/").content.decode()  # the draft is not public
    services.publish(version=draft, actor=catalog_admin)
    response = client.get("/catalog/SC-900/")
    assert response.context["version"].number == 2
    assert "2 个工作日" in response.content.decode()


@pytest.mark.parametrize("path", ["/catalog/NOPE/", "/catalog/NOPE/notice/"])
def test_an_unknown_code_is_404(client, catalog, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_a_draft_or_withdrawn_item_is_404(client, catalog_admin):
    draft_item(catalog_admin, "ZZ-001")
    version = published_item(catalog_admin, "SC-900")
    services.withdraw(item=version.item, actor=catalog_admin, reason="法规废止")
    assert client.get("/catalog/ZZ-001/").status_code == 404
    assert client.get("/catalog/SC-900/").status_code == 404


def test_the_notice_lists_every_material_with_a_print_button(client, catalog):
    response = client.get("/catalog/SC-001/notice/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "一次性告知单" in text
    assert "data-print" in text and "js/oneseal.js" in text  # the print button, no inline script
    version = response.context["version"]
    for material in version.materials.all():
        assert material.name in text
    assert text.count('class="catalog-check"') == version.materials.count()
    assert "(可容缺)" in text


def test_the_guide_and_notice_pages_take_a_constant_number_of_queries(
    client, catalog, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        client.get("/catalog/WL-001/")
    with django_assert_max_num_queries(8):
        client.get("/catalog/WL-001/notice/")
