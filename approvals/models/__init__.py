"""The tables of approvals, one module per concept: applicants, the file library (files),
applications and their checklist, review and special procedures, permits, and decisions under
the one seal with the document counters. Every name is exported here, as before the split."""

from approvals.models import archive as _archive  # noqa: E402
from approvals.models import credit as _credit  # noqa: E402
from approvals.models import fees as _fees  # noqa: E402
from approvals.models import parties as _parties  # noqa: E402
from approvals.models import procedures as _procedures  # noqa: E402
from approvals.models import remedies as _remedies  # noqa: E402
from approvals.models.applicants import Applicant
from approvals.models.applications import (
    Application,
    ApplicationMaterial,
    ApplicationQuerySet,
)

# The parts added in issue 12, each exporting its names through its own __all__.
from approvals.models.archive import *  # noqa: E402, F403
from approvals.models.credit import *  # noqa: E402, F403
from approvals.models.decisions import Decision, DocumentCounter, Seal, SealUse
from approvals.models.fees import *  # noqa: E402, F403
from approvals.models.files import StoredFile, stored_file_path
from approvals.models.parties import *  # noqa: E402, F403
from approvals.models.permits import Permit
from approvals.models.procedures import *  # noqa: E402, F403
from approvals.models.remedies import *  # noqa: E402, F403
from approvals.models.review import ReviewOpinion, SpecialProcedure

__all__ = [
    "Applicant",
    "Application",
    "ApplicationMaterial",
    "ApplicationQuerySet",
    "Decision",
    "DocumentCounter",
    "Permit",
    "ReviewOpinion",
    "Seal",
    "SealUse",
    "SpecialProcedure",
    "StoredFile",
    "stored_file_path",
    *_archive.__all__,
    *_procedures.__all__,
    *_remedies.__all__,
    *_parties.__all__,
    *_fees.__all__,
    *_credit.__all__,
]
