from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import access


def cards(user):
    from .models import CouncilMember
    from .sheets import to_score

    out = []
    if CouncilMember.objects.filter(user=user, round__status="scoring").exists():
        out.append(
            {
                "title": _("Products to score"),
                "value": to_score(user).count(),
                "text": _("in rounds open for scoring, not yet submitted"),
                "url": reverse("evaluation:my_sheets") + "#to-score",
                "icon": "pencil-square",
                "order": 5,
            }
        )
    if access.role_of(user) in ("province", "district", "admin"):
        from .models import Round

        rounds = access.visible(user, Round).filter(status__in=["setup", "scoring"])  # = ?status=in_progress
        out.append(
            {
                "title": _("Evaluation rounds being set up or scored"),
                "value": rounds.count(),
                "text": _("%(n)s open for scoring") % {"n": rounds.filter(status="scoring").count()},
                "url": reverse("evaluation:round_list") + "?status=in_progress",
                "icon": "clipboard-check",
                "order": 40,
            }
        )
    return out
