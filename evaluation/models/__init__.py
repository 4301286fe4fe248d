"""Evaluation models, one module per part of the process.

- ``certificates``: recognition decisions and certificates
- ``dossiers``: evidence dossiers, documents, batches, commune assessment reports
- ``rounds``: criteria sets, rounds, councils, score sheets, results, inspections
"""

from .certificates import Certificate, CertificateQuerySet, Level, RecognitionDecision, new_verification_code  # noqa: F401

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
