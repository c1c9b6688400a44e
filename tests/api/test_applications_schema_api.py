"""The OpenAPI schema of the applications and permits endpoints."""

import re

import pytest

pytestmark = pytest.mark.usefixtures("at_monday", "seal")


# --- the OpenAPI schema ------------------------------------------------------------------------

# Names the settings must give to the choice sets this app uses in several components; without
# them drf-spectacular warns about enum naming collisions ("status", "kind"). To be copied into
# SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] in config/settings.py.
APPROVALS_ENUM_NAMES = {
    "ApplicationStatusEnum": "approvals.models.Application.Status",
    "PermitStatusEnum": "approvals.models.Permit.Status",
    "ApplicantKindEnum": "approvals.models.Applicant.Kind",
}
OUR_PATHS = ("/api/v1/applications/", "/api/v1/permits/")
OUR_VIEWS = ("ApplicationViewSet", "PermitViewSet", "approvals/api/", "approvals/filters.py")


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value.rsplit("/", 1)[-1]
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _our_components(schema) -> set[str]:
    """Every component reachable from our paths."""
    components = schema["components"]["schemas"]
    todo = [
        ref
        for path, item in schema["paths"].items()
        if path.startswith(OUR_PATHS)
        for ref in _refs(item)
    ]
    seen = set()
    while todo:
        name = todo.pop()
        if name not in seen and name in components:
            seen.add(name)
            todo.extend(_refs(components[name]))
    return seen


def _generate_schema():
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.plumbing import _load_enum_name_overrides
    from drf_spectacular.settings import patched_settings, spectacular_settings

    overrides = {**spectacular_settings.ENUM_NAME_OVERRIDES, **APPROVALS_ENUM_NAMES}
    GENERATOR_STATS.reset()
    _load_enum_name_overrides.cache_clear()
    try:
        with patched_settings({"ENUM_NAME_OVERRIDES": overrides}):
            schema = SchemaGenerator().get_schema(request=None, public=True)
        return schema, [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache]
    finally:
        _load_enum_name_overrides.cache_clear()
        GENERATOR_STATS.reset()


def test_schema_of_applications_and_permits_has_no_warnings_and_validates():
    from drf_spectacular.validation import validate_schema

    schema, warnings = _generate_schema()
    ours = _our_components(schema)
    # Other apps' warnings (their enum collisions) are theirs; ours name our views or an enum
    # one of our components uses.
    mine = [
        w
        for w in warnings
        if any(v in w for v in OUR_VIEWS)
        or any(name in ours for name in re.findall(r"\b(\w+Enum)\b", w))
    ]
    assert mine == []
    validate_schema(schema)
    assert {"ApplicationStatusEnum", "PermitStatusEnum", "ApplicantKindEnum"} <= ours


def test_schema_documents_every_transition_with_its_errors():
    paths = _generate_schema()[0]["paths"]
    for action in (
        "accept",
        "request-correction",
        "refuse",
        "review",
        "decide",
        "start-review",
        "pause",
        "resume",
        "supply-waived",
        "deliver",
        "record-materials",
    ):
        post = paths[f"/api/v1/applications/{{id}}/{action}/"]["post"]
        assert set(post["responses"]) == {"200", "400", "401", "403", "404", "409"}
        if action != "start-review":  # the one transition without a body
            assert list(post["requestBody"]["content"]) == ["application/json"]
    assert set(paths["/api/v1/applications/"]) == {"get", "post"}
    create = paths["/api/v1/applications/"]["post"]
    # 409: an Idempotency-Key reused with another body (core/idempotency.py)
    assert set(create["responses"]) == {"201", "400", "401", "403", "409"}
    assert "Idempotency-Key" in {p["name"] for p in create["parameters"]}
    list_params = {p["name"] for p in paths["/api/v1/applications/"]["get"]["parameters"]}
    assert list_params >= {"status", "item", "overdue", "page", "page_size"}
    assert set(paths["/api/v1/permits/{number}/"]) == {"get"}
    assert set(paths["/api/v1/permits/{number}/act/"]) == {"post"}
