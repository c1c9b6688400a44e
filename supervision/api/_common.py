"""What the supervision API modules share: roles per family of endpoints, path parameters."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
)

from core.roles import Role

# Who may use each family of endpoints. The services check the same roles and stay the
# authority; checking here first makes a wrong role a 403 whatever the body or the object.
PUSH_READERS = (Role.LIAISON, Role.INSPECTOR)
PUSH_ACTORS = (Role.LIAISON,)
REROUTERS = (Role.APPROVER, Role.WINDOW_CLERK)
REPORT_READERS = (Role.LIAISON, Role.WINDOW_CLERK, Role.APPROVER, Role.INSPECTOR)
REPORT_CLAIMERS = (Role.WINDOW_CLERK, Role.APPROVER)
DELIVERY_READERS = (Role.LIAISON, Role.INSPECTOR)
_PK = r"[0-9]{1,18}"
_PUSH_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="推送编号")
_REPORT_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="监管信息编号"
)
_DELIVERY_ID = OpenApiParameter(
    "id", OpenApiTypes.UUID, OpenApiParameter.PATH, description="投递编号(重试时不变)"
)
_DATE_FORMATS = ["%Y-%m-%d"]
