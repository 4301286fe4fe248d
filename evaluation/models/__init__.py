"""Evaluation models: criteria sets (data), rounds and councils, score sheets, recognition decisions."""

from products.models import Level

from .criteria import CriteriaPart, CriteriaSet, Criterion, CriterionOption
from .decisions import DecisionEntry, RecognitionDecision
from .profiles import ProfileLevel, RegulationProfile
from .rounds import (
    ConflictDeclaration,
    CouncilMember,
    Round,
    RoundProduct,
    RoundTransition,
    ScoreAnswer,
    ScoreSheet,
    ScoreSheetRevision,
)

__all__ = [
    "ConflictDeclaration",
    "CouncilMember",
    "CriteriaPart",
    "CriteriaSet",
    "Criterion",
    "CriterionOption",
    "DecisionEntry",
    "Level",
    "ProfileLevel",
    "RecognitionDecision",
    "RegulationProfile",
    "Round",
    "RoundProduct",
    "RoundTransition",
    "ScoreAnswer",
    "ScoreSheet",
    "ScoreSheetRevision",
]
