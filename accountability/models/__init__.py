"""Accountability's models, one module per part of oversight.

- overdue: OverdueRecord (逾期记录), written by the overdue job;
- oversight: deadline warnings (预警), accountability cases (问责) and case-file review (卷宗评查);
- public: 好差评 ratings and their follow-ups, complaints (投诉);
- reports: the monthly 通报.
"""

from accountability.models.overdue import OverdueRecord
from accountability.models.oversight import *  # noqa: F403
from accountability.models.public import *  # noqa: F403
from accountability.models.reports import *  # noqa: F403

__all__ = ["OverdueRecord"]
