"""GET /api/v1/overdue-records/ (api-contract.md): inspectors all, liaisons their own
departments' only, others 403; paginated (core.pagination), strict filters (core.filters)."""

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from accountability.models import OverdueRecord
from accountability.oversight import selectors
from accountability.oversight.duty_links import duty_urls
from core.api import error_responses
from core.filters import StrictFilterSet
from core.roles import Role, require_role


class OverdueRecordFilter(StrictFilterSet):
    kind = filters.ChoiceFilter(
        choices=OverdueRecord.Kind.choices,
        help_text="push | report | application | feedback | check | information | inquiry"
        " | meeting_task",
    )
    department = filters.CharFilter(
        field_name="department__code", max_length=40, help_text="部门代码"
    )

    class Meta(StrictFilterSet.Meta):
        model = OverdueRecord
        fields = ["kind", "department"]


class _DepartmentRef(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class _ObjectRef(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField(help_text="法律文书编号或受理编号(新类型:空)")
    status = serializers.CharField(help_text="对象当前状态(新类型:空)")
    url = serializers.CharField(required=False, help_text="对象页面(新类型,issue 14)")


class OverdueRecordSerializer(serializers.ModelSerializer):
    department = _DepartmentRef(allow_null=True)
    object = serializers.SerializerMethodField()

    class Meta:
        model = OverdueRecord
        fields = ["id", "kind", "object", "department", "deadline", "flagged_at"]

    @extend_schema_field(_ObjectRef(allow_null=True))
    def get_object(self, record) -> dict | None:
        if record.object_id is not None:
            # issue 14's duty kinds: the id and the page (accountability.oversight.duty_links).
            links = self.context.get("duty_urls") or {}
            return {
                "id": record.object_id,
                "number": "",
                "status": "",
                "url": links.get(record.pk, ""),
            }
        obj = record.push or record.report or record.application
        if obj is None:
            return None
        number = getattr(obj, "decision_number", None) or getattr(obj, "receipt_number", "")
        return {"id": obj.pk, "number": number, "status": obj.status}


@extend_schema_view(
    list=extend_schema(
        summary="逾期记录列表",
        description="监察人员:全部;联络员:本部门的。其他角色 403。最新在前。",
        responses={
            200: OverdueRecordSerializer(many=True),
            **error_responses(
                400,
                401,
                403,
                404,
                e400="筛选参数为空或不是可选值,或 page / page_size 无效(code: invalid)",
                e403="角色无权查看",
                e404="页码超出最后一页(code: not_found)",
            ),
        },
        tags=["overdue-records"],
    )
)
class OverdueRecordViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = OverdueRecordSerializer
    filterset_class = OverdueRecordFilter

    def get_queryset(self):
        return selectors.overdue_records_for(self.request.user).select_related(
            "application__item_version"
        )

    def list(self, request, *args, **kwargs):
        require_role(request.user, Role.INSPECTOR, Role.LIAISON)
        return super().list(request, *args, **kwargs)

    def get_serializer(self, *args, **kwargs):
        # The duty kinds' links for the whole page at once (constant queries).
        if args and kwargs.get("many"):
            rows = list(args[0])
            args = (rows, *args[1:])
            kwargs.setdefault("context", self.get_serializer_context())["duty_urls"] = duty_urls(
                rows
            )
        return super().get_serializer(*args, **kwargs)
