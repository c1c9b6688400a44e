"""Catalog API: departments and the published items (api-contract.md, "Catalog").

Only published versions are visible here: a draft, a superseded or a withdrawn version is not
part of the catalog. Any authenticated user may read."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.generics import ListAPIView, RetrieveAPIView

from catalog import selectors
from catalog.models import Department, Fee, Item, ItemVersion, Material


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["code", "name"]


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
            "responsible_post",
            "transferred",
            "handling_department",
            "related_items",
        ]
        read_only_fields = fields


class ItemFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("事项名称或编码(包含)"))
    department = django_filters.CharFilter(
        field_name="supervising_departments__code", label=_("监管部门代码")
    )
    category = django_filters.CharFilter(field_name="category", label=_("事项类别"))

    class Meta:
        model = ItemVersion
        fields = ["q", "department", "category"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(item__code__icontains=value))


@extend_schema_view(
    get=extend_schema(
        summary="已发布事项列表",
        description="现行(已发布)版本的事项,按事项编码排序,分页。",
        tags=["catalog"],
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
        responses={200: CatalogItemSerializer, 404: OpenApiResponse(description="未找到该事项")},
    )
)
class ItemDetail(RetrieveAPIView):
    serializer_class = CatalogItemSerializer
    lookup_url_kwarg = "code"

    def get_queryset(self):
        return selectors.published_versions()

    def get_object(self):
        return selectors.published_version_for(self.kwargs["code"])
