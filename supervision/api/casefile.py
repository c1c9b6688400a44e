"""GET /api/v1/pushes/<id>/case-file/: the case file of a push, read-only, for the liaisons of
its department and inspectors (404 for another department's). Each read is audited by the
service (supervision.services.casefile)."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from supervision.api._common import DETAIL_ERRORS
from supervision.services import casefile as svc


class CaseFileLetterSerializer(serializers.Serializer):
    number = serializers.CharField(help_text="文书编号")
    title = serializers.CharField()
    issued_at = serializers.DateTimeField()
    url = serializers.CharField(help_text="存档决定书(HTML,登录后;每次打开均留痕)")


class CaseFileMaterialSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(help_text="材料名称")
    state = serializers.CharField(help_text="provided | missing | waived")
    file_name = serializers.CharField(allow_null=True)
    url = serializers.CharField(allow_null=True, help_text="电子文件下载地址;无电子文件为 null")


class CaseFileOpinionSerializer(serializers.Serializer):
    reviewer = serializers.CharField()
    recommendation = serializers.CharField(help_text="approve | deny")
    opinion = serializers.CharField(help_text="审查意见")
    site_inspection = serializers.CharField(help_text="现场踏勘记录(无则为空)")
    created_at = serializers.DateTimeField()


class CaseFileSerializer(serializers.Serializer):
    push = serializers.IntegerField()
    application = serializers.IntegerField(allow_null=True, help_text="办件编号")
    item_name = serializers.CharField()
    decision_number = serializers.CharField()
    decision_letter = CaseFileLetterSerializer(allow_null=True)
    materials = CaseFileMaterialSerializer(many=True)
    review_opinions = CaseFileOpinionSerializer(many=True)


def case_file_body(case) -> dict:
    push = case.push
    letter = case.letter
    return {
        "push": push.pk,
        "application": case.application.pk if case.application else None,
        "item_name": push.item_name,
        "decision_number": push.decision_number,
        "decision_letter": (
            {
                "number": letter.number,
                "title": letter.title,
                "issued_at": letter.issued_at,
                "url": reverse("supervision:push_case_file_letter", args=[push.pk]),
            }
            if letter
            else None
        ),
        "materials": [
            {
                "id": line.pk,
                "name": line.material.name,
                "state": line.state,
                "file_name": line.file.original_name if line.file else None,
                "url": (
                    reverse("supervision:push_case_file_material", args=[push.pk, line.pk])
                    if line.file
                    else None
                ),
            }
            for line in case.materials
        ],
        "review_opinions": [
            {
                "reviewer": o.reviewer.get_full_name() or o.reviewer.get_username(),
                "recommendation": o.recommendation,
                "opinion": o.opinion,
                "site_inspection": o.site_inspection,
                "created_at": o.created_at,
            }
            for o in case.opinions
        ],
    }


class PushCaseFileView(APIView):
    @extend_schema(
        summary="推送的电子档案(只读)",
        description=(
            "监管部门联络员(本部门的推送)与监察人员:决定书、申请材料、审查意见与现场踏勘记录。"
            "每次读取均记入审计日志;其他部门的推送 → 404。"
        ),
        parameters=[OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)],
        responses={200: CaseFileSerializer, **DETAIL_ERRORS},
        tags=["pushes"],
    )
    def get(self, request, pk):
        case = svc.open_case_file(user=request.user, push_id=pk, channel="api")
        response = Response(CaseFileSerializer(case_file_body(case)).data)
        response["Cache-Control"] = "no-store"
        return response
