"""Evaluation models, one module per part of the process.

- ``certificates``: recognition decisions and certificates
- ``dossiers``: evidence dossiers, documents, batches, commune assessment reports
- ``rounds``: criteria sets, rounds, councils, score sheets, results, inspections
"""

from .certificates import (  # noqa: F401
    Certificate,
    CertificateQuerySet,
    Level,
    PdfJob,
    RecognitionDecision,
    new_verification_code,
)

try:  # modules added as the evaluation work grows
    from .dossiers import *  # noqa: F401,F403
except ModuleNotFoundError as exc:  # pragma: no cover
    if exc.name != "evaluation.models.dossiers":
        raise
try:
    from .rounds import *  # noqa: F401,F403
except ModuleNotFoundError as exc:  # pragma: no cover
    if exc.name != "evaluation.models.rounds":
        raise
