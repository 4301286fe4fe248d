"""State changes on producers: create, update, organisation events, matching for imports.

Views, admin actions and the spreadsheet importer call these functions; they never save
producers themselves. Each function is one transaction and checks the caller's scope
through :mod:`accounts.access` (``by=None`` means a system caller such as a management
command run without ``--user``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts import access
from ocop_portal.text import fold

from .models import OrganisationEvent, Producer

# Roles that register and maintain producers (and their products).
REGISTRY_ROLES = ("province", "district", "admin")


def can_register(user) -> bool:
    """May ``user`` create producers and products at all (inside their scope)?"""
    return access.role_of(user) in REGISTRY_ROLES


def check_unit_in_scope(user, commune) -> None:
    """Refuse a commune outside what ``user`` may edit (PermissionDenied → 403)."""
    if user is None:
        return
    if not can_register(user):
        raise PermissionDenied(_("You may not register producers or products."))
    if not access.units_for(user).filter(pk=commune.pk).exists():
        raise PermissionDenied(_("%(unit)s is outside your area.") % {"unit": commune})


def _validate(producer: Producer) -> None:
    producer.name = (producer.name or "").strip()
    producer.tax_code = (producer.tax_code or "").strip()
    producer.full_clean(exclude=["name_ascii"])


@transaction.atomic
def create_producer(*, by, **fields) -> Producer:
    """Create a producer in a commune the user may edit. Raises ValidationError on bad data."""
    producer = Producer(**fields)
    check_unit_in_scope(by, producer.commune)
    _validate(producer)
    producer.save()
    return producer


@transaction.atomic
def update_producer(producer: Producer, *, by, **fields) -> Producer:
    """Change a producer the user may edit; moving it is only allowed inside the user's area."""
    if by is not None:
        access.require_change(by, producer)
    for field, value in fields.items():
        setattr(producer, field, value)
    check_unit_in_scope(by, producer.commune)
    _validate(producer)
    producer.save()
    return producer


@transaction.atomic
def record_organisation_event(
    producer: Producer, *, year: int, kind: str, note: str = "", by
) -> OrganisationEvent:
    """Record that ``producer`` was newly founded / consolidated in ``year`` (counted by plan targets)."""
    if by is not None:
        access.require_change(by, producer)
    if kind not in OrganisationEvent.Kind.values:
        raise ValidationError({"kind": _("Unknown kind of event.")})
    if producer.founded_year and kind == OrganisationEvent.Kind.FOUNDED and year < producer.founded_year:
        raise ValidationError({"year": _("The year is before the producer's founding year.")})
    event = OrganisationEvent(
        producer=producer,
        year=year,
        kind=kind,
        note=(note or "").strip(),
        recorded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    event.full_clean(exclude=["recorded_by"], validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            event.save()
    except IntegrityError:
        raise ValidationError(
            {"year": _("This event is already recorded for %(year)s.") % {"year": year}}
        ) from None
    return event


@transaction.atomic
def delete_organisation_event(event: OrganisationEvent, *, by) -> None:
    """Remove a wrongly recorded event (the audit history keeps a copy)."""
    if by is not None:
        access.require_change(by, event.producer)
    event.delete()


def find_producer(*, name: str, commune, tax_code: str = "") -> Producer | None:
    """The existing producer a spreadsheet row means: by tax code, else by folded name in the commune."""
    tax_code = (tax_code or "").strip()
    if tax_code:
        found = Producer.objects.filter(tax_code=tax_code).first()
        if found:
            return found
    return Producer.objects.filter(name_ascii=fold(name), commune=commune).order_by("pk").first()


# --- Producer logins: sign-up, confirmation by the local officer, logins created by the officer -----

SIGNUP_SCOPE = "producer-signup"


def _signup_limits() -> dict:
    from django.conf import settings

    return {
        "limit": int(getattr(settings, "OCOP_SIGNUP_ADDRESS_LIMIT", 5)),
        "window": int(getattr(settings, "OCOP_SIGNUP_ADDRESS_WINDOW", 60 * 60)),
    }


def signup_wait(address: str) -> int:
    """Seconds an address must wait before another sign-up (0: it may sign up now)."""
    from ocop_portal import ratelimit

    return ratelimit.over(SIGNUP_SCOPE, address, **_signup_limits())


def count_signup(address: str) -> None:
    from ocop_portal import ratelimit

    ratelimit.hit(SIGNUP_SCOPE, address, **_signup_limits())


def _mail(to: str, subject: str, body: str) -> None:
    from django.conf import settings
    from django.core.mail import send_mail

    if to:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)


def _login_url() -> str:
    from django.urls import reverse

    from ocop_portal.site import absolute_url

    return absolute_url(reverse("login"))


def signup_communes():
    """Communes a producer may pick at sign-up: today's units first (valid today), then the others."""
    from accounts.models import AdministrativeUnit

    return AdministrativeUnit.objects.communes().valid_on().select_related("parent").order_by("path")


@transaction.atomic
def submit_account_request(*, password: str, **fields):
    """Record a sign-up: an inactive producer login (username = e-mail) and its pending request.

    Refused (ValidationError, nothing saved) when the e-mail already has a login or a pending request."""
    from accounts.models import Role, User

    from .models import AccountRequest

    email = (fields.get("email") or "").strip().lower()
    fields["email"] = email
    if (
        User.objects.filter(username__iexact=email).exists()
        or User.objects.filter(email__iexact=email).exists()
    ):
        raise ValidationError({"email": _("This e-mail address already has a login. Use “Forgot password”.")})
    if AccountRequest.objects.pending().filter(email=email).exists():
        raise ValidationError(
            {"email": _("A request with this e-mail address is already waiting for confirmation.")}
        )
    if not signup_communes().filter(pk=fields["commune"].pk).exists():
        raise ValidationError({"commune": _("Choose a commune or ward that exists today.")})
    full_name = (fields.get("full_name") or "").strip()
    user = User(
        username=email, email=email, role=Role.PRODUCER, is_active=False, phone=fields.get("phone", "")
    )
    user.last_name = full_name
    user.set_password(password)
    request = AccountRequest(user=None, **fields)
    request.full_clean(exclude=["user", "producer", "decided_by"])
    try:
        with transaction.atomic():
            user.save()
            request.user = user
            request.save()
    except IntegrityError:
        raise ValidationError(
            {"email": _("A request with this e-mail address is already waiting for confirmation.")}
        ) from None
    return request


def suggested_producers(request, *, by):
    """Registry producers the request may mean, visible to ``by``: same tax code first, then the same
    (folded) name in the same commune."""
    visible = access.visible(by, Producer)
    by_tax = visible.filter(tax_code__iexact=request.tax_code) if request.tax_code else visible.none()
    by_name = visible.filter(name_ascii=fold(request.producer_name), commune=request.commune)
    return (by_tax | by_name).distinct().select_related("commune").order_by("name")[:10]


def _decidable(request, by):
    from .models import AccountRequest

    locked = AccountRequest.objects.select_for_update().get(pk=request.pk)
    if by is not None and not access.can_change(by, locked):
        raise PermissionDenied(_("This request is outside your area."))
    if locked.status != AccountRequest.Status.PENDING:
        raise ValidationError(
            _("This request was already decided (%(status)s).") % {"status": locked.get_status_display()}
        )
    return locked


@transaction.atomic
def confirm_account_request(request, *, producer: Producer | None = None, by):
    """Link the request's login to ``producer`` (a registry producer ``by`` may change) or, with
    ``producer=None``, to a new producer created from the request. Activates the login, e-mails the user."""
    from django.utils import timezone

    from .models import AccountRequest, ProducerAccount

    locked = _decidable(request, by)
    if locked.user is None:
        raise ValidationError(_("The login of this request no longer exists."))
    if producer is None:
        existing = (
            Producer.objects.filter(tax_code__iexact=locked.tax_code).first() if locked.tax_code else None
        )
        if existing is not None:
            raise ValidationError(
                _("The registry already has %(name)s with this tax code: link the request to it.")
                % {"name": existing.name}
            )
        producer = create_producer(
            by=by,
            name=locked.producer_name,
            kind=locked.kind,
            tax_code=locked.tax_code,
            commune=locked.commune,
            address=locked.address,
            phone=locked.phone,
            email=locked.email,
            legal_representative=locked.full_name,
        )
    elif by is not None and not access.can_change(by, producer):
        raise PermissionDenied(_("%(name)s is outside your area.") % {"name": producer})
    user = locked.user
    user.is_active = True
    user.save(update_fields=["is_active"])
    ProducerAccount.objects.update_or_create(user=user, defaults={"producer": producer})
    locked.status = AccountRequest.Status.CONFIRMED
    locked.producer = producer
    locked.decided_by = by if getattr(by, "is_authenticated", False) else None
    locked.decided_at = timezone.now()
    locked.save()
    transaction.on_commit(
        lambda: _mail(
            locked.email,
            _("Your OCOP portal account is confirmed"),
            _(
                "Hello %(name)s,\n\nYour login %(username)s is now linked to %(producer)s.\n"
                "Sign in at %(url)s to follow your products.\n"
            )
            % {
                "name": locked.full_name,
                "username": user.username,
                "producer": producer.name,
                "url": _login_url(),
            },
        )
    )
    return locked


@transaction.atomic
def refuse_account_request(request, *, reason: str, by):
    """Refuse with a reason: the inactive login is removed (the address may sign up again), the request
    kept with the reason; the user is told by e-mail."""
    from django.utils import timezone

    from .models import AccountRequest

    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the refusal.")})
    locked = _decidable(request, by)
    user = locked.user
    locked.status = AccountRequest.Status.REFUSED
    locked.reason = reason
    locked.user = None
    locked.decided_by = by if getattr(by, "is_authenticated", False) else None
    locked.decided_at = timezone.now()
    locked.save()
    if user is not None and not user.is_active:
        user.delete()
    transaction.on_commit(
        lambda: _mail(
            locked.email,
            _("Your OCOP portal account request was refused"),
            _("Hello %(name)s,\n\nYour request for %(producer)s was refused: %(reason)s\n")
            % {"name": locked.full_name, "producer": locked.producer_name, "reason": reason},
        )
    )
    return locked


@transaction.atomic
def create_producer_login(producer: Producer, *, username: str, email: str, full_name: str, by):
    """The officer creates a login for ``producer`` directly (a producer may have several). The user sets
    a password through the e-mailed password-reset link."""
    from django.contrib.auth.tokens import default_token_generator
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from accounts.models import Role, User
    from ocop_portal.site import absolute_url

    from .models import ProducerAccount

    if by is not None:
        access.require_change(by, producer)
    username, email = (username or "").strip(), (email or "").strip().lower()
    if not username or not email:
        raise ValidationError(_("Give a username and an e-mail address."))
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This username is taken.")})
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("This e-mail address already has a login.")})
    user = User(username=username, email=email, role=Role.PRODUCER, last_name=(full_name or "").strip())
    user.set_unusable_password()
    user.save()
    ProducerAccount.objects.create(user=user, producer=producer)
    link = absolute_url(
        reverse(
            "password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
    )
    transaction.on_commit(
        lambda: _mail(
            email,
            _("Your OCOP portal login"),
            _(
                "Hello %(name)s,\n\nA login %(username)s was created for %(producer)s.\nChoose your password here: %(link)s\n"
            )
            % {
                "name": user.last_name or username,
                "username": username,
                "producer": producer.name,
                "link": link,
            },
        )
    )
    return user
