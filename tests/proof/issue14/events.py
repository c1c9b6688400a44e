"""Proof rows and world objects of issue 14 part "events" (see __init__): the feed is read by
liaisons (their department's) and inspectors; every other role is 403."""


def rows() -> dict:
    from tests.proof.test_url_access import INSPECTOR, LIAISON, LIAISON_OTHER, Row, api

    return {"api:events": Row(get=api({LIAISON, LIAISON_OTHER, INSPECTOR}))}


def build(world) -> dict[str, dict]:
    return {}
