"""Recognition decisions (Quyết định công nhận) and the products they list.

Approving a decision issues the certificates: that is the certificates app's service, above this one;
a certificate points back to the decision entry it was issued for (``entry.certificate``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import AdministrativeUnit
from products.models import Level, Product, RegulationVersion

from .profiles import RegulationProfile
from .rounds import RoundProduct


class RecognitionDecision(models.Model):
    """Quyết định công nhận: lists the recognised products; approving it issues the certificates."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")

    number = models.CharField(_("decision number"), max_length=60)
    date = models.DateField(_("decision date"))
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    issuing_unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="recognition_decisions",
        verbose_name=_("issuing authority"),
    )
    regulation = models.ForeignKey(
        RegulationVersion, on_delete=models.PROTECT, verbose_name=_("regulation version")
    )
    profile = models.ForeignKey(
        RegulationProfile,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("rule set"),
    )
    signer_name = models.CharField(_("signer"), max_length=150, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=150, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    approved_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "number"]
        verbose_name = _("recognition decision")
        verbose_name_plural = _("recognition decisions")
        constraints = [
            models.UniqueConstraint(fields=["issuing_unit", "number"], name="unique_decision_number")
        ]

    def __str__(self):
        return f"{self.number} ({self.date:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        if self.profile_id is None and self.regulation_id is not None:
            self.profile = RegulationProfile.for_regulation(self.regulation, self.date)
        super().save(*args, **kwargs)

    @property
    def legal_basis(self) -> str:
        """What the decision cites after “Căn cứ”: its rule set's legal basis."""
        return self.profile.legal_basis if self.profile_id else f"Quyết định số {self.regulation.decision}"


class DecisionEntry(models.Model):
    """A product listed in a recognition decision, with the stars it is recognised at."""

    decision = models.ForeignKey(RecognitionDecision, on_delete=models.CASCADE, related_name="entries")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="decision_entries")
    round_entry = models.ForeignKey(RoundProduct, null=True, blank=True, on_delete=models.SET_NULL)
    stars = models.PositiveSmallIntegerField(_("stars"))
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["product__name"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "product"], name="unique_decision_product")
        ]
