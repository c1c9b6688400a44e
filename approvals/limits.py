"""How long each text of approvals may be, declared once and read by the models, the forms, the
serializers (and so the schema) and the services.

Short texts are CharFields (their limit is also the column's). Long free texts stay TextFields
with `max_length` and a MaxLengthValidator (`limited_text`): no rewrite of the tables, text and
varchar cost the same in PostgreSQL, and the limit still reaches every layer. Each limit fits its
use with room to spare and keeps a notice or decision PDF to a few pages: an unbounded reason
once made a PDF that never finished (300 KB took 6 s)."""

from django.core.validators import MaxLengthValidator
from django.db import models

NAME_MAX = 200  # 姓名或名称, 持证人名称
PHONE_MAX = 30
ADDRESS_MAX = 300
COLLECTOR_MAX = 100  # 领取人
CONTENT_MAX = 2000  # 申请内容, 许可内容, 决定内容
REASON_MAX = 2000  # 不予受理理由, 决定理由, 补正说明
OPINION_MAX = 2000  # 审查意见
INSPECTION_MAX = 5000  # 现场踏勘记录: a site visit is described at more length
NOTE_MAX = 1000  # a special procedure's note when it starts, and again when it ends
# A special procedure keeps its start note and its end note, one line each.
PROCEDURE_NOTE_MAX = 2 * NOTE_MAX + 1


def limited_text(verbose_name, max_length: int, **kwargs) -> models.TextField:
    """A TextField whose length limit every layer sees (form widget, full_clean, schema)."""
    return models.TextField(
        verbose_name, max_length=max_length, validators=[MaxLengthValidator(max_length)], **kwargs
    )
