"""当事人 at intake: the agent (经办人, with the authorisation letter) and an organisation's legal
representative (法定代表人), through take_in (service), the workbench page and the API."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from approvals import services
from approvals.models import (
    Applicant,
    Application,
    ApplicationParty,
    IssuedDocument,
    StoredFile,
)
from approvals.services.applicants import InvalidParty
from approvals.views.parties import authorization_letter as letter_view
from audit.models import AuditEvent
from audit.services import events_for
from core.errors import InvalidInput
from tests.approvals.pages.helpers import PDF_BYTES, VALID_ID, intake_data, logged_in

pytestmark = pytest.mark.usefixtures("at_monday", "seal")

AGENT_ID = "110105198001011238"
LR_ID = "330102199003150019"
USCC = "91350100M000100Y43"
PERSON = {
    "kind": "person",
    "name": "张小三",
    "id_number": VALID_ID,
    "phone": "13800000000",
    "address": "示例县人民路 1 号",
}
ORG = {
    "kind": "organization",
    "name": "示例县好邻居超市有限公司",
    "id_number": USCC,
    "phone": "0571-88881234",
    "address": "示例县解放路 8 号",
}


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def letter():
    return SimpleUploadedFile("授权委托书.pdf", PDF_BYTES)


def agent(**overrides):
    return {
        "name": "李经办",
        "id_number": AGENT_ID,
        "phone": "139 0000 1111",
        "letter": letter(),
        **overrides,
    }


def take_in(clerk, version, applicant=PERSON, **kwargs):
    return services.take_in(
        clerk=clerk, item_version=version, applicant=applicant, provided={}, **kwargs
    )


def refused(clerk, version, applicant=PERSON, **kwargs) -> InvalidInput:
    with pytest.raises(InvalidInput) as err:
        take_in(clerk, version, applicant, **kwargs)
    assert not Application.objects.exists() and not Applicant.objects.exists()
    assert not StoredFile.objects.exists() and not ApplicationParty.objects.exists()
    return err.value


# --- the service ------------------------------------------------------------------------------


def test_an_agent_is_recorded_with_the_letter_in_the_applicants_library(clerk, version):
    app = take_in(clerk, version, agent=agent())
    party = ApplicationParty.objects.get()
    assert party.application == app and party.role == "agent"
    assert (party.name, party.id_number, party.phone) == ("李经办", AGENT_ID, "13900001111")
    stored = StoredFile.objects.get()
    assert party.authorization_letter == stored and stored.applicant == app.applicant
    assert stored.original_name == "授权委托书.pdf" and not party.letter_checked_on_paper


def test_the_agent_is_in_the_submit_audit_event_with_the_id_masked(clerk, version):
    app = take_in(clerk, version, agent=agent())
    event = events_for(app).get(action="submit")
    (row,) = event.data["parties"]
    assert row["role"] == "agent" and row["name"] == "李经办"
    assert row["id_number"] == "110105********1238"
    assert row["letter"] == StoredFile.objects.get().sha256
    assert AGENT_ID not in str(event.data)


def test_no_agent_means_no_party_and_no_parties_in_the_audit(clerk, version):
    app = take_in(clerk, version)
    assert not app.parties.exists()
    assert "parties" not in (events_for(app).get(action="submit").data or {})


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("name", "", "party_required"),
        ("name", "\u200b \u3000", "party_required"),
        ("id_number", "", "party_required"),
        ("id_number", "110105198001011239", "invalid_party"),  # check digit
        ("phone", "", "party_required"),
        ("phone", "abc", "invalid_party"),
    ],
)
def test_an_agent_needs_name_id_number_and_phone(clerk, version, field, value, code):
    err = refused(clerk, version, agent=agent(**{field: value}))
    assert err.code == code and list(err.fields) == [f"agent_{field}"]
    assert isinstance(err, InvalidParty)


def test_an_agent_without_the_authorisation_letter_is_refused(clerk, version):
    err = refused(clerk, version, agent=agent(letter=None))
    assert err.code == "authorization_letter_required"
    assert err.fields == {"agent_letter": ["委托代理人办理须提交申请人签署的授权委托书。"]}


def test_a_letter_that_is_not_a_pdf_or_image_is_refused_at_the_letter_field(clerk, version):
    bad = SimpleUploadedFile("授权委托书.exe", b"MZ\x90\x00")
    err = refused(clerk, version, agent=agent(letter=bad))
    assert err.code == "file_type" and list(err.fields) == ["agent_letter"]


def test_a_letter_from_the_library_of_another_applicant_is_refused(clerk, version, applicant):
    other = services.store_file(actor=clerk, applicant=applicant, uploaded=letter())
    person = {**PERSON, "id_number": AGENT_ID, "name": "王五"}
    with pytest.raises(InvalidParty) as err:
        take_in(
            clerk, version, person, agent=agent(id_number=LR_ID, letter_file=other, letter=None)
        )
    assert err.value.code == "foreign_file"
    assert not Application.objects.exists()


def test_a_letter_reused_from_the_applicants_library(clerk, version, applicant):
    stored = services.store_file(actor=clerk, applicant=applicant, uploaded=letter())
    take_in(clerk, version, agent=agent(letter=None, letter_file=stored))
    assert ApplicationParty.objects.get().authorization_letter == stored
    assert StoredFile.objects.count() == 1


def test_the_applicant_is_not_their_own_agent(clerk, version):
    err = refused(clerk, version, agent=agent(id_number=VALID_ID))
    assert err.code == "agent_is_applicant"


def test_an_organisation_records_its_legal_representative(clerk, version):
    app = take_in(
        clerk,
        version,
        ORG,
        legal_representative={"name": "赵法人", "id_number": "", "phone": ""},
        agent=agent(),
    )
    roles = {p.role: p for p in app.parties.all()}
    assert set(roles) == {"agent", "legal_representative"}
    lr = roles["legal_representative"]
    assert (lr.name, lr.id_number, lr.phone, lr.authorization_letter) == ("赵法人", "", "", None)
    rows = events_for(app).get(action="submit").data["parties"]
    assert [r["role"] for r in rows] == ["agent", "legal_representative"]


def test_a_legal_representatives_id_number_is_checked_when_given(clerk, version):
    lr = {"name": "赵法人", "id_number": "33010219900315001X", "phone": ""}
    err = refused(clerk, version, ORG, legal_representative=lr)
    assert list(err.fields) == ["legal_rep_id_number"] and "校验位" in err.message
    lr = {"name": "赵法人", "id_number": "３３０１０２１９９００３１５００１９", "phone": "abc"}
    err = refused(clerk, version, ORG, legal_representative=lr)
    assert list(err.fields) == ["legal_rep_phone"]  # the full-width ID number passed


def test_a_legal_representative_needs_a_name(clerk, version):
    err = refused(clerk, version, ORG, legal_representative={"name": " ", "id_number": LR_ID})
    assert err.code == "party_required" and list(err.fields) == ["legal_rep_name"]


def test_a_person_has_no_legal_representative(clerk, version):
    err = refused(clerk, version, legal_representative={"name": "赵法人"})
    assert err.code == "legal_representative_for_person"


def test_the_database_refuses_an_agent_without_a_letter(clerk, version):
    app = take_in(clerk, version)
    with pytest.raises(IntegrityError), transaction.atomic():
        ApplicationParty.objects.create(
            application=app, role="agent", name="李经办", id_number=AGENT_ID
        )


def test_one_agent_per_application_in_the_database(clerk, version):
    app = take_in(clerk, version, agent=agent())
    with pytest.raises(IntegrityError), transaction.atomic():
        ApplicationParty.objects.create(
            application=app,
            role="agent",
            name="又一个",
            id_number=LR_ID,
            letter_checked_on_paper=True,
        )


# --- hostile input (also on PostgreSQL) -----------------------------------------------------


@pytest.mark.parametrize("field", ["name", "id_number", "phone"])
@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\ud800"])
def test_control_characters_in_a_party_are_refused(clerk, version, field, char):
    value = {"name": "李\x00经办", "id_number": AGENT_ID[:9], "phone": "139"}[field]
    err = refused(clerk, version, agent=agent(**{field: value.replace("\x00", "") + char}))
    assert list(err.fields) == [f"agent_{field}"]


def test_a_ten_megabyte_name_is_refused_with_its_length(clerk, version):
    err = refused(clerk, version, agent=agent(name="李" * 10_000_000))
    assert list(err.fields) == ["agent_name"] and "10000000" in err.message


def test_full_width_digits_in_the_agents_id_and_phone_are_normalised(clerk, version):
    full = AGENT_ID.translate({c: c + 0xFEE0 for c in range(0x30, 0x3A)})
    take_in(clerk, version, agent=agent(id_number=full, phone="１３９－０００－０１１１１"))
    party = ApplicationParty.objects.get()
    assert (party.id_number, party.phone) == (AGENT_ID, "13900001111")


def test_other_digits_in_the_agents_phone_are_refused(clerk, version):
    err = refused(clerk, version, agent=agent(phone="١٣٩٠٠٠٠١١١١"))
    assert list(err.fields) == ["agent_phone"]


def test_a_party_that_is_not_a_dict_of_texts_is_refused(clerk, version):
    err = refused(clerk, version, agent=agent(name=["李"], phone=13900001111))
    assert err.code == "party_required"


# --- the workbench page -------------------------------------------------------------------------


def test_the_workbench_records_an_agent_with_the_uploaded_letter(client, clerk, version):
    c = logged_in(client, clerk)
    data = intake_data(
        version,
        handled_by="agent",
        agent_name="李经办",
        agent_id_number=AGENT_ID,
        agent_phone="13900001111",
        agent_letter=letter(),
    )
    page = c.post(reverse("approvals:workbench"), data)
    assert page.status_code == 302, page.content.decode()[:3000]
    app = Application.objects.get()
    party = app.parties.get()
    assert party.name == "李经办" and party.authorization_letter.original_name == "授权委托书.pdf"
    detail = c.get(reverse("approvals:detail", args=[app.pk])).content.decode()
    assert 'data-testid="party-agent-name">李经办<' in detail
    assert "110105********1238" in detail and AGENT_ID not in detail
    assert "授权委托书.pdf" in detail


def test_agent_fields_typed_under_self_handling_are_ignored(client, clerk, version):
    c = logged_in(client, clerk)
    data = intake_data(version, handled_by="self", agent_name="李经办")
    assert c.post(reverse("approvals:workbench"), data).status_code == 302
    assert not ApplicationParty.objects.exists()


def test_the_workbench_shows_a_missing_letter_at_its_field(client, clerk, version):
    c = logged_in(client, clerk)
    data = intake_data(
        version,
        handled_by="agent",
        agent_name="李经办",
        agent_id_number=AGENT_ID,
        agent_phone="13900001111",
    )
    page = c.post(reverse("approvals:workbench"), data)
    assert page.status_code == 400
    assert page.context["form"].errors["agent_letter"] == [
        "委托代理人办理须提交申请人签署的授权委托书。"
    ]
    assert 'data-testid="error-agent_letter"' in page.content.decode()
    assert not Application.objects.exists()


def test_the_workbench_refuses_abc_as_a_phone_at_the_field(client, clerk, version):
    c = logged_in(client, clerk)
    page = c.post(reverse("approvals:workbench"), intake_data(version, phone="abc"))
    assert page.status_code == 400
    assert "联系电话格式不正确" in page.context["form"].errors["phone"][0]
    assert 'data-testid="error-phone"' in page.content.decode()
    assert not Applicant.objects.exists()


def test_the_workbench_records_a_legal_representative(client, clerk, version):
    c = logged_in(client, clerk)
    data = intake_data(
        version,
        kind="organization",
        id_number=USCC,
        name=ORG["name"],
        legal_rep_name="赵法人",
        legal_rep_id_number=LR_ID,
        legal_rep_phone="0571-88881234",
    )
    assert c.post(reverse("approvals:workbench"), data).status_code == 302
    party = ApplicationParty.objects.get()
    assert (party.role, party.id_number, party.phone) == (
        "legal_representative",
        LR_ID,
        "0571-88881234",
    )


def test_the_receipt_names_the_agent(clerk, version, materials):
    app = services.take_in(
        clerk=clerk,
        item_version=version,
        applicant=PERSON,
        provided={m: True for m in materials},
        agent=agent(),
    )
    services.accept(application_id=app.pk, clerk=clerk)
    html = IssuedDocument.objects.get(application=app, kind="receipt").html
    assert 'data-testid="doc-party-agent">李经办' in html and "110105********1238" in html
    assert AGENT_ID not in html


# --- the API ------------------------------------------------------------------------------------


def _body(version, **extra):
    return {"item": version.item.code, "applicant": PERSON, **extra}


API_AGENT = {
    "name": "李经办",
    "id_number": AGENT_ID,
    "phone": "+86 139 0000 1111",
    "authorization_letter_checked": True,
}


def test_the_api_takes_and_returns_the_agent_and_the_legal_representative(api, clerk, version):
    client = api.as_user(clerk)
    body = {
        "item": version.item.code,
        "applicant": ORG,
        "agent": API_AGENT,
        "legal_representative": {"name": "赵法人", "id_number": LR_ID},
    }
    response = client.post("/api/v1/applications/", body, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["agent"] == {
        "name": "李经办",
        "id_number": "110105********1238",
        "phone": "13900001111",
        "authorization_letter": None,
        "letter_checked_on_paper": True,
    }
    assert data["legal_representative"]["id_number"] == "330102********0019"
    again = client.get(f"/api/v1/applications/{data['id']}/").json()
    assert again["agent"] == data["agent"]
    assert again["legal_representative"] == data["legal_representative"]


def test_the_api_without_parties_answers_nulls(api, clerk, version):
    response = api.as_user(clerk).post("/api/v1/applications/", _body(version), format="json")
    assert response.status_code == 201
    assert response.json()["agent"] is None and response.json()["legal_representative"] is None


def test_the_api_refuses_an_agent_whose_letter_was_not_checked(api, clerk, version):
    body = _body(version, agent={**API_AGENT, "authorization_letter_checked": False})
    response = api.as_user(clerk).post("/api/v1/applications/", body, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "authorization_letter_required"
    assert list(response.json()["fields"]) == ["agent"]
    assert not Application.objects.exists()


def test_the_api_puts_a_party_error_under_the_party(api, clerk, version):
    body = _body(version, agent={**API_AGENT, "id_number": "110105198001011239"})
    response = api.as_user(clerk).post("/api/v1/applications/", body, format="json")
    assert response.status_code == 400 and response.json()["code"] == "invalid_party"
    assert "校验位" in response.json()["fields"]["agent"][0]


@pytest.mark.parametrize(
    "agent_body",
    [
        {**API_AGENT, "phone": "abc"},
        {**API_AGENT, "phone": "١٣٩٠٠٠٠١١١١"},
        {**API_AGENT, "name": "李" * 100_000},
        {**API_AGENT, "name": ""},
        "李经办",
        [API_AGENT],
    ],
    ids=["abc", "arabic-digits", "long-name", "empty-name", "a-string", "a-list"],
)
def test_the_api_answers_bad_agents_with_400(api, clerk, version, agent_body):
    body = _body(version, agent=agent_body)
    response = api.as_user(clerk).post("/api/v1/applications/", body, format="json")
    assert response.status_code == 400, response.content
    assert "code" in response.json()
    assert not Application.objects.exists()


def test_the_api_refuses_abc_as_the_applicants_phone(api, clerk, version):
    body = _body(version, applicant={**PERSON, "phone": "abc"})
    response = api.as_user(clerk).post("/api/v1/applications/", body, format="json")
    assert response.status_code == 400, response.content
    assert "联系电话格式不正确" in str(response.json()["fields"])
    assert not AuditEvent.objects.filter(action="submit").exists()


def _party_queries(ctx) -> int:
    return sum("approvals_applicationparty" in q["sql"] for q in ctx.captured_queries)


def test_the_parties_cost_one_query_on_the_api_detail_and_the_page(api, client, clerk, version):
    plain = take_in(clerk, version)
    both = take_in(
        clerk,
        version,
        {**ORG},
        agent=agent(),
        legal_representative={"name": "赵法人", "id_number": LR_ID},
    )
    api_client = api.as_user(clerk)
    counts = []
    for app in (plain, both):
        with CaptureQueriesContext(connection) as ctx:
            assert api_client.get(f"/api/v1/applications/{app.pk}/").status_code == 200
        assert _party_queries(ctx) == 1
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
    page_client = logged_in(client, clerk)
    counts = []
    for app in (plain, both):
        with CaptureQueriesContext(connection) as ctx:
            page = page_client.get(reverse("approvals:detail", args=[app.pk]))
            assert page.status_code == 200
        assert _party_queries(ctx) == 1
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_the_authorisation_letter_view_serves_the_letter_to_readers_only(
    rf, clerk, liaison, version
):
    with_letter = take_in(clerk, version, agent=agent())
    on_paper = take_in(
        clerk, version, agent=agent(letter=None, letter_checked=True, id_number=LR_ID)
    )
    request = rf.get("/")
    request.user = clerk
    response = letter_view(request, with_letter.pk)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    for pk in (on_paper.pk, take_in(clerk, version).pk, 10**12):
        with pytest.raises(Http404):
            letter_view(request, pk)
    request.user = liaison
    with pytest.raises(PermissionDenied):
        letter_view(request, with_letter.pk)
