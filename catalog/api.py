"""Catalog API: departments (and, with the catalog issue, items)."""

from rest_framework import serializers
from rest_framework.generics import ListAPIView

from catalog.models import Department


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["code", "name"]


class DepartmentList(ListAPIView):
    """All departments as a plain list `[{code, name}]` (api-contract.md)."""

    queryset = Department.objects.order_by("code")
    serializer_class = DepartmentSerializer
    pagination_class = None
