"""A server-side confirmation step before an irreversible action (works without JavaScript).

The button of an irreversible step posts to its usual view. Without ``confirmed=1`` in the POST the view
does nothing and answers the confirmation page instead: what will happen, "Xác nhận" (which posts the same
fields again, plus ``confirmed=1``) or "Quay lại". So a POST without the confirmation field never changes
state, whatever sent it. Steps covered: submitting/resubmitting a dossier, sending the commune report,
approving a recognition decision, revoking a certificate.
"""

from __future__ import annotations

from django.shortcuts import render

FIELD = "confirmed"
_NOT_REPLAYED = {"csrfmiddlewaretoken", FIELD}


def is_confirmed(request) -> bool:
    return request.method == "POST" and request.POST.get(FIELD) == "1"


def confirm_page(
    request,
    *,
    title: str,
    consequences,
    back_url: str,
    button: str = "",
    subject: str = "",
    action_url: str = "",
    danger: bool = False,
):
    """The confirmation page: the same POST fields as hidden inputs (unless it posts to another
    ``action_url``), the confirm button, a way back."""
    hidden = []
    if not action_url:
        hidden = [(k, v) for k in request.POST for v in request.POST.getlist(k) if k not in _NOT_REPLAYED]
    context = {
        "title": title,
        "subject": subject,
        "consequences": list(consequences),
        "back_url": back_url,
        "button": button,
        "hidden": hidden,
        "action_url": action_url or request.get_full_path(),
        "confirm_field": FIELD,
        "danger": danger,  # a destructive step (revocation): the red button
    }
    return render(request, "includes/confirm.html", context)
