from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import access


def cards(user):
    from .models import ConflictDeclaration, RoundProduct, ScoreSheet

    out = []
    seats = RoundProduct.objects.filter(round__members__user=user, round__status="scoring")
    if seats.exists():
        done = ScoreSheet.objects.filter(member__user=user, entry__in=seats, status="submitted").count()
        conflicts = ConflictDeclaration.objects.filter(member__user=user, entry__in=seats).count()
        todo = seats.count() - done - conflicts
        out.append(
            {
                "title": _("Products to score"),
                "value": todo,
                "text": _("in rounds open for scoring"),
                "url": reverse("evaluation:my_sheets"),
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
