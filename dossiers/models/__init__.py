"""Evidence dossiers (hồ sơ minh chứng), their documents, submission calls and batches,
and the commune assessment report of Decision 148/2023.

Model map::

    DossierCall (year, level, regulation, issuing unit, late policy)
      └─ SubmissionBatch (number, deadline, quota %)          batches of the call
      └─ CallDistrictQuota (district, registered count)       optional plan numbers
    DocumentKind ── ChecklistRule (regulation, top group|all, required)   the checklist, as data
    Dossier (product, year, call, status, on-site attestation, batch)
      ├─ DossierDocument (kind, file, original name, size, sha256, content type)
      ├─ DossierTransition (who, when, why)
      │    └─ DossierReturnReason (kind|general, reason)
      └─ CommuneReportItem ─ CommuneReport (commune, call, meeting, chair, participants)
           └─ CommuneAssessment (LocalCriterion, LocalCriterionOption, comment)
      └─ ProducerMessage (ready | reply, text, new documents)        the producer's word
    IdeaRegistration, BusinessPlan (one per product)                forms 01/02 and 03 sent online

A ``DossierCall`` is the "call for dossiers" of an evaluation round: evaluation rounds (the app above)
link to a call. It is deliberately small.
"""

from .calls import CallDistrictQuota, DossierCall, SubmissionBatch
from .checklist import ChecklistRule, DocumentKind, LocalCriterion, LocalCriterionOption
from .commune import CommuneAssessment, CommuneReport, CommuneReportItem
from .dossiers import (
    Dossier,
    DossierDocument,
    DossierQuerySet,
    DossierReturnReason,
    DossierTransition,
    dossier_document_path,
)
from .producer import BusinessPlan, IdeaRegistration, ProducerMessage

__all__ = [
    "BusinessPlan",
    "CallDistrictQuota",
    "ChecklistRule",
    "CommuneAssessment",
    "CommuneReport",
    "CommuneReportItem",
    "DocumentKind",
    "Dossier",
    "DossierCall",
    "DossierDocument",
    "DossierQuerySet",
    "DossierReturnReason",
    "DossierTransition",
    "IdeaRegistration",
    "LocalCriterion",
    "LocalCriterionOption",
    "ProducerMessage",
    "SubmissionBatch",
    "dossier_document_path",
]
