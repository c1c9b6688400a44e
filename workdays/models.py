"""Tables of the working-day calendar: which years have official data, and the exceptions."""

from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

WEEKDAY_NAMES = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
# A note names the notice (国办发明电〔2025〕7号) and perhaps a remark: a short text, kept in
# its text column, the limit declared for the form, the admin and the service.
NOTE_MAX_LENGTH = 500


class CalendarYear(models.Model):
    """工作日历年度: a year whose arrangement (放假安排) the State Council has published.

    A year with no row, or with `official` off, is computed by the provisional fallback rule
    (weekdays minus the fixed-date statutory holidays) and every deadline in it is provisional.
    """

    class Source(models.TextChoices):
        PACKAGE = "chinesecalendar", _("chinesecalendar 数据包")
        ADMIN = "admin", _("管理员录入")

    year = models.PositiveSmallIntegerField(
        _("年度"),
        unique=True,
        validators=[MinValueValidator(1949), MaxValueValidator(2200)],
    )
    official = models.BooleanField(_("官方数据"), default=False)
    source = models.CharField(
        _("数据来源"), max_length=20, choices=Source.choices, default=Source.ADMIN
    )
    note = models.TextField(
        _("备注"),
        blank=True,
        max_length=NOTE_MAX_LENGTH,
        validators=[MaxLengthValidator(NOTE_MAX_LENGTH)],
        help_text=_("例如国务院办公厅通知的文号。"),
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("工作日历年度")
        verbose_name_plural = _("工作日历年度")
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}"


class CalendarDay(models.Model):
    """工作日历例外日: a day that differs from the Monday–Friday rule in an official year.

    Only two kinds are stored: a statutory holiday falling on a weekday (`is_workday` off, e.g.
    国庆节) and a make-up working day on a Saturday or Sunday (`is_workday` on, e.g. 国庆节调休).
    Holidays that fall on a weekend are rest days anyway and are not stored.
    """

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(
        _("上班"), help_text=_("勾选表示周末调休上班;不勾选表示工作日放假。")
    )
    name = models.CharField(_("名称"), max_length=50, help_text=_("例如“国庆节”或“国庆节调休”。"))
    # Denormalised from `date` by the service, so a year's rows are one indexed lookup.
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("工作日历例外日")
        verbose_name_plural = _("工作日历例外日")
        ordering = ["date"]

    def __str__(self):
        kind = _("调休上班") if self.is_workday else _("放假")
        return f"{self.date:%Y-%m-%d} {self.name}({kind})"

    @property
    def weekday_name(self) -> str:
        return WEEKDAY_NAMES[self.date.weekday()]
