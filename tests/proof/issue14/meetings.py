"""Proof rows and world objects of issue 14 part "meetings" (see __init__).

The world's meeting: a joint meeting market attended, with minutes and a scan, and one task for
market (open: market's liaison may finish it; health's liaison does not see the meeting)."""


def rows() -> dict:
    from tests.proof.test_url_access import (
        APPROVER,
        INSPECTOR,
        LIAISON,
        LIAISON_OTHER,
        MAY,
        NOT_FOUND,
        Row,
        api,
        api_action,
        post_first,
        who,
    )

    readers = frozenset({APPROVER, INSPECTOR, LIAISON, LIAISON_OTHER})
    finishers = frozenset({APPROVER, LIAISON})
    return {
        "supervision:meetings": Row(get=who(readers)),
        "supervision:meeting_new": Row(get=who({APPROVER}), post=who({APPROVER}, MAY)),
        "supervision:meeting_detail": Row(
            get=who(readers, liaison_other=NOT_FOUND), obj="m_meeting"
        ),
        "supervision:meeting_attachment": Row(
            get=who(readers, liaison_other=NOT_FOUND), obj="m_meeting"
        ),
        "supervision:meeting_task_done": post_first(readers, "m_task", liaison_other=NOT_FOUND),
        "api:meeting-list": Row(get=api(readers)),
        "api:meeting-detail": Row(get=api(readers, liaison_other=NOT_FOUND), obj="m_meeting"),
        "api:meeting-task-done": api_action(
            finishers, "m_task", readers=readers, liaison_other=NOT_FOUND
        ),
    }


def build(world) -> dict[str, dict]:
    import datetime

    from django.core.files.uploadedfile import SimpleUploadedFile

    from supervision.services import meetings as svc
    from tests.proof.world import APPROVER, NOW, PDF

    meeting = svc.record_meeting(
        user=world.users[APPROVER],
        kind="joint",
        title="审管联席会议",
        held_at=NOW - datetime.timedelta(days=1),
        minutes="议定一项",
        department_codes=[world.departments[0].code],
        tasks=[{"text": "联合检查", "department": world.departments[0].code, "days": 5}],
        attachment=SimpleUploadedFile("纪要.pdf", PDF, "application/pdf"),
    )
    return {"m_meeting": {"pk": meeting.pk}, "m_task": {"pk": meeting.tasks.get().pk}}
