"""The event feed for department systems (api-contract.md, "Event feed"): every event a
department may see, in order, with a stable cursor. Issue 14, part "events" builds it.

`publish_event` is the one way to add an event: call it inside the transaction of the state
change, with the department that may see it and `data` exactly as the object's GET endpoint
returns it (the webhook body's `data`)."""


def publish_event(*, event: str, department_id: int | None, data: dict, obj=None) -> None:
    """Append `event` (e.g. "check.recorded") for `department_id` (None: the bureau's only,
    inspectors see it) to the feed, in the caller's transaction. `obj` is the model instance the
    event is about (kept as a reference). Filled in by the events part."""
