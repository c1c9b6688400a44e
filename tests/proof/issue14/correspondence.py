"""Proof rows and world objects of issue 14 part "correspondence" (see __init__).

The world's objects are market's (the liaison's): a paper letter the bureau registered for market
with its scan (claimed by market's liaison only), and an inquiry the bureau asked market with an
attachment (open: the asker's close is refused with a message, the receiver's is 403)."""


def rows() -> dict:
    from tests.proof.test_url_access import (
        APPROVER,
        BUREAU,
        CLERK,
        FORBIDDEN,
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

    readers = frozenset({CLERK, APPROVER, LIAISON, LIAISON_OTHER, INSPECTOR})
    writers = readers - {INSPECTOR}  # a side to write from: the bureau, a department's liaison
    sides = frozenset({CLERK, APPROVER, LIAISON})  # the two sides of market's inquiry
    return {
        "supervision:correspondence": Row(get=who(readers)),
        "supervision:correspondence_new": Row(
            get=who(writers, inspector=NOT_FOUND), post=who(writers, MAY, inspector=NOT_FOUND)
        ),
        "supervision:paper_new": Row(get=who(BUREAU), post=who(BUREAU, MAY)),
        "supervision:correspondence_detail": Row(
            get=who(readers, liaison_other=NOT_FOUND), obj="c_paper"
        ),
        "supervision:correspondence_attachment": Row(
            get=who(readers, liaison_other=NOT_FOUND), obj="c_paper"
        ),
        "supervision:correspondence_claim": post_first(
            {LIAISON}, "c_paper", liaison_other=NOT_FOUND
        ),
        "supervision:inquiry_new": Row(
            get=who(writers, inspector=NOT_FOUND), post=who(writers, MAY, inspector=NOT_FOUND)
        ),
        "supervision:inquiry_detail": Row(
            get=who(readers, liaison_other=NOT_FOUND), obj="c_inquiry"
        ),
        "supervision:inquiry_reply": post_first(sides, "c_inquiry", liaison_other=NOT_FOUND),
        "supervision:inquiry_close": post_first(
            BUREAU, "c_inquiry", liaison=FORBIDDEN, liaison_other=NOT_FOUND
        ),
        "supervision:inquiry_attachment": Row(
            get=who(readers, liaison_other=NOT_FOUND), obj="c_inquiry"
        ),
        "api:information-list": Row(get=api(readers), post=api(writers, MAY, inspector=FORBIDDEN)),
        "api:information-detail": Row(get=api(readers, liaison_other=NOT_FOUND), obj="c_paper"),
        "api:information-claim": api_action({LIAISON}, "c_paper", liaison_other=NOT_FOUND),
        "api:inquiry-list": Row(get=api(readers), post=api(writers, MAY, inspector=FORBIDDEN)),
        "api:inquiry-detail": Row(get=api(readers, liaison_other=NOT_FOUND), obj="c_inquiry"),
        "api:inquiry-reply": api_action(sides, "c_inquiry", liaison_other=NOT_FOUND),
    }


def build(world) -> dict[str, dict]:
    import datetime

    from django.core.files.uploadedfile import SimpleUploadedFile

    from supervision.services import correspondence as svc
    from tests.proof.world import CLERK, PDF

    market = world.departments[0]
    clerk = world.users[CLERK]
    paper = svc.register_paper(
        user=clerk,
        kind="letter",
        department_id=market.pk,
        title="书面公函(证明用)",
        attachment=SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf"),
        paper_date=datetime.date(2026, 6, 1),
        reference_number="内审函〔2026〕1号",
    )
    inquiry = svc.ask_inquiry(
        user=clerk,
        subject="函询(证明用)",
        question="请说明核查情况。",
        department_id=market.pk,
        attachment=SimpleUploadedFile("q.pdf", PDF, content_type="application/pdf"),
    )
    return {"c_paper": {"pk": paper.pk}, "c_inquiry": {"pk": inquiry.pk}}
