"""The bureau's pages: workbench intake, the application page and its actions, queues, lists."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from approvals import services
from approvals.models import Applicant, Application, ApplicationMaterial, StoredFile
from audit.services import events_for
from core.roles import Role
from tests.factories import PublishedVersionFactory

S = Application.Status
pytestmark = pytest.mark.usefixtures("at_monday", "seal")

VALID_ID = "11010519491231002X"
PDF_BYTES = b"%PDF-1.4\n% test\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _as(client, user):
    client.force_login(user)
    return client


def _detail(app):
    return reverse("approvals:detail", args=[app.pk])


def _action(app, name):
    return reverse(f"approvals:{name}", args=[app.pk])


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def _intake_data(version, **extra):
    data = {
        "item": version.item.code,
        "op": "submit",
        "kind": "person",
        "id_number": VALID_ID,
        "name": "张小三",
        "phone": "13800000000",
        "address": "示例县人民路 1 号",
        "content": "申请开办超市",
    }
    data.update(extra)
    return data


# --- workbench -----------------------------------------------------------------------------------


def test_workbench_is_refused_to_a_reviewer_with_403(client, reviewer):
    response = _as(client, reviewer).get(reverse("approvals:workbench"))
    assert response.status_code == 403
    assert "无权访问" in response.content.decode()


def test_workbench_search_lists_matching_published_items(client, clerk, version):
    response = _as(client, clerk).get(reverse("approvals:workbench"), {"q": "测试许可"})
    assert response.status_code == 200
    assert version.name in response.content.decode()
    assert f"?item={version.item.code}" in response.content.decode()


def test_searching_an_exact_code_goes_straight_to_the_item(client, clerk, version):
    q = f"{version.item.code} {version.name}"  # what the datalist puts in the field
    response = _as(client, clerk).get(reverse("approvals:workbench"), {"q": q})
    assert response.status_code == 302
    assert response["Location"].endswith(f"?item={version.item.code}")


def test_workbench_shows_the_checklist_of_the_published_version(client, clerk, version):
    response = _as(client, clerk).get(reverse("approvals:workbench"), {"item": version.item.code})
    body = response.content.decode()
    for name in ("申请书", "身份证明", "其他材料"):
        assert name in body
    assert "可容缺" in body


def test_an_unpublished_item_code_says_so_in_chinese(client, clerk, db):
    response = _as(client, clerk).get(reverse("approvals:workbench"), {"item": "NOPE"})
    assert "未找到该事项,或该事项未发布" in " ".join(_messages(response))


def test_intake_registers_the_applicant_submits_and_redirects_to_the_detail(
    client, clerk, version, materials
):
    data = _intake_data(version, **{f"provided_{materials[0]}": "on"})
    response = _as(client, clerk).post(reverse("approvals:workbench"), data)
    app = Application.objects.get()
    assert response.status_code == 302 and response["Location"] == _detail(app)
    assert app.applicant.name == "张小三" and app.applicant.id_number == VALID_ID
    assert app.content == "申请开办超市" and app.status == S.SUBMITTED
    states = dict(app.materials.values_list("material_id", "state"))
    assert states[materials[0]] == "provided" and states[materials[1]] == "missing"


def test_an_invalid_id_number_shows_the_validator_message_and_keeps_what_was_typed(
    client, clerk, version
):
    data = _intake_data(version, id_number="110105194912310021", content="开一家小超市")
    response = _as(client, clerk).post(reverse("approvals:workbench"), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "身份证号码校验位不正确,请核对。" in body
    assert 'value="110105194912310021"' in body
    assert 'value="张小三"' in body and "开一家小超市" in body
    assert not Application.objects.exists() and not Applicant.objects.exists()


def test_an_invalid_credit_code_for_an_organisation_is_explained(client, clerk, version):
    data = _intake_data(version, kind="organization", id_number="91110000ABC")
    response = _as(client, clerk).post(reverse("approvals:workbench"), data)
    assert "统一社会信用代码应为 18 位,当前为 11 位。" in response.content.decode()


def test_a_missing_name_is_refused_with_the_service_message(client, clerk, version):
    response = _as(client, clerk).post(
        reverse("approvals:workbench"), _intake_data(version, name="")
    )
    assert response.status_code == 400
    assert "请填写申请人姓名或名称。" in _messages(response)
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
    response = _as(client, clerk).post(reverse("approvals:workbench"), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert f'value="{applicant.name}"' in body and "已经写好的内容" in body
    assert "营业执照.pdf" in body  # reuse select (一件多用)
    assert not Application.objects.exists()


def test_lookup_with_a_bad_number_shows_why_next_to_the_field(client, clerk, version):
    data = {"item": version.item.code, "op": "lookup", "kind": "person", "id_number": "123"}
    response = _as(client, clerk).post(reverse("approvals:workbench"), data)
    assert "身份证号码应为 18 位,当前为 3 位。" in response.content.decode()


def test_an_upload_goes_into_the_applicants_library_and_counts_as_provided(
    client, clerk, version, materials
):
    data = _intake_data(
        version,
        **{
            f"file_{materials[0]}": SimpleUploadedFile(
                "申请书.pdf", PDF_BYTES, content_type="application/pdf"
            )
        },
    )
    _as(client, clerk).post(reverse("approvals:workbench"), data)
    app = Application.objects.get()
    line = app.materials.get(material_id=materials[0])
    assert line.state == "provided" and line.file.original_name == "申请书.pdf"
    assert line.file.applicant_id == app.applicant_id


def test_a_wrong_file_type_is_refused_next_to_its_material_and_nothing_is_saved(
    client, clerk, version, materials
):
    data = _intake_data(
        version,
        content="内容保留",
        **{f"file_{materials[0]}": SimpleUploadedFile("x.pdf", b"MZ not a pdf")},
    )
    response = _as(client, clerk).post(reverse("approvals:workbench"), data)
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
    data = _intake_data(
        version, id_number=applicant.id_number, **{f"reuse_{materials[1]}": stored.pk}
    )
    _as(client, clerk).post(reverse("approvals:workbench"), data)
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
    data = _intake_data(
        version, id_number=applicant.id_number, **{f"reuse_{materials[1]}": foreign.pk}
    )
    response = _as(client, clerk).post(reverse("approvals:workbench"), data)
    assert response.status_code == 400
    assert not Application.objects.exists()


def test_the_workbench_lists_this_clerks_recent_applications(client, clerk, submitted, make_user):
    mine = submitted()
    other_clerk = make_user("clerk2", Role.WINDOW_CLERK)
    response = _as(client, other_clerk).get(reverse("approvals:workbench"))
    assert _detail(mine) not in response.content.decode()
    response = _as(client, clerk).get(reverse("approvals:workbench"))
    assert _detail(mine) in response.content.decode()
    assert "今日已登记 1 件" in response.content.decode()


# --- the application page ----------------------------------------------------------------------


def test_detail_shows_the_masked_id_status_materials_and_timeline(client, clerk, submitted):
    app = submitted()
    body = _as(client, clerk).get(_detail(app)).content.decode()
    assert "110105********002X" in body and VALID_ID not in body
    assert "已登记" in body and "申请书" in body
    assert 'data-testid="timeline"' in body and "登记" in body


def test_detail_is_refused_to_a_liaison_with_403(client, liaison, submitted):
    app = submitted()
    assert _as(client, liaison).get(_detail(app)).status_code == 403


def test_an_unknown_application_is_404(client, clerk):
    assert _as(client, clerk).get(reverse("approvals:detail", args=[999999])).status_code == 404


def test_revealing_the_id_number_is_audited_and_shown_once(client, reviewer, submitted):
    app = submitted()
    c = _as(client, reviewer)
    response = c.post(reverse("approvals:reveal_id", args=[app.pk]))
    assert response.status_code == 302
    event = list(events_for(app))[-1]
    assert event.action == "view_id_number" and event.actor == reviewer
    assert VALID_ID in c.get(_detail(app)).content.decode()
    assert VALID_ID not in c.get(_detail(app)).content.decode()  # one look per audited click


def test_an_inspector_cannot_reveal_the_id_number(client, inspector, submitted):
    app = submitted()
    c = _as(client, inspector)
    assert "显示完整证件号" not in c.get(_detail(app)).content.decode()
    assert c.post(reverse("approvals:reveal_id", args=[app.pk])).status_code == 403


def test_the_clerk_sees_intake_actions_and_the_reviewer_does_not(
    client, clerk, reviewer, submitted
):
    app = submitted()
    body = _as(client, clerk).get(_detail(app)).content.decode()
    for testid in ("do-accept", "do-request-correction", "do-refuse"):
        assert testid in body
    body = _as(client, reviewer).get(_detail(app)).content.decode()
    assert "do-accept" not in body and "do-review" not in body


def test_only_allowed_actions_are_offered_after_acceptance(client, clerk, reviewer, accepted):
    app = accepted()
    body = _as(client, clerk).get(_detail(app)).content.decode()
    assert "do-accept" not in body and "do-refuse" not in body
    body = _as(client, reviewer).get(_detail(app)).content.decode()
    assert "do-start-review" in body and "do-review" in body and "do-pause" in body


def test_an_action_of_another_role_is_refused_with_403(client, reviewer, submitted):
    app = submitted()
    response = _as(client, reviewer).post(_action(app, "accept"))
    assert response.status_code == 403
    app.refresh_from_db()
    assert app.status == S.SUBMITTED


def test_an_action_url_does_not_answer_get(client, clerk, submitted):
    app = submitted()
    assert _as(client, clerk).get(_action(app, "accept")).status_code == 405


# --- intake actions ------------------------------------------------------------------------------


def test_accept_with_a_waived_material_and_a_supply_date(client, clerk, submitted, materials):
    app = submitted(provided=materials[:1])
    response = _as(client, clerk).post(
        _action(app, "accept"), {"waived": [materials[1]], "supply_by": "2026-06-05"}
    )
    assert response.status_code == 302 and response["Location"] == _detail(app)
    app.refresh_from_db()
    assert app.status == S.ACCEPTED and app.receipt_number == "SL2026000001"
    line = app.materials.get(material_id=materials[1])
    assert line.state == "waived" and line.supply_by == datetime.date(2026, 6, 5)
    followed = client.get(_detail(app))
    assert "已受理。" in _messages(followed)


def test_accept_with_a_required_material_missing_shows_the_chinese_message(
    client, clerk, submitted, materials
):
    app = submitted(provided=[])
    response = _as(client, clerk).post(
        _action(app, "accept"), {"waived": [materials[1]], "supply_by": "2026-06-05"}
    )
    assert response.status_code == 400
    assert "缺少必须提交的材料:申请书。" in _messages(response)
    body = response.content.decode()
    assert 'value="2026-06-05"' in body  # the typed date and the ticked waiver are kept
    assert f'value="{materials[1]}" id="id_accept_waived_0" checked' in body
    app.refresh_from_db()
    assert app.status == S.SUBMITTED


def test_a_supply_date_in_the_past_is_a_field_error(client, clerk, submitted, materials):
    app = submitted(provided=materials[:1])
    response = _as(client, clerk).post(
        _action(app, "accept"), {"waived": [materials[1]], "supply_by": "2026-05-01"}
    )
    assert response.status_code == 400
    assert "补交期限不能早于今天。" in response.content.decode()


def test_request_correction_issues_one_notice_for_every_missing_material(
    client, clerk, submitted, materials
):
    app = submitted(provided=[])
    response = _as(client, clerk).post(
        _action(app, "request-correction"), {"missing": [materials[0]], "note": "请带原件"}
    )
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == S.CORRECTION_REQUESTED and app.correction_note == "请带原件"
    assert list(events_for(app))[-1].data["missing"] == sorted(materials)


def test_request_correction_without_a_material_is_refused_and_keeps_the_note(
    client, clerk, submitted
):
    app = submitted()
    response = _as(client, clerk).post(
        _action(app, "request-correction"), {"note": "这段说明不能丢"}
    )
    assert response.status_code == 400
    assert "请至少选择一项需补正的材料。" in _messages(response)
    assert "这段说明不能丢" in response.content.decode()


def test_refuse_with_a_reason(client, clerk, submitted):
    app = submitted()
    response = _as(client, clerk).post(_action(app, "refuse"), {"reason": "不属于本机关职权范围"})
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == S.REFUSED and app.refusal_reason == "不属于本机关职权范围"


def test_refuse_without_a_reason_is_refused_in_chinese(client, clerk, submitted):
    app = submitted()
    response = _as(client, clerk).post(_action(app, "refuse"), {"reason": "  "})
    assert response.status_code == 400
    assert "不予受理必须说明理由。" in _messages(response)


def test_refusing_an_accepted_application_is_409_and_keeps_the_typed_reason(
    client, clerk, accepted
):
    app = accepted()
    response = _as(client, clerk).post(_action(app, "refuse"), {"reason": "写好的理由"})
    assert response.status_code == 409
    assert "当前状态为“已受理”,不能执行此操作。" in _messages(response)
    assert "写好的理由" in response.content.decode()


def test_record_materials_with_an_upload(client, clerk, submitted, materials):
    app = submitted(provided=[])
    response = _as(client, clerk).post(
        _action(app, "record-materials"),
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
    response = _as(client, clerk).post(_action(app, "record-materials"), {})
    assert response.status_code == 400
    assert "请勾选或上传至少一项材料。" in _messages(response)


def test_a_too_large_upload_is_refused_next_to_the_material(
    client, clerk, submitted, materials, monkeypatch
):
    monkeypatch.setattr("core.uploads.MAX_UPLOAD_BYTES", 10)
    app = submitted(provided=[])
    response = _as(client, clerk).post(
        _action(app, "record-materials"),
        {f"file_{materials[0]}": SimpleUploadedFile("big.pdf", PDF_BYTES)},
    )
    assert response.status_code == 400
    assert "文件过大" in " ".join(_messages(response))
    assert "文件不能超过 10 MB。" in response.content.decode()


# --- review, special procedures, decision --------------------------------------------------------


def test_start_review_then_review_with_site_inspection(client, reviewer, accepted):
    app = accepted()
    c = _as(client, reviewer)
    assert c.post(_action(app, "start-review")).status_code == 302
    response = c.post(
        _action(app, "review"),
        {"opinion": "材料齐全", "recommendation": "approve", "site_inspection": "现场符合要求"},
    )
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == S.REVIEWED and app.reviewed_by == reviewer


def test_review_without_a_site_inspection_record_is_refused_and_keeps_the_opinion(
    client, reviewer, accepted, version
):
    version.site_inspection = True
    version.save(update_fields=["site_inspection"])
    app = accepted()
    response = _as(client, reviewer).post(
        _action(app, "review"),
        {"opinion": "这是很长的审查意见", "recommendation": "approve", "site_inspection": ""},
    )
    assert response.status_code == 400
    assert "该事项需现场踏勘,请填写踏勘记录。" in response.content.decode()
    assert "这是很长的审查意见" in response.content.decode()


def test_review_without_a_recommendation_is_a_field_error(client, reviewer, accepted):
    app = accepted()
    response = _as(client, reviewer).post(_action(app, "review"), {"opinion": "好"})
    assert response.status_code == 400
    assert "请检查表单中标出的错误。" in _messages(response)


def test_pause_and_resume_a_special_procedure(client, reviewer, accepted):
    app = accepted()
    c = _as(client, reviewer)
    assert (
        c.post(_action(app, "pause"), {"kind": "expert_review", "note": "专家论证"}).status_code
        == 302
    )
    app.refresh_from_db()
    assert app.paused
    body = c.get(_detail(app)).content.decode()
    assert "计时暂停" in body and "do-resume" in body and "do-review" not in body
    assert c.post(_action(app, "resume"), {"note": "论证完毕"}).status_code == 302
    app.refresh_from_db()
    assert not app.paused


def test_decide_approve_issues_the_decision_and_permit(client, approver, reviewed):
    app = reviewed()
    response = _as(client, approver).post(_action(app, "decide"), {"decision": "approve"})
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == S.APPROVED
    body = client.get(_detail(app)).content.decode()
    assert "示审批〔2026〕1号" in body and "XK2026000001" in body


def test_deny_without_a_reason_is_refused_and_keeps_the_date(client, approver, reviewed):
    app = reviewed()
    response = _as(client, approver).post(
        _action(app, "decide"), {"decision": "deny", "reason": "", "valid_until": "2030-01-01"}
    )
    assert response.status_code == 400
    assert "不予许可必须说明理由。" in _messages(response)
    assert 'value="2030-01-01"' in response.content.decode()


def test_the_reviewer_of_a_case_may_not_decide_it(client, make_user, accepted):
    both = make_user("both", Role.REVIEWER, Role.APPROVER)
    app = accepted()
    services.review(
        application_id=app.pk,
        reviewer=both,
        opinion="好",
        recommendation="approve",
        site_inspection="好",
    )
    response = _as(client, both).post(_action(app, "decide"), {"decision": "approve"})
    assert response.status_code == 403
    assert "审查人与审批人不能为同一人(一审一核)。" in _messages(response)


# --- delivery -------------------------------------------------------------------------------------


@pytest.fixture
def approved_with_waiver(submitted, clerk, reviewer, approver, materials):
    def _make():
        app = submitted(provided=materials[:1])
        services.accept(application_id=app.pk, clerk=clerk, waived=[materials[1]])
        services.review(
            application_id=app.pk,
            reviewer=reviewer,
            opinion="好",
            recommendation="approve",
            site_inspection="好",
        )
        services.decide(application_id=app.pk, approver=approver, approve=True)
        app.refresh_from_db()
        return app

    return _make


def test_delivery_is_refused_while_a_waived_material_is_outstanding(
    client, clerk, approved_with_waiver
):
    app = approved_with_waiver()
    response = _as(client, clerk).post(_action(app, "deliver"), {"collected_by": "王五"})
    assert response.status_code == 409
    assert "容缺材料尚未补齐,不能出件:身份证明。" in _messages(response)
    assert 'value="王五"' in response.content.decode()


def test_supply_the_waived_material_then_deliver(client, clerk, approved_with_waiver, materials):
    app = approved_with_waiver()
    c = _as(client, clerk)
    assert (
        c.post(_action(app, "supply-waived"), {f"provided_{materials[1]}": "on"}).status_code == 302
    )
    assert c.post(_action(app, "deliver"), {"collected_by": "王五"}).status_code == 302
    app.refresh_from_db()
    assert app.status == S.DELIVERED and app.collected_by == "王五"


def test_deliver_without_a_collector_is_refused(client, clerk, approved_with_waiver, materials):
    app = approved_with_waiver()
    ApplicationMaterial.objects.filter(application=app).update(supplied_at=timezone.now())
    response = _as(client, clerk).post(_action(app, "deliver"), {"collected_by": ""})
    assert response.status_code == 400
    assert "请填写领取人。" in _messages(response)


# --- queues and list ------------------------------------------------------------------------------


def test_review_queue_shows_accepted_cases_nearest_due_first(client, reviewer, accepted, submitted):
    first, second = accepted(), accepted()
    Application.objects.filter(pk=first.pk).update(
        due_date=datetime.date(2026, 6, 10), due_at=timezone.now() + datetime.timedelta(9)
    )
    waiting = submitted()
    body = _as(client, reviewer).get(reverse("approvals:review_queue")).content.decode()
    assert body.index(second.receipt_number) < body.index(first.receipt_number)
    assert _detail(waiting) not in body


def test_review_queue_colours_late_and_nearly_due_cases(client, reviewer, accepted):
    late, soon, later = accepted(), accepted(), accepted()
    now = timezone.now()
    Application.objects.filter(pk=late.pk).update(
        due_at=now - datetime.timedelta(hours=1), due_date=datetime.date(2026, 5, 29)
    )
    # Tuesday 2 June is the next working day after Monday 1 June: one working day left.
    Application.objects.filter(pk=soon.pk).update(
        due_date=datetime.date(2026, 6, 2), due_at=now + datetime.timedelta(days=1)
    )
    body = _as(client, reviewer).get(reverse("approvals:review_queue")).content.decode()
    assert body.count('<tr class="late">') == 1 and body.count('<tr class="warn">') == 1
    assert "已逾期" in body and "临近期限" in body
    assert later.receipt_number in body


def test_review_queue_filters_by_category_and_due_range(
    client, reviewer, clerk, applicant, accepted
):
    ours = accepted()
    other_version = PublishedVersionFactory(category="文化旅游")
    app = services.submit(
        clerk=clerk,
        item_version=other_version,
        applicant=applicant,
        provided={m.pk: True for m in other_version.materials.all()},
    )
    other = services.accept(application_id=app.pk, clerk=clerk)
    c = _as(client, reviewer)
    body = c.get(reverse("approvals:review_queue"), {"category": "文化旅游"}).content.decode()
    assert other.receipt_number in body and ours.receipt_number not in body
    body = c.get(reverse("approvals:review_queue"), {"due_from": "2026-07-01"}).content.decode()
    assert ours.receipt_number not in body


def test_decide_queue_lists_reviewed_cases(client, approver, reviewed, accepted):
    ready, waiting = reviewed(), accepted()
    body = _as(client, approver).get(reverse("approvals:decide_queue")).content.decode()
    assert ready.receipt_number in body and waiting.receipt_number not in body


def test_application_list_filters_by_status_receipt_and_overdue(
    client, inspector, accepted, submitted
):
    late, fine = accepted(), accepted()
    waiting = submitted()
    Application.objects.filter(pk=late.pk).update(
        due_at=timezone.now() - datetime.timedelta(hours=1)
    )
    c = _as(client, inspector)
    body = c.get(reverse("approvals:list"), {"status": "submitted"}).content.decode()
    assert _detail(waiting) in body and late.receipt_number not in body
    body = c.get(reverse("approvals:list"), {"receipt": fine.receipt_number}).content.decode()
    assert fine.receipt_number in body and late.receipt_number not in body
    body = c.get(reverse("approvals:list"), {"overdue": "on"}).content.decode()
    assert late.receipt_number in body and fine.receipt_number not in body


def test_application_list_is_refused_to_a_liaison(client, liaison):
    assert _as(client, liaison).get(reverse("approvals:list")).status_code == 403


# --- query counts -------------------------------------------------------------------------------


def _bulk_applications(n, *, version, applicant, clerk, status):
    now = timezone.now()
    Application.objects.bulk_create(
        [
            Application(
                item_version=version,
                applicant=applicant,
                submitted_by=clerk,
                status=status,
                receipt_number=f"SL2026{i:06d}",
                accepted_at=now,
                accepted_by=clerk,
                due_date=datetime.date(2026, 6, 8) + datetime.timedelta(days=i % 30),
                due_at=now + datetime.timedelta(days=i % 30, hours=1),
            )
            for i in range(1, n + 1)
        ],
        batch_size=500,
    )


def _count_queries(client, url, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_review_queue_queries_stay_constant_at_1000_rows(
    client, reviewer, clerk, version, applicant, django_assert_max_num_queries
):
    c = _as(client, reviewer)
    url = reverse("approvals:review_queue")
    _bulk_applications(10, version=version, applicant=applicant, clerk=clerk, status=S.ACCEPTED)
    few = _count_queries(c, url, django_assert_max_num_queries, 12)
    Application.objects.all().delete()
    _bulk_applications(
        1000, version=version, applicant=applicant, clerk=clerk, status=S.UNDER_REVIEW
    )
    # Measured 9: session, user, roles, categories, count, page, calendar years + days (due
    # colours), and the base layout's unread-notification badge.
    many = _count_queries(c, url, django_assert_max_num_queries, 12)
    assert many == few


def test_application_list_queries_stay_constant_at_1000_rows(
    client, inspector, clerk, version, applicant, django_assert_max_num_queries
):
    c = _as(client, inspector)
    url = reverse("approvals:list") + "?item=测试"
    _bulk_applications(10, version=version, applicant=applicant, clerk=clerk, status=S.ACCEPTED)
    few = _count_queries(c, url, django_assert_max_num_queries, 12)
    Application.objects.all().delete()
    _bulk_applications(1000, version=version, applicant=applicant, clerk=clerk, status=S.REVIEWED)
    assert Application.objects.count() == 1000
    # Measured 8: as the queue, without the category list.
    many = _count_queries(c, url, django_assert_max_num_queries, 12)
    assert many == few


# --- stored files and admin ----------------------------------------------------------------------


def test_an_attached_file_is_served_to_bureau_readers_only(
    client, clerk, inspector, liaison, submitted, applicant, materials
):
    stored = services.store_file(
        actor=clerk, applicant=applicant, uploaded=SimpleUploadedFile("申请书.pdf", PDF_BYTES)
    )
    app = submitted(provided=[])
    services.record_materials(
        application_id=app.pk, clerk=clerk, provided=[materials[0]], files={materials[0]: stored}
    )
    url = reverse("approvals:file", args=[app.pk, stored.pk])
    response = _as(client, inspector).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert _as(client, liaison).get(url).status_code == 403


def test_a_file_not_attached_to_the_application_is_404(client, clerk, submitted, applicant):
    stored = services.store_file(
        actor=clerk, applicant=applicant, uploaded=SimpleUploadedFile("x.pdf", PDF_BYTES)
    )
    app = submitted()
    url = reverse("approvals:file", args=[app.pk, stored.pk])
    assert _as(client, clerk).get(url).status_code == 404


def test_admin_pages_of_approvals_open_and_refuse_edits(client, make_user, reviewed, approver):
    app = reviewed()
    services.decide(application_id=app.pk, approver=approver, approve=True)
    admin = make_user("root", is_staff=True, is_superuser=True)
    c = _as(client, admin)
    for model in (
        "seal",
        "applicant",
        "application",
        "decision",
        "permit",
        "sealuse",
        "documentcounter",
    ):
        response = c.get(reverse(f"admin:approvals_{model}_changelist"))
        assert response.status_code == 200, model
    assert c.get(reverse("admin:approvals_application_change", args=[app.pk])).status_code == 200
    assert c.get(reverse("admin:approvals_application_add")).status_code == 403
    response = c.post(
        reverse("admin:approvals_application_change", args=[app.pk]), {"status": "submitted"}
    )
    assert response.status_code == 403
    app.refresh_from_db()
    assert app.status == S.APPROVED


def test_the_accept_box_names_the_required_materials_still_missing(client, clerk, submitted):
    app = submitted(provided=[])
    body = _as(client, clerk).get(_detail(app)).content.decode()
    assert "仍缺少必须提交的材料:申请书。" in body
