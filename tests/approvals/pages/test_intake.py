"""The workbench (受理工作台) and the intake actions on the application page."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from approvals import services
from approvals.models import Applicant, Application, StoredFile
from audit.services import events_for
from core.roles import Role
from tests.approvals.pages.helpers import (
    PDF_BYTES,
    PNG_BYTES,
    VALID_ID,
    action_url,
    detail_url,
    intake_data,
    logged_in,
    messages_of,
)

S = Application.Status
pytestmark = pytest.mark.usefixtures("at_monday", "seal")


# --- workbench -----------------------------------------------------------------------------------


def test_workbench_is_refused_to_a_reviewer_with_403(client, reviewer):
    response = logged_in(client, reviewer).get(reverse("approvals:workbench"))
    assert response.status_code == 403
    assert "无权访问" in response.content.decode()


def test_workbench_search_lists_matching_published_items(client, clerk, version):
    response = logged_in(client, clerk).get(reverse("approvals:workbench"), {"q": "测试许可"})
    assert response.status_code == 200
    assert version.name in response.content.decode()
    assert f"?item={version.item.code}" in response.content.decode()


def test_searching_an_exact_code_goes_straight_to_the_item(client, clerk, version):
    q = f"{version.item.code} {version.name}"  # what the datalist puts in the field
    response = logged_in(client, clerk).get(reverse("approvals:workbench"), {"q": q})
    assert response.status_code == 302
    assert response["Location"].endswith(f"?item={version.item.code}")


def test_workbench_shows_the_checklist_of_the_published_version(client, clerk, version):
    response = logged_in(client, clerk).get(
        reverse("approvals:workbench"), {"item": version.item.code}
    )
    body = response.content.decode()
    for name in ("申请书", "身份证明", "其他材料"):
        assert name in body
    assert "可容缺" in body


def test_an_unpublished_item_code_says_so_in_chinese(client, clerk, db):
    response = logged_in(client, clerk).get(reverse("approvals:workbench"), {"item": "NOPE"})
    assert "未找到该事项,或该事项未发布" in " ".join(messages_of(response))


def test_intake_registers_the_applicant_submits_and_redirects_to_the_detail(
    client, clerk, version, materials
):
    data = intake_data(version, **{f"provided_{materials[0]}": "on"})
    response = logged_in(client, clerk).post(reverse("approvals:workbench"), data)
    app = Application.objects.get()
    assert response.status_code == 302 and response["Location"] == detail_url(app)
    assert app.applicant.name == "张小三" and app.applicant.id_number == VALID_ID
    assert app.content == "申请开办超市" and app.status == S.SUBMITTED
    states = dict(app.materials.values_list("material_id", "state"))
    assert states[materials[0]] == "provided" and states[materials[1]] == "missing"


def test_an_invalid_id_number_shows_the_validator_message_and_keeps_what_was_typed(
    client, clerk, version
):
    data = intake_data(version, id_number="110105194912310021", content="开一家小超市")
    response = logged_in(client, clerk).post(reverse("approvals:workbench"), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "身份证号码校验位不正确,请核对。" in body
    assert 'value="110105194912310021"' in body
    assert 'value="张小三"' in body and "开一家小超市" in body
    assert not Application.objects.exists() and not Applicant.objects.exists()


def test_an_invalid_credit_code_for_an_organisation_is_explained(client, clerk, version):
    data = intake_data(version, kind="organization", id_number="91110000ABC")
    response = logged_in(client, clerk).post(reverse("approvals:workbench"), data)
    assert "统一社会信用代码应为 18 位,当前为 11 位。" in response.content.decode()


def test_a_missing_name_is_refused_with_the_service_message(client, clerk, version):
    response = logged_in(client, clerk).post(
        reverse("approvals:workbench"), intake_data(version, name="")
    )
    assert response.status_code == 400
    assert "请填写申请人姓名或名称。" in messages_of(response)
    assert not Applicant.objects.exists()


def test_lookup_fills_in_a_known_applicant_and_offers_their_stored_files(
    client, clerk, version, applicant
):
    services.store_file(
        actor=clerk, applicant=applicant, uploaded=SimpleUploadedFile("营业执照.pdf", PDF_BYTES)
    )
    data = {
        "item": version.item.code,
        "op": "lookup",
        "kind": "person",
        "id_number": applicant.id_number.lower(),
        "name": "",
        "content": "已经写好的内容",
    }
    response = logged_in(client, clerk).post(reverse("approvals:workbench"), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert f'value="{applicant.name}"' in body and "已经写好的内容" in body
    assert "营业执照.pdf" in body  # reuse select (一件多用)
    assert not Application.objects.exists()


def test_lookup_with_a_bad_number_shows_why_next_to_the_field(client, clerk, version):
    data = {"item": version.item.code, "op": "lookup", "kind": "person", "id_number": "123"}
    response = logged_in(client, clerk).post(reverse("approvals:workbench"), data)
    assert "身份证号码应为 18 位,当前为 3 位。" in response.content.decode()


def test_an_upload_goes_into_the_applicants_library_and_counts_as_provided(
    client, clerk, version, materials
):
    data = intake_data(
        version,
        **{
            f"file_{materials[0]}": SimpleUploadedFile(
                "申请书.pdf", PDF_BYTES, content_type="application/pdf"
            )
        },
    )
    logged_in(client, clerk).post(reverse("approvals:workbench"), data)
    app = Application.objects.get()
    line = app.materials.get(material_id=materials[0])
    assert line.state == "provided" and line.file.original_name == "申请书.pdf"
    assert line.file.applicant_id == app.applicant_id


def test_a_wrong_file_type_is_refused_next_to_its_material_and_nothing_is_saved(
    client, clerk, version, materials
):
    data = intake_data(
        version,
        content="内容保留",
        **{f"file_{materials[0]}": SimpleUploadedFile("x.pdf", b"MZ not a pdf")},
    )
    response = logged_in(client, clerk).post(reverse("approvals:workbench"), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "只能上传 PDF、JPEG 或 PNG 文件。" in body
    assert f'data-testid="error-file_{materials[0]}"' in body
    assert "内容保留" in body and "请重新选择" in body
    assert not Application.objects.exists() and not StoredFile.objects.exists()
    assert not Applicant.objects.exists()  # the whole intake rolled back


def test_a_stored_file_is_reused_for_a_later_application(
    client, clerk, version, applicant, materials
):
    stored = services.store_file(
        actor=clerk, applicant=applicant, uploaded=SimpleUploadedFile("身份证.png", PNG_BYTES)
    )
    data = intake_data(
        version, id_number=applicant.id_number, **{f"reuse_{materials[1]}": stored.pk}
    )
    logged_in(client, clerk).post(reverse("approvals:workbench"), data)
    line = Application.objects.get().materials.get(material_id=materials[1])
    assert line.file_id == stored.pk and line.state == "provided"


def test_someone_elses_stored_file_cannot_be_picked(client, clerk, version, applicant, materials):
    other = Applicant.objects.create(kind="person", name="李四", id_number="110101199003070011")
    foreign = services.store_file(
        actor=clerk, applicant=other, uploaded=SimpleUploadedFile("a.png", PNG_BYTES)
    )
    services.store_file(
        actor=clerk, applicant=applicant, uploaded=SimpleUploadedFile("own.pdf", PDF_BYTES)
    )
    data = intake_data(
        version, id_number=applicant.id_number, **{f"reuse_{materials[1]}": foreign.pk}
    )
    response = logged_in(client, clerk).post(reverse("approvals:workbench"), data)
    assert response.status_code == 400
    assert not Application.objects.exists()


def test_the_workbench_lists_this_clerks_recent_applications(client, clerk, submitted, make_user):
    mine = submitted()
    other_clerk = make_user("clerk2", Role.WINDOW_CLERK)
    response = logged_in(client, other_clerk).get(reverse("approvals:workbench"))
    assert detail_url(mine) not in response.content.decode()
    response = logged_in(client, clerk).get(reverse("approvals:workbench"))
    assert detail_url(mine) in response.content.decode()
    assert "今日已登记 1 件" in response.content.decode()


# --- intake actions ------------------------------------------------------------------------------


def test_accept_with_a_waived_material_and_a_supply_date(client, clerk, submitted, materials):
    app = submitted(provided=materials[:1])
    response = logged_in(client, clerk).post(
        action_url(app, "accept"), {"waived": [materials[1]], "supply_by": "2026-06-05"}
    )
    assert response.status_code == 302 and response["Location"] == detail_url(app)
    app.refresh_from_db()
    assert app.status == S.ACCEPTED and app.receipt_number == "SL2026000001"
    line = app.materials.get(material_id=materials[1])
    assert line.state == "waived" and line.supply_by == datetime.date(2026, 6, 5)
    followed = client.get(detail_url(app))
    assert "已受理。" in messages_of(followed)


def test_accept_with_a_required_material_missing_shows_the_chinese_message(
    client, clerk, submitted, materials
):
    app = submitted(provided=[])
    response = logged_in(client, clerk).post(
        action_url(app, "accept"), {"waived": [materials[1]], "supply_by": "2026-06-05"}
    )
    assert response.status_code == 400
    assert "缺少必须提交的材料:申请书。" in messages_of(response)
    body = response.content.decode()
    assert 'value="2026-06-05"' in body  # the typed date and the ticked waiver are kept
    assert f'value="{materials[1]}" id="id_accept_waived_0" checked' in body
    app.refresh_from_db()
    assert app.status == S.SUBMITTED


def test_a_supply_date_in_the_past_is_a_field_error(client, clerk, submitted, materials):
    app = submitted(provided=materials[:1])
    response = logged_in(client, clerk).post(
        action_url(app, "accept"), {"waived": [materials[1]], "supply_by": "2026-05-01"}
    )
    assert response.status_code == 400
    assert "补交期限不能早于今天。" in response.content.decode()


def test_request_correction_issues_one_notice_for_every_missing_material(
    client, clerk, submitted, materials
):
    app = submitted(provided=[])
    response = logged_in(client, clerk).post(
        action_url(app, "request-correction"), {"missing": [materials[0]], "note": "请带原件"}
    )
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == S.CORRECTION_REQUESTED and app.correction_note == "请带原件"
    assert list(events_for(app))[-1].data["missing"] == sorted(materials)


def test_request_correction_without_a_material_is_refused_and_keeps_the_note(
    client, clerk, submitted
):
    app = submitted()
    response = logged_in(client, clerk).post(
        action_url(app, "request-correction"), {"note": "这段说明不能丢"}
    )
    assert response.status_code == 400
    assert "请至少选择一项需补正的材料。" in messages_of(response)
    assert "这段说明不能丢" in response.content.decode()


def test_refuse_with_a_reason(client, clerk, submitted):
    app = submitted()
    response = logged_in(client, clerk).post(
        action_url(app, "refuse"), {"reason": "不属于本机关职权范围"}
    )
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == S.REFUSED and app.refusal_reason == "不属于本机关职权范围"


def test_refuse_without_a_reason_is_refused_in_chinese(client, clerk, submitted):
    app = submitted()
    response = logged_in(client, clerk).post(action_url(app, "refuse"), {"reason": "  "})
    assert response.status_code == 400
    assert "不予受理必须说明理由。" in messages_of(response)


def test_refusing_an_accepted_application_is_409_and_keeps_the_typed_reason(
    client, clerk, accepted
):
    app = accepted()
    response = logged_in(client, clerk).post(action_url(app, "refuse"), {"reason": "写好的理由"})
    assert response.status_code == 409
    assert "当前状态为“已受理”,不能执行此操作。" in messages_of(response)
    assert "写好的理由" in response.content.decode()


def test_record_materials_with_an_upload(client, clerk, submitted, materials):
    app = submitted(provided=[])
    response = logged_in(client, clerk).post(
        action_url(app, "record-materials"),
        {
            f"provided_{materials[0]}": "on",
            f"file_{materials[1]}": SimpleUploadedFile("id.png", PNG_BYTES),
        },
    )
    assert response.status_code == 302
    states = dict(app.materials.values_list("material_id", "state"))
    assert states[materials[0]] == "provided" and states[materials[1]] == "provided"
    assert app.materials.get(material_id=materials[1]).file.original_name == "id.png"


def test_record_materials_with_nothing_ticked_says_so(client, clerk, submitted):
    app = submitted(provided=[])
    response = logged_in(client, clerk).post(action_url(app, "record-materials"), {})
    assert response.status_code == 400
    assert "请勾选或上传至少一项材料。" in messages_of(response)


def test_a_too_large_upload_is_refused_next_to_the_material(
    client, clerk, submitted, materials, monkeypatch
):
    monkeypatch.setattr("core.uploads.MAX_UPLOAD_BYTES", 10)
    app = submitted(provided=[])
    response = logged_in(client, clerk).post(
        action_url(app, "record-materials"),
        {f"file_{materials[0]}": SimpleUploadedFile("big.pdf", PDF_BYTES)},
    )
    assert response.status_code == 400
    assert "文件过大" in " ".join(messages_of(response))
    assert "文件不能超过 10 MB。" in response.content.decode()


def test_the_accept_box_names_the_required_materials_still_missing(client, clerk, submitted):
    app = submitted(provided=[])
    body = logged_in(client, clerk).get(detail_url(app)).content.decode()
    assert "仍缺少必须提交的材料:申请书。" in body
