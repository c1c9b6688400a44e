"""The event feed for department systems (api-contract.md, "Event feed"): every event a
department may see, in order, with a stable cursor. Issue 14, part "events" builds it.

`publish_event` is the one way to add an event: call it inside the transaction of the state
change, with the department that may see it and the object the event is about. A part whose
model appears in the feed registers how its `data` is built with `@feed_body(Model)`."""

from collections.abc import Callable

# model class -> function(obj) -> dict: the object as its GET endpoint returns it.
FEED_BODIES: dict[type, Callable[[object], dict]] = {}


def feed_body(model: type) -> Callable:
    """Registers `function(obj) -> dict` as the feed's (and webhook's) `data` of `model`."""

    def register(function):
        FEED_BODIES[model] = function
        return function

    return register


def publish_event(*, event: str, department_id: int | None, obj, data: dict | None = None) -> None:
    """Append `event` (e.g. "check.recorded") about `obj` (a model instance) for
    `department_id` (None: no department's, inspectors see it) to the feed, in the caller's
    transaction. The feed's `data` is the object as its GET endpoint returns it (built by the
    events part from `obj` through FEED_BODIES; pass `data` only to freeze a snapshot). Filled
    in by the events part."""
