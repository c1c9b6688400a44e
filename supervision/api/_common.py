"""What the supervision API modules share: path parameters. Who may call what comes from
supervision.workflow (the services check the same roles and stay the authority; checking there
first makes a wrong role a 403 whatever the body or the object)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
)

_PK = r"[0-9]{1,18}"
_PUSH_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="推送编号")
_REPORT_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="监管信息编号"
)
_DELIVERY_ID = OpenApiParameter(
    "id", OpenApiTypes.UUID, OpenApiParameter.PATH, description="投递编号(重试时不变)"
)
_DATE_FORMATS = ["%Y-%m-%d"]
