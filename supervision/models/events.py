"""The event feed (api-contract.md "Event feed"): one row per event a department system may
hear about, written by supervision.services.events.publish_event in the transaction of the
change. `seq` — the cursor order — is given only to committed rows, by one sequencer at a
time (services.events.assign_sequence), so a reader never sees seq 12 before the seq 11 that a
slower transaction committed later: each event is read once, in order, across pages."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

__all__ = ["DepartmentEvent", "EventSequence"]


class DepartmentEvent(models.Model):
    event = models.CharField(_("事件"), max_length=60)
    department = models.ForeignKey(
        "catalog.Department",
        verbose_name=_("部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("可见此事件的部门;留空表示仅监察人员可见"),
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.BigIntegerField(_("对象编号"))
    created_at = models.DateTimeField(_("发生时间"))
    data = models.JSONField(_("冻结的数据"), null=True, blank=True)
    seq = models.BigIntegerField(_("顺序号"), null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("部门事件")
        verbose_name_plural = _("部门事件")
        ordering = ["seq"]
        indexes = [
            models.Index(fields=["id"], condition=Q(seq__isnull=True), name="event_unsequenced"),
            models.Index(fields=["department", "seq"], name="event_department_seq"),
        ]

    def __str__(self):
        return f"{self.seq or '-'} {self.event}"


class EventSequence(models.Model):
    """The one counter row the sequencer locks (pk 1): the last seq given."""

    last = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("事件顺序号")
        verbose_name_plural = _("事件顺序号")

    def __str__(self):
        return str(self.last)
