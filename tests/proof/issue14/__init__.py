"""Issue 14's parts declare their URL rows and world objects here, one module per part, so six
parts can add theirs without touching the one TABLE (tests/proof/test_url_access.py) or World.

Each module has:
- `rows() -> dict[str, Row]`: the part's rows (import Row, who, api, post_first, api_action and
  the user-kind sets from tests.proof.test_url_access inside the function);
- `build(world) -> dict[str, dict]`: creates the part's objects once, after the rest of the
  world is built, and returns {obj name: path kwargs} for the rows' `obj=`."""

from tests.proof.issue14 import (
    casefile,
    checks,
    correspondence,
    events,
    feedback,
    liaisons,
    meetings,
)

PARTS = (feedback, events, checks, correspondence, liaisons, casefile, meetings)
