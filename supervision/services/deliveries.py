"""A stored webhook body holds the push as its GET endpoint returns it: the holder's full ID
number, phone and address. Shown masked to everyone (the admin's delivery page); in full only to
those who may see the holder's full ID number, each look audited like the push detail."""

from approvals.workflow import ID_NUMBER_READERS
from core.errors import NotAllowed
from core.roles import has_role
from supervision.masking import masked_body, pretty_body
from supervision.models import Push, WebhookDelivery
from supervision.selectors import pushes_for
from supervision.services.pushes import reveal_holder_id_number


def may_see_holder_data(user, push_id: int) -> bool:
    """Those who may see the holder's full ID number: the bureau's staff who read ID numbers in
    approvals (approvals.workflow.ID_NUMBER_READERS) and those who may open the push's detail
    (its department's liaisons, inspectors: supervision.selectors.pushes_for). A catalog admin
    or a superuser without one of these roles may not."""
    return has_role(user, *ID_NUMBER_READERS) or pushes_for(user).filter(pk=push_id).exists()


def masked_delivery_body(delivery: WebhookDelivery) -> str:
    """The body as anyone who may read the delivery sees it: personal fields masked."""
    return masked_body(delivery.body)


def reveal_delivery_body(*, user, delivery: WebhookDelivery, channel: str = "admin") -> str:
    """The full stored body, to one allowed to see it (NotAllowed otherwise), audited through
    reveal_holder_id_number before it is returned. A report's delivery carries no holder data."""
    if delivery.push_id is None:
        return pretty_body(delivery.body)
    if not may_see_holder_data(user, delivery.push_id):
        raise NotAllowed()
    push = Push.objects.select_related(
        "department", "decision__permit__holder", "decision__application__applicant"
    ).get(pk=delivery.push_id)
    reveal_holder_id_number(
        user=user, push=push, channel=channel, data={"delivery": str(delivery.pk)}
    )
    return pretty_body(delivery.body)
