"""take_in, the one intake service: register or find the applicant, store the uploads, submit,
in one transaction; the workbench page and the API both come in through it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from approvals import services
from approvals.models import Applicant, Application, StoredFile
from audit.models import AuditEvent
from core.errors import InvalidInput, NotAllowed
from tests.approvals.pages.helpers import PDF_BYTES, VALID_ID, intake_data

pytestmark = pytest.mark.usefixtures("at_monday", "seal")

PERSON = {
    "kind": "person",
    "name": "张小三",
    "id_number": VALID_ID,
    "phone": "13800000000",
    "address": "示例县人民路 1 号",
}


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_take_in_registers_stores_and_submits(clerk, version, materials):
    upload = SimpleUploadedFile("申请书.pdf", PDF_BYTES)
    app = services.take_in(
        clerk=clerk,
        item_version=version,
        applicant=PERSON,
        provided={materials[1]: True},
        content="申请开办超市",
        uploads={materials[0]: upload},
    )
    applicant = Applicant.objects.get()
    stored = StoredFile.objects.get()
    assert app.applicant == applicant and stored.applicant == applicant
    lines = {line.material_id: line for line in app.materials.all()}
    assert lines[materials[0]].file == stored and lines[materials[0]].state == "provided"
    assert lines[materials[1]].state == "provided" and lines[materials[2]].state == "missing"
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"register_applicant", "store_file", "submit"} <= actions


def test_take_in_finds_a_known_applicant(clerk, version, applicant):
    person = {**PERSON, "id_number": applicant.id_number, "name": applicant.name}
    app = services.take_in(clerk=clerk, item_version=version, applicant=person, provided={})
    assert app.applicant == applicant and Applicant.objects.count() == 1


def test_a_failed_submit_rolls_back_the_applicant_and_the_files(clerk, version, materials):
    upload = SimpleUploadedFile("申请书.pdf", PDF_BYTES)
    with pytest.raises(InvalidInput) as err:
        services.take_in(
            clerk=clerk,
            item_version=version,
            applicant=PERSON,
            provided={999999: True},  # not a material of this item: submit refuses
            uploads={materials[0]: upload},
        )
    assert err.value.code == "unknown_material"
    assert not Applicant.objects.exists() and not StoredFile.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_refused_upload_names_its_material_and_leaves_nothing(clerk, version, materials):
    with pytest.raises(InvalidInput) as err:
        services.take_in(
            clerk=clerk,
            item_version=version,
            applicant=PERSON,
            provided={},
            uploads={materials[0]: SimpleUploadedFile("x.pdf", b"MZ not a pdf")},
        )
    assert list(err.value.fields) == [f"file_{materials[0]}"]
    assert not Applicant.objects.exists() and not Application.objects.exists()


def test_a_bad_id_number_is_an_invalid_applicant(clerk, version):
    with pytest.raises(services.InvalidApplicant) as err:
        services.take_in(
            clerk=clerk,
            item_version=version,
            applicant={**PERSON, "id_number": "110105194912310021"},
            provided={},
        )
    assert err.value.code == "invalid_applicant" and "id_number" in err.value.fields


def test_only_a_window_clerk_takes_in(reviewer, version):
    with pytest.raises(NotAllowed):
        services.take_in(clerk=reviewer, item_version=version, applicant=PERSON, provided={})
    assert not Applicant.objects.exists()


def test_the_workbench_and_the_api_both_come_in_through_take_in(
    client, api, clerk, version, materials, monkeypatch
):
    calls = []
    real = services.take_in

    def spy(**kwargs):
        calls.append(kwargs["applicant"]["id_number"])
        return real(**kwargs)

    monkeypatch.setattr(services, "take_in", spy)
    client.force_login(clerk)
    page = client.post(reverse("approvals:workbench"), intake_data(version))
    assert page.status_code == 302
    body = {
        "item": version.item.code,
        "applicant": PERSON,
        "materials": [{"material": materials[0], "provided": True}],
    }
    response = api.as_user(clerk).post("/api/v1/applications/", body, format="json")
    assert response.status_code == 201, response.content
    assert calls == [VALID_ID, VALID_ID]
    assert Application.objects.count() == 2 and Applicant.objects.count() == 1
