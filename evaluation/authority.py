"""Which rule set a round follows and which authority runs it and issues its recognition.

Read from the level-authority table (:mod:`evaluation.models.profiles`), never from a district/province
switch: a round's rule set is the one in force on its date unless one is chosen, its level must be one
of the rule set's, and the unit that runs it and issues its decision is of the level the row names.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from ocop_portal.workflow import TransitionRefused
from products.models import Level

from . import rules
from .models.profiles import RegulationProfile
from .models.rounds import Round, round_date


def level_label(code: str) -> str:
    return str(Level(code).label) if code in Level.values else code


def profile_for_round(*, year, meeting_date=None, regulation=None, profile=None):
    """The rule set a new round follows: ``profile`` when given; else, for an explicit criteria
    ``regulation``, that regulation's own rule set; else the one in force on the round's date
    (:func:`~evaluation.models.rounds.round_date`: a 2026 round follows 148 as amended by 1489)."""
    if profile is not None:
        if regulation is not None and profile.regulation_id != regulation.pk:
            raise TransitionRefused(
                _("The rule set %(profile)s uses the criteria of %(reg)s, not %(other)s.")
                % {"profile": profile, "reg": profile.regulation, "other": regulation}
            )
        return profile
    if regulation is not None:
        found = RegulationProfile.for_regulation(regulation)
    else:
        day = round_date(year, meeting_date)
        found = RegulationProfile.in_force_on(day)
        if found is None:
            raise TransitionRefused(
                _("No rule set is in force on %(date)s.") % {"date": day.strftime("%d/%m/%Y")}
            )
    if found is None:
        raise TransitionRefused(_("%(reg)s has no rule set.") % {"reg": regulation})
    return found


def level_rule(profile, level: str) -> rules.LevelRule:
    """The rule of ``level`` in ``profile``; refused (Vietnamese message) when the rule set has no such
    level — a district round under 148 as amended by 1489."""
    try:
        return rules.rule_for(profile, level)
    except rules.UnknownLevel:
        levels = ", ".join(str(row.get_level_display()) for row in profile.evaluating_levels)
        raise TransitionRefused(
            _(
                "%(profile)s has no %(level)s evaluation: its evaluating levels are %(levels)s. "
                "Choose one of them."
            )
            % {"profile": profile, "level": level_label(level), "levels": levels}
        ) from None


def issuing_unit_for(round_: Round):
    """The unit whose People's Committee issues the round's recognition decision: the unit of the
    administrative level the rule set's row names, at or above the round's unit (the round's own unit
    when none is found)."""
    rule = rules.rule_for(round_.profile, round_.level)
    return (round_.unit.ancestor_at(rule.unit_level) if rule.unit_level else None) or round_.unit
