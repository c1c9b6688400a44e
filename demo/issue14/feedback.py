"""Demo data of issue 14 part "feedback": the KTV's culture push closed by its final 处置反馈
(处置完毕, with the result), public security's left at its interim feedback (处置中), and the
取水许可's water push claimed weeks ago with only an interim feedback: past its feedback
deadline (逾期未反馈). Through the services; once."""

import datetime

from django.utils import timezone

FINAL_NOTE = "已完成首次现场检查,消防通道、安全出口、监控设施均符合要求。"
LATE_NOTE = "已安排现场核查取水口计量设施,核查中。"


def seed() -> str:
    from django.contrib.auth import get_user_model

    from supervision import services
    from supervision.models import Push, PushFeedback
    from supervision.services.feedback import feedback_deadline_from

    if PushFeedback.objects.filter(note__in=[FINAL_NOTE, LATE_NOTE]).exists():
        return ""
    User = get_user_model()
    liaisons = {u.username: u for u in User.objects.filter(username__startswith="liaison_")}
    open_ = Push.objects.select_related("department", "decision__application__item_version__item")
    ktv = open_.filter(
        decision__application__item_version__item__code="WL-001",
        department__code="culture",
        status=Push.Status.FEEDBACK_GIVEN,
    ).first()
    water = open_.filter(
        decision__application__item_version__item__code="SL-001",
        department__code="water",
        status=Push.Status.PUSHED,
    ).first()
    lines = []
    if ktv and "liaison_culture" in liaisons:
        services.give_feedback(
            push_id=ktv.pk,
            user=liaisons["liaison_culture"],
            note=FINAL_NOTE,
            final=True,
            result="经营规范,未发现违法违规问题,纳入日常监管。",
        )
        lines.append("文化旅游局的娱乐场所推送已处置完毕(办结)")
    if water and "liaison_water" in liaisons:
        liaison = liaisons["liaison_water"]
        services.claim_push(push_id=water.pk, user=liaison)
        # The demo's one late push: claimed three weeks ago (the same deadline rule as the claim
        # service, from that day), so its final feedback is overdue; interim feedback does not
        # stop that clock.
        claimed = timezone.now() - datetime.timedelta(days=21)
        water.refresh_from_db()
        Push.objects.filter(pk=water.pk).update(
            claimed_at=claimed, feedback_deadline=feedback_deadline_from(water, claimed)
        )
        services.give_feedback(push_id=water.pk, user=liaison, note=LATE_NOTE)
        lines.append("水利局的取水许可推送仅有中间反馈,已逾期未反馈")
    if not lines:
        return ""
    return "处置反馈:" + ";".join(lines) + "。"
