"""GET /api/v1/catalog/items/ and /<code>/: the contract fields, filters, 401, 404 body and a
constant number of queries."""

import pytest

from catalog import services
from tests.catalog.factories import draft_item, ensure_departments, published_item
from tests.queries import exact_queries

pytestmark = pytest.mark.django_db

CONTRACT_FIELDS = {
    "code",
    "name",
    "version",
    "category",
    "legal_basis",
    "statutory_limit_days",
    "committed_limit_days",
    "instant",
    "notice_commitment",
    "site_inspection",
    "permit_validity_years",
    "fees",
    "supervising_departments",
    "materials",
}


@pytest.fixture
def food(catalog_admin):
    ensure_departments("market", "health")
    return published_item(
        catalog_admin,
        "SC-001",
        supervising_departments=["market", "health"],
        fees=[{"name": "工本费", "amount": "10", "basis": "县物价文件"}],
        permit_validity_years=5,
        site_inspection=True,
    )


@pytest.fixture
def reader(api, clerk):
    return api.as_user(clerk)


def test_item_detail_has_every_contract_field_with_its_shape(reader, food):
    response = reader.get("/api/v1/catalog/items/SC-001/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= CONTRACT_FIELDS
    assert body["code"] == "SC-001"
    assert body["name"] == "食品经营许可"
    assert body["version"] == 1
    assert body["category"] == "市场准入"
    assert body["legal_basis"] == "《中华人民共和国食品安全法》第三十五条"
    assert (body["statutory_limit_days"], body["committed_limit_days"]) == (10, 5)
    assert (body["instant"], body["notice_commitment"], body["site_inspection"]) == (
        False,
        False,
        True,
    )
    assert body["permit_validity_years"] == 5
    assert body["fees"] == [{"name": "工本费", "amount": "10.00", "basis": "县物价文件"}]
    assert body["supervising_departments"] == [
        {"code": "health", "name": "县卫生健康局"},
        {"code": "market", "name": "县市场监督管理局"},
    ]
    materials = body["materials"]
    assert [m["name"] for m in materials] == [m.name for m in food.materials.all()]
    assert {"id", "name", "required", "waivable"} <= set(materials[0])
    assert materials[0]["id"] == food.materials.first().pk
    assert materials[2]["waivable"] is True and materials[2]["required"] is True


def test_permit_validity_years_is_null_when_none(reader, catalog_admin):
    published_item(catalog_admin, "SC-900", permit_validity_years=None)
    assert reader.get("/api/v1/catalog/items/SC-900/").json()["permit_validity_years"] is None


def test_item_list_is_paginated_with_the_same_item_shape(reader, food):
    body = reader.get("/api/v1/catalog/items/").json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 1
    assert set(body["results"][0]) >= CONTRACT_FIELDS


def test_item_list_shows_only_published_versions(reader, food, catalog_admin):
    draft_item(catalog_admin, "ZZ-001")
    services.start_draft(item=food.item, actor=catalog_admin)
    withdrawn = published_item(catalog_admin, "ZZ-002")
    services.withdraw(item=withdrawn.item, actor=catalog_admin, reason="法规废止")
    body = reader.get("/api/v1/catalog/items/").json()
    assert [(r["code"], r["version"]) for r in body["results"]] == [("SC-001", 1)]


def test_item_list_filters_by_text_and_department(reader, food, catalog_admin):
    published_item(
        catalog_admin, "JT-001", name="道路货物运输经营许可", supervising_departments=["health"]
    )

    def codes(**params):
        return [r["code"] for r in reader.get("/api/v1/catalog/items/", params).json()["results"]]

    assert codes() == ["JT-001", "SC-001"]
    assert codes(q="食品") == ["SC-001"]
    assert codes(q="jt-") == ["JT-001"]
    assert codes(department="market") == ["SC-001"]
    assert codes(department="health") == ["JT-001", "SC-001"]
    assert codes(department="nowhere") == []
    assert codes(q="运输", department="health") == ["JT-001"]


def test_item_list_without_credentials_is_401(api, food):
    response = api.get("/api/v1/catalog/items/")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert api.get("/api/v1/catalog/items/SC-001/").status_code == 401


@pytest.mark.parametrize("code", ["NOPE", "ZZ-001"])
def test_unknown_or_unpublished_code_is_404_with_the_contract_body(reader, catalog_admin, code):
    draft_item(catalog_admin, "ZZ-001")
    response = reader.get(f"/api/v1/catalog/items/{code}/")
    assert response.status_code == 404
    body = response.json()
    assert body["code"] == "not_found"
    assert isinstance(body["detail"], str) and "未找到" in body["detail"]


def test_a_liaison_may_read_the_catalog(api, liaison, food):
    assert api.as_user(liaison).get("/api/v1/catalog/items/SC-001/").status_code == 200


def test_item_list_takes_the_same_exact_queries_for_5_or_60_items(reader, catalog_admin):
    ensure_departments("market")

    def count():
        # token, count, page, then one each: supervising departments, materials, fees,
        # related items (with their published versions)
        with exact_queries(7):
            response = reader.get("/api/v1/catalog/items/", {"page_size": 100})
        assert response.status_code == 200
        return response.json()["count"]

    for n in range(5):
        published_item(catalog_admin, f"A-{n:03}")
    five = count()
    for n in range(5, 60):
        published_item(catalog_admin, f"A-{n:03}")
    sixty = count()
    assert (five, sixty) == (5, 60)


def test_the_schema_documents_the_catalog_endpoints(api):
    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert "/api/v1/catalog/items/" in schema["paths"]
    params = {p["name"] for p in schema["paths"]["/api/v1/catalog/items/"]["get"]["parameters"]}
    assert {"q", "department", "page"} <= params
    item = schema["components"]["schemas"]["CatalogItem"]
    assert set(item["properties"]) >= CONTRACT_FIELDS


# --- hostile queries: filters, pages, codes -------------------------------------------------


def _invalid(response, field):
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid" and isinstance(body["detail"], str)
    assert list(body["fields"]) == [field]
    return body["fields"][field][0]


@pytest.mark.parametrize(("field", "limit"), [("q", 200), ("department", 40), ("category", 50)])
def test_an_over_long_filter_is_a_400_naming_it(reader, food, field, limit):
    message = _invalid(reader.get("/api/v1/catalog/items/", {field: "长" * (limit + 1)}), field)
    assert str(limit) in message
    assert reader.get("/api/v1/catalog/items/", {field: "长" * limit}).status_code == 200


@pytest.mark.parametrize("field", ["q", "department", "category"])
@pytest.mark.parametrize("value", ["", "   "])
def test_an_empty_filter_is_a_400_not_the_whole_list(reader, food, field, value):
    message = _invalid(reader.get("/api/v1/catalog/items/", {field: value}), field)
    assert "不能为空" in message


@pytest.mark.parametrize("value", ["abc", "-1", "0", "10000000", "1.5", "²", "1e3", ""])
def test_a_junk_page_size_is_a_400_naming_it(reader, food, value):
    message = _invalid(reader.get("/api/v1/catalog/items/", {"page_size": value}), "page_size")
    assert "500" in message


@pytest.mark.parametrize("value", ["abc", "-1", "0", "1.5", "²", "9" * 19, ""])
def test_a_junk_page_is_a_400_naming_it(reader, food, value):
    _invalid(reader.get("/api/v1/catalog/items/", {"page": value}), "page")


def test_page_bounds_that_hold(reader, food):
    assert reader.get("/api/v1/catalog/items/", {"page_size": "500"}).status_code == 200
    assert reader.get("/api/v1/catalog/items/", {"page": "last"}).status_code == 200
    past = reader.get("/api/v1/catalog/items/", {"page": "2"})
    assert past.status_code == 404 and past.json()["code"] == "not_found"
    assert reader.get("/api/v1/catalog/items/", {"page": "9" * 18}).status_code == 404


@pytest.mark.parametrize("code", ["99999999999999999999", "-1", "²", "A" * 1000, "..", "%E2%80%8B"])
def test_an_item_code_that_cannot_exist_is_a_404(reader, food, code):
    response = reader.get(f"/api/v1/catalog/items/{code}/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_the_schema_documents_errors_and_bounds_of_the_catalog_endpoints(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    paths = schema["paths"]
    error = {"$ref": "#/components/schemas/Error"}

    def responses(path):
        found = paths[path]["get"]["responses"]
        return {code: found[code]["content"]["application/json"]["schema"] for code in found}

    assert responses("/api/v1/catalog/items/") == {
        "200": {"$ref": "#/components/schemas/PaginatedCatalogItemList"},
        "400": error,
        "401": error,
        "404": error,
    }
    # 400: a control character in the code (core.middleware), documented on every operation
    assert {c: s for c, s in responses("/api/v1/catalog/items/{code}/").items() if c != "200"} == {
        "400": error,
        "401": error,
        "404": error,
    }
    assert responses("/api/v1/departments/")["401"] == error
    params = {p["name"]: p["schema"] for p in paths["/api/v1/catalog/items/"]["get"]["parameters"]}
    assert params["page_size"] == {"type": "integer", "minimum": 1, "maximum": 500, "default": 50}
    assert params["page"]["minimum"] == 1
    assert params["q"] == {"type": "string", "minLength": 1, "maxLength": 200}
    assert params["department"] == {"type": "string", "minLength": 1, "maxLength": 40}
    assert params["category"] == {"type": "string", "minLength": 1, "maxLength": 50}
