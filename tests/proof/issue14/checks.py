"""Proof rows and world objects of issue 14 part "checks" (see __init__).

The world's object is market's check (the liaison's) on the world's market push, pending."""


def rows() -> dict:
    from tests.proof.test_url_access import (
        APPROVER,
        CLERK,
        FORBIDDEN,
        INSPECTOR,
        LIAISON,
        LIAISON_OTHER,
        MAY,
        NOT_FOUND,
        REVIEWER,
        Row,
        api,
        api_action,
        who,
    )

    readers = frozenset({CLERK, REVIEWER, APPROVER, INSPECTOR, LIAISON, LIAISON_OTHER})
    return {
        "supervision:checks": Row(get=who(readers)),
        "supervision:check_detail": Row(
            get=who(readers, liaison_other=NOT_FOUND),
            post=who({LIAISON}, MAY, liaison_other=NOT_FOUND),
            obj="check",
        ),
        "api:commitment-check-list": Row(get=api(readers)),
        "api:commitment-check-detail": Row(get=api(readers, liaison_other=NOT_FOUND), obj="check"),
        "api:commitment-check-record": api_action(
            {LIAISON}, "check", others=FORBIDDEN, liaison_other=NOT_FOUND
        ),
    }


def build(world) -> dict[str, dict]:
    import datetime

    from supervision.models import CommitmentCheck

    push = world.push
    check = CommitmentCheck.objects.create(
        push=push,
        department_id=push.department_id,
        method="现场核查(证明用)",
        check_days=60,
        created_at=push.pushed_at,
        deadline=push.pushed_at + datetime.timedelta(days=90),
    )
    return {"check": {"pk": check.pk}}
