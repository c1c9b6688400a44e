"""The one upload check: size and type limits, the type read from the file's first bytes, never
from its name or the client's Content-Type."""

from django.utils.translation import gettext_lazy as _

from core.errors import InvalidInput

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# content type -> (leading bytes, file extension)
ALLOWED_UPLOAD_TYPES = {
    "application/pdf": (b"%PDF", "pdf"),
    "image/jpeg": (b"\xff\xd8\xff", "jpg"),
    "image/png": (b"\x89PNG\r\n\x1a\n", "png"),
}


def sniff_type(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) of an allowed type by its first bytes, or None."""
    for content_type, (magic, extension) in ALLOWED_UPLOAD_TYPES.items():
        if head.startswith(magic):
            return content_type, extension
    return None


def check_upload(uploaded, *, max_bytes: int | None = None) -> tuple[bytes, str]:
    """Read an uploaded file within the limits; return its bytes and its content type."""
    limit = MAX_UPLOAD_BYTES if max_bytes is None else max_bytes
    if uploaded.size > limit:
        raise InvalidInput(
            _("文件过大:单个文件不能超过 10 MB。"),
            code="file_too_large",
            fields={"file": [_("文件不能超过 10 MB。")]},
        )
    data = uploaded.read()
    sniffed = sniff_type(data[:16])
    if sniffed is None:
        raise InvalidInput(
            _("只能上传 PDF、JPEG 或 PNG 文件。"),
            code="file_type",
            fields={"file": [_("只能上传 PDF、JPEG 或 PNG 文件。")]},
        )
    return data, sniffed[0]
