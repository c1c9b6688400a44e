"""Correspondence services: information (online and paper), read receipts, claims, 函询, the
deadlines through the one calendar (a holiday in between) and the two flaggers."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEvent
from core.errors import InvalidInput, InvalidTransition, NotAllowed, NotFound
from core.roles import Role
from supervision.models import Information, InformationReceipt, Inquiry
from supervision.services import correspondence as svc
from supervision.services.duties import FLAGGERS
from tests.flows import SHANGHAI

pytestmark = pytest.mark.django_db

# Wed 30 Sep 2026, before the National Day holiday (1–7 Oct; Sat 10 Oct is a working day).
SEP_30 = datetime.datetime(2026, 9, 30, 10, tzinfo=SHANGHAI)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def scan(name="scan.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def health_liaison(make_user, other_department):
    return make_user("liaison_health", Role.LIAISON, department=other_department)


def _local_date(value):
    return value.astimezone(SHANGHAI).date()


# --- information ----------------------------------------------------------------------------


def test_a_tip_from_a_department_goes_to_the_bureau_with_a_claim_deadline_past_the_holiday(
    liaison, department, clerk, approver
):
    with time_machine.travel(SEP_30, tick=False):
        (info,) = svc.create_information(
            user=liaison, kind="unlicensed_tip", title="某小区无证经营", body="地址:幸福路 3 号"
        )
    assert info.direction == "to_bureau" and info.department == department
    # Thu 8, Fri 9, Sat 10 (调休上班): the 3rd working day after 30 Sep, not 3 Oct.
    assert _local_date(info.claim_deadline) == datetime.date(2026, 10, 10)
    assert AuditEvent.objects.filter(action="send_information", object_id=str(info.pk)).count() == 1
    # No bureau liaison on the register: the window clerks and approvers receive it.
    assert {u.pk for u in svc.required_readers(info)} == {clerk.pk, approver.pk}


def test_a_policy_document_needs_no_claim_and_cannot_be_claimed(liaison, clerk, department):
    with time_machine.travel(SEP_30, tick=False):
        (info,) = svc.create_information(
            user=clerk, kind="policy", title="关于审管联动的通知", department_ids=[department.pk]
        )
    assert info.claim_deadline is None and info.direction == "to_department"
    with pytest.raises(InvalidTransition) as exc:
        svc.claim_information(user=liaison, information_id=info.pk)
    assert exc.value.code == "no_claim_needed"


def test_the_bureau_sends_to_several_departments_one_row_each(clerk, department, other_department):
    rows = svc.create_information(
        user=clerk,
        kind="training",
        title="培训通知",
        department_ids=[str(department.pk), other_department.pk],
    )
    assert sorted(r.department_id for r in rows) == sorted([department.pk, other_department.pk])
    assert len({r.batch for r in rows}) == 1


def test_a_liaison_cannot_send_for_another_department(liaison, other_department):
    with pytest.raises(InvalidInput) as exc:
        svc.create_information(
            user=liaison, kind="other", title="x", department_ids=[other_department.pk]
        )
    assert "departments" in exc.value.fields


def test_someone_with_no_side_cannot_send(make_user):
    reviewer = make_user("r2", Role.REVIEWER)
    with pytest.raises(NotAllowed):
        svc.create_information(user=reviewer, kind="other", title="x")


def test_read_receipt_once_and_only_for_required_readers(clerk, liaison, inspector, department):
    (info,) = svc.create_information(
        user=clerk, kind="policy", title="政策", department_ids=[department.pk]
    )
    assert svc.record_read(user=liaison, info=info) is True
    assert svc.record_read(user=liaison, info=info) is False
    assert svc.record_read(user=clerk, info=info) is False  # the sender
    assert svc.record_read(user=inspector, info=info) is False
    assert list(InformationReceipt.objects.values_list("reader", flat=True)) == [liaison.pk]


def test_the_bureau_claims_a_tip_late_after_the_deadline(liaison, clerk, approver):
    with time_machine.travel(SEP_30, tick=False):
        (info,) = svc.create_information(user=liaison, kind="change_request", title="变更申请")
    # The sending liaison is not the receiver.
    with pytest.raises(NotAllowed):
        svc.claim_information(user=liaison, information_id=info.pk)
    with time_machine.travel(datetime.datetime(2026, 10, 12, 9, tzinfo=SHANGHAI), tick=False):
        info = svc.claim_information(user=approver, information_id=info.pk)
    assert info.claimed_by == approver and info.claim_late is True
    with pytest.raises(InvalidTransition) as exc:
        svc.claim_information(user=clerk, information_id=info.pk)
    assert exc.value.code == "already_claimed"


def test_other_departments_item_is_not_found(clerk, department, health_liaison):
    (info,) = svc.create_information(
        user=clerk, kind="policy", title="政策", department_ids=[department.pk]
    )
    with pytest.raises(NotFound):
        svc.access_information(health_liaison, info.pk)
    with pytest.raises(NotFound):
        svc.claim_information(user=health_liaison, information_id=info.pk)
    assert not svc.information_for(health_liaison).exists()


@pytest.mark.parametrize("pk", ["abc", "９", -1, 2**70, None, "1\x00"])
def test_odd_ids_are_not_found(clerk, pk):
    with pytest.raises(NotFound):
        svc.access_information(clerk, pk)
    with pytest.raises(NotFound):
        svc.access_inquiry(clerk, pk)


@pytest.mark.parametrize(
    "title, field",
    [("标题\x07", "title"), ("", "title"), ("长" * 201, "title"), ("   ", "title")],
)
def test_hostile_titles_are_refused(clerk, department, title, field):
    with pytest.raises(InvalidInput) as exc:
        svc.create_information(
            user=clerk, kind="policy", title=title, department_ids=[department.pk]
        )
    assert field in exc.value.fields
    assert not Information.objects.exists()


@pytest.mark.parametrize("ids", [[], ["x"], [0], [2**70], [True], None, [99999]])
def test_bad_departments_are_refused(clerk, ids):
    with pytest.raises(InvalidInput) as exc:
        svc.create_information(user=clerk, kind="policy", title="x", department_ids=ids)
    assert "departments" in exc.value.fields


def test_a_paper_kind_is_not_online_information(clerk, department):
    with pytest.raises(InvalidInput) as exc:
        svc.create_information(user=clerk, kind="letter", title="x", department_ids=[department.pk])
    assert "kind" in exc.value.fields


# --- the paper channel ------------------------------------------------------------------------


def test_a_paper_letter_is_registered_with_its_scan_and_claimed_by_the_liaison(
    clerk, liaison, department
):
    with time_machine.travel(SEP_30, tick=False):
        info = svc.register_paper(
            user=clerk,
            kind="letter",
            department_id=department.pk,
            title="关于某企业的书面公函",
            attachment=scan(),
            paper_date=datetime.date(2026, 9, 29),
            reference_number="内审函〔2026〕12号",
        )
    assert info.channel == "paper" and info.attachment.name
    assert _local_date(info.claim_deadline) == datetime.date(2026, 10, 10)
    assert [u.pk for u in svc.required_readers(info)] == [liaison.pk]
    with time_machine.travel(datetime.datetime(2026, 10, 9, 9, tzinfo=SHANGHAI), tick=False):
        info = svc.claim_information(user=liaison, information_id=info.pk)
    assert info.claimed_by == liaison and info.claim_late is False


def test_a_paper_item_needs_its_scan_a_date_and_the_bureau(clerk, liaison, department):
    with pytest.raises(InvalidInput) as exc:
        svc.register_paper(
            user=clerk,
            kind="letter",
            department_id=department.pk,
            title="公函",
            attachment=None,
            paper_date=datetime.date(2099, 1, 1),
        )
    assert {"attachment", "paper_date"} <= set(exc.value.fields)
    with pytest.raises(NotAllowed):
        svc.register_paper(
            user=liaison,
            kind="letter",
            department_id=department.pk,
            title="公函",
            attachment=scan(),
            paper_date=datetime.date(2026, 1, 1),
        )


def test_a_scan_that_is_not_a_document_is_refused(clerk, department):
    with pytest.raises(InvalidInput) as exc:
        svc.register_paper(
            user=clerk,
            kind="letter",
            department_id=department.pk,
            title="公函",
            attachment=SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf"),
            paper_date=datetime.date(2026, 1, 1),
        )
    assert "attachment" in exc.value.fields


# --- inquiries --------------------------------------------------------------------------------


def test_an_inquiry_is_asked_answered_and_closed(clerk, liaison, department):
    with time_machine.travel(SEP_30, tick=False):
        inquiry = svc.ask_inquiry(
            user=clerk, subject="关于某店铺", question="是否已核查?", department_id=department.pk
        )
    # 5 working days by default: 8, 9, 10, 12, 13 October.
    assert inquiry.reply_days == 5
    assert _local_date(inquiry.reply_deadline) == datetime.date(2026, 10, 13)
    # The asker may follow up before the answer; it does not answer the inquiry.
    with time_machine.travel(SEP_30 + datetime.timedelta(hours=2), tick=False):
        svc.reply_inquiry(user=clerk, inquiry_id=inquiry.pk, body="请尽快回复")
    inquiry.refresh_from_db()
    assert inquiry.status == "open"
    with time_machine.travel(datetime.datetime(2026, 10, 9, 9, tzinfo=SHANGHAI), tick=False):
        message = svc.reply_inquiry(user=liaison, inquiry_id=inquiry.pk, body="已核查,无异常。")
    assert message.from_asker is False
    inquiry.refresh_from_db()
    assert inquiry.status == "answered" and inquiry.answered_by == liaison
    assert inquiry.answer_late is False
    with pytest.raises(NotAllowed):
        svc.close_inquiry(user=liaison, inquiry_id=inquiry.pk)
    svc.close_inquiry(user=clerk, inquiry_id=inquiry.pk)
    with pytest.raises(InvalidTransition):
        svc.reply_inquiry(user=liaison, inquiry_id=inquiry.pk, body="再补充")
    assert list(inquiry.messages.values_list("from_asker", flat=True)) == [True, False]


def test_a_liaison_asks_the_bureau(liaison, department, approver):
    inquiry = svc.ask_inquiry(user=liaison, subject="请示", question="如何处理?", reply_days="1")
    assert inquiry.direction == "to_bureau" and inquiry.department == department
    svc.reply_inquiry(user=approver, inquiry_id=inquiry.pk, body="按规定处理")
    inquiry.refresh_from_db()
    assert inquiry.status == "answered"


@pytest.mark.parametrize("days", [0, 31, -1, "abc", "1.5", True, 2**70])
def test_reply_days_out_of_range_are_refused(clerk, department, days):
    with pytest.raises(InvalidInput) as exc:
        svc.ask_inquiry(
            user=clerk, subject="s", question="q", reply_days=days, department_id=department.pk
        )
    assert "reply_days" in exc.value.fields


def test_full_width_reply_days_are_read_as_digits(clerk, department):
    inquiry = svc.ask_inquiry(
        user=clerk, subject="s", question="q", reply_days="３０", department_id=department.pk
    )
    assert inquiry.reply_days == 30


def test_an_empty_or_hostile_reply_is_refused(clerk, liaison, department):
    inquiry = svc.ask_inquiry(user=clerk, subject="s", question="q", department_id=department.pk)
    for body in ("", " \u3000 ", "x\x1b[2J", "长" * 5001):
        with pytest.raises(InvalidInput):
            svc.reply_inquiry(user=liaison, inquiry_id=inquiry.pk, body=body)
    inquiry.refresh_from_db()
    assert inquiry.status == "open" and not inquiry.messages.exists()


def test_other_departments_inquiry_is_not_found(clerk, department, health_liaison):
    inquiry = svc.ask_inquiry(user=clerk, subject="s", question="q", department_id=department.pk)
    with pytest.raises(NotFound):
        svc.reply_inquiry(user=health_liaison, inquiry_id=inquiry.pk, body="x")


# --- flaggers --------------------------------------------------------------------------------


def test_the_flaggers_are_registered():
    assert FLAGGERS["information"] is svc.flag_overdue_information
    assert FLAGGERS["inquiry"] is svc.flag_overdue_inquiries


def test_unclaimed_information_is_flagged_once_with_the_late_side(clerk, liaison, department):
    with time_machine.travel(SEP_30, tick=False):
        paper = svc.register_paper(
            user=clerk,
            kind="case_transfer",
            department_id=department.pk,
            title="案卷移送",
            attachment=scan(),
            paper_date=datetime.date(2026, 9, 30),
        )
        (tip,) = svc.create_information(user=liaison, kind="unlicensed_tip", title="线索")
        (policy,) = svc.create_information(
            user=clerk, kind="policy", title="政策", department_ids=[department.pk]
        )
    # Still within the deadline on the last day (Sat 10 Oct, a working day).
    assert svc.flag_overdue_information(datetime.datetime(2026, 10, 10, 23, tzinfo=SHANGHAI)) == []
    later = datetime.datetime(2026, 10, 11, 0, 1, tzinfo=SHANGHAI)
    flagged = svc.flag_overdue_information(later)
    assert sorted(flagged) == sorted(
        [(paper.pk, paper.claim_deadline, department.pk), (tip.pk, tip.claim_deadline, None)]
    )
    assert svc.flag_overdue_information(later + datetime.timedelta(days=1)) == []
    policy.refresh_from_db()
    assert policy.overdue_flagged_at is None


def test_a_claimed_item_is_not_flagged(clerk, liaison, department):
    with time_machine.travel(SEP_30, tick=False):
        info = svc.register_paper(
            user=clerk,
            kind="offline_push",
            department_id=department.pk,
            title="线下推送",
            attachment=scan(),
            paper_date=datetime.date(2026, 9, 30),
        )
        svc.claim_information(user=liaison, information_id=info.pk)
    assert svc.flag_overdue_information(datetime.datetime(2026, 11, 1, tzinfo=SHANGHAI)) == []


def test_unanswered_inquiries_are_flagged_once_answered_ones_not(
    clerk, liaison, department, approver
):
    with time_machine.travel(SEP_30, tick=False):
        to_department = svc.ask_inquiry(
            user=clerk, subject="a", question="q", reply_days=1, department_id=department.pk
        )
        to_bureau = svc.ask_inquiry(user=liaison, subject="b", question="q", reply_days=1)
        answered = svc.ask_inquiry(
            user=clerk, subject="c", question="q", reply_days=1, department_id=department.pk
        )
        svc.reply_inquiry(user=liaison, inquiry_id=answered.pk, body="答")
    # 1 working day after 30 Sep is Thu 8 Oct.
    assert _local_date(to_department.reply_deadline) == datetime.date(2026, 10, 8)
    assert svc.flag_overdue_inquiries(datetime.datetime(2026, 10, 8, 12, tzinfo=SHANGHAI)) == []
    later = datetime.datetime(2026, 10, 9, 8, tzinfo=SHANGHAI)
    flagged = svc.flag_overdue_inquiries(later)
    assert sorted(flagged) == sorted(
        [
            (to_department.pk, to_department.reply_deadline, department.pk),
            (to_bureau.pk, to_bureau.reply_deadline, None),
        ]
    )
    assert svc.flag_overdue_inquiries(later) == []
    # A late answer is recorded as late.
    with time_machine.travel(later, tick=False):
        svc.reply_inquiry(user=liaison, inquiry_id=to_department.pk, body="迟复")
    to_department.refresh_from_db()
    assert to_department.answer_late is True
    assert Inquiry.objects.get(pk=answered.pk).overdue_flagged_at is None


# --- the event feed ---------------------------------------------------------------------------


def test_events_are_published_with_the_department_side(monkeypatch, clerk, liaison, department):
    from supervision.services import events
    from supervision.services.events import FEED_BODIES

    published = []
    monkeypatch.setattr(
        svc, "publish_event", lambda **kw: published.append((kw["event"], kw["department_id"]))
    )
    (info,) = svc.create_information(user=liaison, kind="unlicensed_tip", title="线索")
    svc.claim_information(user=clerk, information_id=info.pk)
    inquiry = svc.ask_inquiry(user=clerk, subject="s", question="q", department_id=department.pk)
    svc.reply_inquiry(user=clerk, inquiry_id=inquiry.pk, body="追问")  # a follow-up: no event
    svc.reply_inquiry(user=liaison, inquiry_id=inquiry.pk, body="答")
    assert published == [
        ("information.created", department.pk),
        ("information.claimed", department.pk),
        ("inquiry.created", department.pk),
        ("inquiry.answered", department.pk),
    ]
    assert events.FEED_BODIES is FEED_BODIES
    body = FEED_BODIES[Information](info)
    assert body["id"] == info.pk and body["claimed_by"] == "窗口甲"
    assert FEED_BODIES[Inquiry](inquiry)["status"] == "answered"


def test_with_bureau_liaisons_on_the_register_they_are_the_readers(
    monkeypatch, liaison, clerk, approver
):
    from django.contrib.auth import get_user_model

    monkeypatch.setattr(
        svc, "bureau_liaisons", lambda: get_user_model().objects.filter(pk=approver.pk)
    )
    (info,) = svc.create_information(user=liaison, kind="other", title="来函")
    assert [u.pk for u in svc.required_readers(info)] == [approver.pk]
    assert svc.record_read(user=clerk, info=info) is False
    assert svc.record_read(user=approver, info=info) is True


# --- through the one overdue job ----------------------------------------------------------------


def test_the_overdue_job_records_late_claims_and_replies_once(clerk, liaison, department, approver):
    from accountability.models import OverdueRecord
    from accountability.services import flag_overdue

    with time_machine.travel(SEP_30, tick=False):
        paper = svc.register_paper(
            user=clerk,
            kind="letter",
            department_id=department.pk,
            title="公函",
            attachment=scan(),
            paper_date=datetime.date(2026, 9, 30),
        )
        (tip,) = svc.create_information(user=liaison, kind="unlicensed_tip", title="线索")
        inquiry = svc.ask_inquiry(
            user=clerk, subject="s", question="q", reply_days=1, department_id=department.pk
        )
    late = datetime.datetime(2026, 10, 12, 9, tzinfo=SHANGHAI)
    result = flag_overdue(as_of=late)
    assert result.duties.get("information") == 2 and result.duties.get("inquiry") == 1
    records = {
        (r.kind, r.object_id): r.department_id
        for r in OverdueRecord.objects.filter(kind__in=["information", "inquiry"])
    }
    assert records == {
        ("information", paper.pk): department.pk,
        ("information", tip.pk): None,  # the bureau is the late side
        ("inquiry", inquiry.pk): department.pk,
    }
    again = flag_overdue(as_of=late + datetime.timedelta(days=1))
    assert again.duties.get("information") == 0 and again.duties.get("inquiry") == 0
    assert OverdueRecord.objects.filter(kind__in=["information", "inquiry"]).count() == 3
