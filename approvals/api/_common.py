"""What every approvals API view shares: who may call each write, the schema helpers, and the
detail answer every transition returns."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
)
from rest_framework import status
from rest_framework.response import Response

from approvals import selectors
from approvals.api.serializers import (
    ApplicationDetailSerializer,
)
from core.api import error_responses
from core.errors import InvalidInput
from core.roles import Role

# Bureau roles that read any permit; a liaison reads the permits their department supervises.
PERMIT_READERS = (
    Role.WINDOW_CLERK,
    Role.REVIEWER,
    Role.APPROVER,
    Role.CATALOG_ADMIN,
    Role.INSPECTOR,
)

# --- schema helpers --------------------------------------------------------------------------


APPLICATION_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="办件编号"
)


def transition_schema(summary, request, roles, *, e400="", e403="", e409=""):
    described = {k: v for k, v in (("e400", e400), ("e403", e403), ("e409", e409)) if v}
    return extend_schema(
        summary=summary,
        description=f"角色:{roles}。成功时返回办件详情(含 status)。",
        parameters=[APPLICATION_ID],
        request=request,
        responses={
            200: ApplicationDetailSerializer,
            **error_responses(400, 401, 403, 404, 409, **described),
        },
        tags=["applications"],
    )


# --- views -----------------------------------------------------------------------------------


def detail_response(request, pk, status_code=status.HTTP_200_OK) -> Response:
    app = selectors.application_detail(request.user, pk)
    return Response(
        ApplicationDetailSerializer(app, context={"request": request}).data, status=status_code
    )


def applicant_error(exc: InvalidInput) -> InvalidInput:
    """register_applicant names its fields (id_number, name); the contract puts them all under
    `applicant`."""
    messages = [str(m) for msgs in exc.fields.values() for m in msgs] or [str(exc.message)]
    code = "invalid_applicant" if exc.code == "invalid" else exc.code
    return InvalidInput(exc.message, code=code, fields={"applicant": messages})
