"""The public key that verifies the signed payload in every QR code (approvals.signing), over the
API: any caller, no login, so a third party can fetch it once and check documents offline."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from approvals import signing

PublicKeySerializer = inline_serializer(
    "DocumentSigningPublicKey",
    {
        "algorithm": serializers.CharField(help_text="签名算法,固定为 Ed25519"),
        "public_key": serializers.CharField(help_text="公钥原始 32 字节的 base64"),
        "pem": serializers.CharField(help_text="同一公钥的 PEM(SubjectPublicKeyInfo)"),
        "fingerprint": serializers.CharField(help_text="公钥原始字节的 SHA-256(十六进制,四位一组)"),
        "payload_version": serializers.CharField(help_text="当前签名数据格式版本"),
        "query_parameter": serializers.CharField(help_text="二维码链接中携带签名数据的参数名"),
    },
)


def public_key_body() -> dict:
    return {
        "algorithm": signing.ALGORITHM,
        "public_key": signing.public_key_base64(),
        "pem": signing.public_key_pem(),
        "fingerprint": signing.fingerprint(),
        "payload_version": signing.VERSION,
        "query_parameter": signing.PARAM,
    }


class PublicKeyView(APIView):
    """GET: the document-signing public key (Ed25519), for offline verification of QR codes."""

    authentication_classes: list = []
    permission_classes: list = []

    @extend_schema(
        summary="文书签名公钥",
        description=(
            "证件和决定书二维码中签名数据(参数 s)的 Ed25519 公钥。任何人无需登录即可获取,"
            "用于离线核验(见 docs/subsystems/verification.md)。"
        ),
        responses={200: PublicKeySerializer},
        auth=[],
        tags=["verification"],
    )
    def get(self, request):
        response = Response(public_key_body())
        response["Cache-Control"] = "public, max-age=3600"
        return response
