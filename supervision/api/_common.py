"""What the supervision API modules share: path parameters. Who may call what comes from
supervision.workflow (the services check the same roles and stay the authority; checking there
first makes a wrong role a 403 whatever the body or the object)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
)

from core.api import error_responses

_PK = r"[0-9]{1,18}"
_PUSH_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="推送编号")
_REPORT_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="监管信息编号"
)
_DELIVERY_ID = OpenApiParameter(
    "id", OpenApiTypes.UUID, OpenApiParameter.PATH, description="投递编号(重试时不变)"
)
_DATE_FORMATS = ["%Y-%m-%d"]

# The 4xx answers of every paginated list.
LIST_ERRORS = error_responses(
    400,
    401,
    403,
    404,
    e400="筛选参数为空或不是可选值,或 page / page_size 无效(code: invalid,fields 指明参数)",
    e403="角色无权查看",
    e404="页码超出最后一页(code: not_found)",
)

# The 4xx answers of every object read (a control character in the path is core's 400).
DETAIL_ERRORS = error_responses(
    400, 401, 403, 404, e400="路径含有不允许的控制字符(code: invalid_characters)"
)
