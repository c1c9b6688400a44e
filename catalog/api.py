"""Catalog API: departments and the published items (api-contract.md, "Catalog").

Only published versions are visible here: a draft, a superseded or a withdrawn version is not
part of the catalog. Any authenticated user may read."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers
from rest_framework.generics import ListAPIView, RetrieveAPIView

from catalog import selectors
from catalog.models import Department, Fee, Item, ItemVersion, Material, ProcedureStep
from core.api import error_responses

# The longest value each filter can match: an item name (q), a department code, a category.
FILTER_MAX_LENGTH = {
    "q": ItemVersion._meta.get_field("name").max_length,
    "department": Department._meta.get_field("code").max_length,
    "category": ItemVersion._meta.get_field("category").max_length,
}


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["code", "name"]


@extend_schema_view(
    get=extend_schema(
        summary="部门列表",
        description="全部部门 `[{code, name}]`,按部门代码排序,不分页。",
        tags=["catalog"],
        responses={200: DepartmentSerializer(many=True), **error_responses(401)},
    )
)
class DepartmentList(ListAPIView):
    """All departments as a plain list `[{code, name}]` (api-contract.md)."""

    queryset = Department.objects.order_by("code")
    serializer_class = DepartmentSerializer
    pagination_class = None


class CatalogFeeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Fee
        fields = ["name", "amount", "basis"]


class CatalogMaterialSerializer(serializers.ModelSerializer):
    class Meta:
        model = Material
        fields = ["id", "name", "required", "waivable", "original_count", "copy_count", "note"]


class CatalogRelatedItemSerializer(serializers.ModelSerializer):
    name = serializers.CharField(
        source="published_version.name", allow_null=True, default=None, read_only=True
    )

    class Meta:
        model = Item
        fields = ["code", "name"]


class CatalogItemSerializer(serializers.ModelSerializer):
    """One published item. The contract fields come first; the rest are additions."""

    code = serializers.CharField(source="item.code", read_only=True)
    version = serializers.IntegerField(source="number", read_only=True)
    fees = CatalogFeeSerializer(many=True, read_only=True)
    supervising_departments = DepartmentSerializer(many=True, read_only=True)
    materials = CatalogMaterialSerializer(many=True, read_only=True)
    handling_department = DepartmentSerializer(read_only=True, allow_null=True)
    related_items = CatalogRelatedItemSerializer(many=True, read_only=True)

    class Meta:
        model = ItemVersion
        fields = [
            # api-contract.md
            "code",
            "name",
            "version",
            "category",
            "legal_basis",
            "statutory_limit_days",
            "committed_limit_days",
            "instant",
            "notice_commitment",
            "site_inspection",
            "permit_validity_years",
            "fees",
            "supervising_departments",
            "materials",
            # additions
            "published_at",
            "conditions",
            "review_standard",
            "procedure",
            "commitment_check_method",
            "commitment_check_days",
            "approval_duty",
            "supervision_matters",
            "supervision_duty",
            "feedback_limit_days",
            "responsible_post",
            "transferred",
            "handling_department",
            "related_items",
        ]
        read_only_fields = fields


class CatalogStepSerializer(serializers.ModelSerializer):
    """One step of the procedure (程序清单): its post, requirements and limit (working days,
    0 = on the spot), and the application stage it stands for."""

    class Meta:
        model = ProcedureStep
        fields = ["position", "name", "stage", "post", "requirements", "limit_days"]
        read_only_fields = fields


class CatalogContactSerializer(serializers.Serializer):
    """办理地点与咨询方式 (catalog.selectors.contact_for): the item's own value, else the
    bureau's; `overridden` names the fields the item sets itself."""

    bureau = serializers.CharField(read_only=True, help_text="办理机构")
    location = serializers.CharField(read_only=True, help_text="办理地点")
    office_hours = serializers.CharField(read_only=True, help_text="办公时间")
    phone = serializers.CharField(read_only=True, help_text="咨询电话")
    complaint_phone = serializers.CharField(read_only=True, help_text="投诉电话")
    website = serializers.CharField(read_only=True, help_text="网站(可为空)")
    email = serializers.CharField(read_only=True, help_text="电子邮箱(可为空)")
    overridden = serializers.SerializerMethodField(help_text="本事项自行设定的字段")

    @extend_schema_field(
        {"type": "array", "items": {"type": "string", "enum": list(selectors.CONTACT_SOURCES)}}
    )
    def get_overridden(self, contact) -> list[str]:
        return sorted(contact.overridden)


class CatalogItemDetailSerializer(CatalogItemSerializer):
    """The item's detail: the list's fields plus its steps (程序清单), in order, and where,
    when and whom to call (contact)."""

    steps = CatalogStepSerializer(many=True, read_only=True)
    contact = CatalogContactSerializer(read_only=True)

    class Meta(CatalogItemSerializer.Meta):
        fields = [*CatalogItemSerializer.Meta.fields, "steps", "contact"]
        read_only_fields = fields


class ItemFilterForm(forms.Form):
    """A filter that is given must say something: `?category=` (or only spaces) is a 400,
    not the unfiltered list a client did not ask for."""

    def clean(self):
        cleaned = super().clean()
        for name in self.fields:
            if name in self.data and not str(self.data.get(name, "")).strip():
                self.add_error(name, _("筛选条件不能为空;不筛选时请省略该参数。"))
        return cleaned


def _text_filter(label, **kwargs):
    return django_filters.CharFilter(label=label, **kwargs)


class ItemFilter(django_filters.FilterSet):
    q = _text_filter(
        _("事项名称或编码(包含)"), method="filter_q", max_length=FILTER_MAX_LENGTH["q"]
    )
    department = _text_filter(
        _("监管部门代码"),
        field_name="supervising_departments__code",
        max_length=FILTER_MAX_LENGTH["department"],
    )
    category = _text_filter(
        _("事项类别"), field_name="category", max_length=FILTER_MAX_LENGTH["category"]
    )

    class Meta:
        model = ItemVersion
        fields = ["q", "department", "category"]
        form = ItemFilterForm

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(item__code__icontains=value))


def _filter_parameter(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(
        name,
        {"type": "string", "minLength": 1, "maxLength": FILTER_MAX_LENGTH[name]},
        OpenApiParameter.QUERY,
        description=f"{description};给出时不能为空,最长 {FILTER_MAX_LENGTH[name]} 字",
    )


@extend_schema_view(
    get=extend_schema(
        summary="已发布事项列表",
        description="现行(已发布)版本的事项,按事项编码排序,分页。",
        tags=["catalog"],
        parameters=[
            _filter_parameter("q", "事项名称或编码包含该文字"),
            _filter_parameter("department", "监管部门代码"),
            _filter_parameter("category", "事项类别"),
        ],
        responses={
            200: CatalogItemSerializer(many=True),
            **error_responses(
                400,
                401,
                404,
                e400="筛选条件或分页参数无效(code: invalid,fields 指明参数)",
                e404="页码超出最后一页(code: not_found)",
            ),
        },
    )
)
class ItemList(ListAPIView):
    serializer_class = CatalogItemSerializer
    filterset_class = ItemFilter

    def get_queryset(self):
        return selectors.published_versions()


@extend_schema_view(
    get=extend_schema(
        summary="事项详情(办事指南)",
        description="事项现行版本;未知、未发布或已停用的事项编码返回 404。",
        tags=["catalog"],
        responses={
            200: CatalogItemDetailSerializer,
            **error_responses(401, 404, e404="未知、未发布或已停用的事项编码(code: not_found)"),
        },
    )
)
class ItemDetail(RetrieveAPIView):
    serializer_class = CatalogItemDetailSerializer
    lookup_url_kwarg = "code"

    def get_queryset(self):
        return selectors.published_versions()

    def get_object(self):
        return selectors.published_version_for(self.kwargs["code"])
