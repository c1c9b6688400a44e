"""The tables of approvals, one module per concept: applicants, the file library (files),
applications and their checklist, review and special procedures, permits, and decisions under
the one seal with the document counters. Every name is exported here, as before the split."""

from approvals.models.applicants import Applicant
from approvals.models.applications import (
    Application,
    ApplicationMaterial,
    ApplicationQuerySet,
)
from approvals.models.decisions import Decision, DocumentCounter, Seal, SealUse
from approvals.models.files import StoredFile, stored_file_path
from approvals.models.permits import Permit
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
]
