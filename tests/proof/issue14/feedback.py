"""Proof rows and world objects of issue 14 part "feedback" (see __init__).

The bureau's close of a report (已知悉 / 已办结) uses the world's report: the same people as its
claim (window_clerk, approver), a liaison outside the report's department 404 on the API. The
push feedback routes are the existing supervision:push_feedback / api:push-feedback rows."""


def rows() -> dict:
    from tests.proof.test_url_access import BUREAU, NOT_FOUND, api_action, post_first

    return {
        "supervision:report_close": post_first(BUREAU, "report"),
        "api:supervision-report-close": api_action(BUREAU, "report", liaison_other=NOT_FOUND),
    }


def build(world) -> dict[str, dict]:
    return {}
