"""The public side's services: 好差评 once after delivery, a bad rating's follow-up with its
working-day deadline, complaints numbered and handled, every step audited."""

import datetime

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType

from accountability.models import Complaint, Rating, RatingFollowUp
from accountability.public import services
from audit.models import AuditEvent
from core.errors import InvalidInput, InvalidTransition, NotAllowed, NotFound
from supervision.models import Notification
from tests.approvals.conftest import SHANGHAI
from workdays import services as workdays

ONLINE = Rating.Channel.ONLINE
WINDOW = Rating.Channel.WINDOW


def _events(obj):
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).order_by("pk")


def test_rating_before_delivery_is_refused(approved):
    app = approved()
    with pytest.raises(services.NotDelivered):
        services.rate(application_id=app.pk, level=5, channel=ONLINE)
    assert not Rating.objects.exists()


def test_online_rating_is_recorded_for_the_applicant_with_the_channel(delivered):
    app = delivered()
    rating = services.rate(application_id=app.pk, level="4", comment=" 很好 ", channel=ONLINE)
    assert (rating.level, rating.comment, rating.channel, rating.recorded_by) == (
        4,
        "很好",
        ONLINE,
        None,
    )
    [event] = _events(rating)
    assert event.action == "rate" and event.actor is None and event.actor_name == "系统"
    assert event.data["by"] == "申请人" and event.data["channel"] == "online"
    assert not RatingFollowUp.objects.exists()


def test_second_rating_of_one_application_is_refused(delivered):
    app = delivered()
    services.rate(application_id=app.pk, level=5, channel=ONLINE)
    with pytest.raises(services.AlreadyRated) as caught:
        services.rate(application_id=app.pk, level=1, channel=ONLINE)
    assert caught.value.status == 409
    assert Rating.objects.get().level == 5


@pytest.mark.parametrize("level", ["٣", "５", "6", "0", "", None, True, "3.0", "abc", 99])
def test_a_level_outside_the_five_is_invalid_input(delivered, level):
    app = delivered()
    with pytest.raises(InvalidInput):
        services.rate(application_id=app.pk, level=level, channel=ONLINE)


def test_a_comment_over_the_limit_is_invalid_input(delivered):
    app = delivered()
    with pytest.raises(InvalidInput):
        services.rate(application_id=app.pk, level=5, comment="好" * 501, channel=ONLINE)


def test_window_rating_needs_a_window_clerk_and_records_them(delivered, clerk, inspector):
    app = delivered()
    with pytest.raises(NotAllowed):
        services.rate(application_id=app.pk, level=5, channel=WINDOW, clerk=inspector)
    rating = services.rate(application_id=app.pk, level=5, channel=WINDOW, clerk=clerk)
    assert rating.recorded_by == clerk and rating.channel == WINDOW
    assert _events(rating).get().actor == clerk


def test_an_unknown_application_is_not_found(db):
    with pytest.raises(NotFound):
        services.rate(application_id=987654, level=5, channel=ONLINE)


@pytest.mark.parametrize("level", [2, 1])
def test_dissatisfied_or_worse_opens_a_followup_due_in_working_days(
    delivered, inspector, level, settings
):
    settings.RATING_FOLLOWUP_WORKING_DAYS = 15
    app = delivered()
    rating = services.rate(application_id=app.pk, level=level, channel=ONLINE)
    followup = rating.followup
    expected = workdays.deadline_after(followup.opened_at, 15)
    assert (followup.status, followup.due_date, followup.due_at) == (
        RatingFollowUp.Status.OPEN,
        expected.date,
        expected.at,
    )
    assert _events(followup).get().action == "open_rating_followup"
    note = Notification.objects.get(recipient=inspector)
    assert app.receipt_number in note.subject
    assert note.link == f"/oversight/followups/{followup.pk}/"


def test_basically_satisfied_opens_no_followup(delivered):
    rating = services.rate(application_id=delivered().pk, level=3, channel=ONLINE)
    assert not hasattr(rating, "followup") or not RatingFollowUp.objects.exists()
    assert not RatingFollowUp.objects.exists()


def test_followup_deadline_skips_the_national_day_holiday(delivered, settings):
    """Tuesday 29 September 2026 + 3 working days: 30 Sep, then 1–7 Oct are holidays (the
    Saturday 10 Oct make-up day is after): 8 Oct, 9 Oct → due Friday 9 October."""
    settings.RATING_FOLLOWUP_WORKING_DAYS = 3
    app = delivered()
    with time_machine.travel(datetime.datetime(2026, 9, 29, 10, tzinfo=SHANGHAI), tick=False):
        rating = services.rate(application_id=app.pk, level=1, channel=ONLINE)
    assert rating.followup.due_date == datetime.date(2026, 10, 9)


def test_followup_is_contacted_then_closed_by_an_inspector_each_step_audited(
    delivered, inspector, clerk
):
    followup = services.rate(application_id=delivered().pk, level=2, channel=ONLINE).followup
    with pytest.raises(InvalidTransition):
        services.close_followup(followup_id=followup.pk, inspector=inspector, outcome="已整改")
    with pytest.raises(NotAllowed):
        services.record_followup_contact(followup_id=followup.pk, inspector=clerk, result="x")
    with pytest.raises(InvalidInput):
        services.record_followup_contact(followup_id=followup.pk, inspector=inspector, result=" ")
    services.record_followup_contact(
        followup_id=followup.pk, inspector=inspector, result="已电话回访,申请人反映等候时间长"
    )
    closed = services.close_followup(
        followup_id=followup.pk, inspector=inspector, outcome="增设取号窗口"
    )
    assert closed.status == RatingFollowUp.Status.CLOSED and closed.outcome == "增设取号窗口"
    assert [e.action for e in _events(followup)] == [
        "open_rating_followup",
        "followup_contact",
        "followup_close",
    ]
    with pytest.raises(InvalidTransition):
        services.close_followup(followup_id=followup.pk, inspector=inspector, outcome="again")


# --- complaints ----------------------------------------------------------------------------------


def _complain(**kwargs):
    data = {"name": "李四", "phone": "13812345678", "text": "窗口排队时间过长"} | kwargs
    return services.submit_complaint(**data)


def test_complaints_are_numbered_gap_free_with_a_working_day_deadline(db, inspector, settings):
    settings.COMPLAINT_WORKING_DAYS = 15
    with time_machine.travel(datetime.datetime(2026, 6, 1, 10, tzinfo=SHANGHAI), tick=False):
        first, second = _complain(), _complain(phone="", email="li@example.com")
    assert (first.number, second.number) == ("TS2026000001", "TS2026000002")
    assert first.due_date == workdays.deadline_after(first.submitted_at, 15).date
    assert first.due_date == datetime.date(2026, 6, 23)  # 端午 Friday 19 June is skipped
    event = _events(first).get()
    assert event.actor is None and event.data["by"] == "投诉人"
    assert Notification.objects.filter(recipient=inspector).count() == 2


def test_a_double_submit_answers_the_first_complaint_and_sends_nothing_new(db, inspector):
    with time_machine.travel(datetime.datetime(2026, 6, 1, 10, tzinfo=SHANGHAI), tick=False):
        first = _complain()
    with time_machine.travel(datetime.datetime(2026, 6, 1, 10, 9, tzinfo=SHANGHAI), tick=False):
        again = _complain()
        other_text = _complain(text="另一件事")
    assert again.pk == first.pk
    assert other_text.number == "TS2026000002"  # no number was taken by the double submit
    assert Notification.objects.filter(recipient=inspector).count() == 2
    # the same words half an hour later are a new complaint
    with time_machine.travel(datetime.datetime(2026, 6, 1, 10, 40, tzinfo=SHANGHAI), tick=False):
        assert _complain().number == "TS2026000003"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"phone": "", "email": ""},
        {"phone": "12345"},
        {"phone": "١٣٨١٢٣٤٥٦٧٨"},
        {"phone": "", "email": "not-an-email"},
        {"name": "\u200b"},
        {"text": "   "},
        {"text": "长" * 2001},
        {"receipt_number": "SL٢٠٢٦٠٠٠٠٠١"},
        {"receipt_number": "nonsense"},
    ],
)
def test_bad_complaint_input_is_refused_and_takes_no_number(db, kwargs):
    with pytest.raises(InvalidInput):
        _complain(**kwargs)
    assert not Complaint.objects.exists()
    assert _complain().number.endswith("000001")


def test_full_width_receipt_and_phone_are_normalised_and_linked(delivered):
    app = delivered()
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in app.receipt_number.lower())
    complaint = _complain(receipt_number=full_width, phone="１３８ １２３４ ５６７８")
    assert complaint.receipt_number == app.receipt_number and complaint.application == app
    assert complaint.phone == "13812345678"


def test_complaint_is_accepted_replied_and_closed_in_order(db, inspector):
    complaint = _complain()
    with pytest.raises(InvalidTransition):
        services.reply_complaint(complaint_id=complaint.pk, inspector=inspector, reply="x")
    services.accept_complaint(complaint_id=complaint.pk, inspector=inspector)
    services.reply_complaint(complaint_id=complaint.pk, inspector=inspector, reply="已增派人员")
    done = services.close_complaint(complaint_id=complaint.pk, inspector=inspector)
    assert done.status == Complaint.Status.CLOSED and done.reply == "已增派人员"
    assert [e.action for e in _events(complaint)] == [
        "complaint_submit",
        "complaint_accept",
        "complaint_reply",
        "complaint_close",
    ]


def test_complaint_overdue_once_past_due_and_open(db):
    complaint = _complain()
    assert not complaint.is_overdue_at(complaint.due_at)
    later = complaint.due_at + datetime.timedelta(seconds=1)
    assert complaint.is_overdue_at(later)
    assert Complaint.objects.filter(Complaint.overdue_q(later)).get() == complaint


def test_action_labels_are_registered_in_chinese():
    from audit.actions import action_label

    assert action_label("rate") == "好差评"
    assert action_label("complaint_close") == "投诉办结"
