"""What a producer (chủ thể) sends in themselves: the registration form of an idea (mẫu 01/02), the
business plan (mẫu 03), and messages on their dossier ("the dossier is complete", replies to a return).

Each feeds the officer's existing screens: the idea is a product at step 2, the plan moves the product
to "business plan submitted" (step 3), messages show on the dossier page and in its history.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ocop_portal.uploads.fields import PolicyFileField
from products.models import Product

from .dossiers import Dossier, DossierDocument


class IdeaRegistration(models.Model):
    """The content of the registration form a producer filled online (mẫu 01 new / 02 existing)."""

    product = models.OneToOneField(Product, on_delete=models.CASCADE, related_name="idea_registration")
    idea = models.TextField(_("product idea / description"))
    raw_materials = models.TextField(_("raw materials and their origin"), blank=True)
    market = models.TextField(_("expected market"), blank=True)
    expected_output = models.CharField(_("expected scale and output"), max_length=255, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("idea registration form")
        verbose_name_plural = _("idea registration forms")

    def __str__(self):
        return str(self.product)


def business_plan_path(instance, filename):
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    ext = "".join(ch for ch in ext if ch.isalnum())[:5] or "bin"
    return f"business-plans/{instance.product_id}/{uuid.uuid4().hex}.{ext}"


class BusinessPlan(models.Model):
    """The producer's business plan (phương án / dự án sản xuất kinh doanh, mẫu 03), one per product;
    a returned plan is corrected in place and sent again."""

    product = models.OneToOneField(Product, on_delete=models.CASCADE, related_name="business_plan")
    summary = models.TextField(_("summary and objectives"))
    raw_materials = models.TextField(_("raw-material area"), blank=True)
    production = models.TextField(_("production organisation and technology"))
    market = models.TextField(_("market and distribution channels"))
    capital_vnd = models.PositiveBigIntegerField(_("total investment (VND)"), null=True, blank=True)
    revenue_vnd = models.PositiveBigIntegerField(_("expected yearly revenue (VND)"), null=True, blank=True)
    file = PolicyFileField(
        _("plan document"), upload_to=business_plan_path, max_length=255, blank=True, profile="dossier"
    )
    original_name = models.CharField(_("file name"), max_length=180, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    times_submitted = models.PositiveSmallIntegerField(default=1)

    class Meta:
        verbose_name = _("business plan")
        verbose_name_plural = _("business plans")

    def __str__(self):
        return str(self.product)

    def get_absolute_url(self):
        return reverse("dossiers:producer_plan", args=[self.pk])


class ProducerMessage(models.Model):
    """A producer's word on their dossier: "it is complete" or a reply to a return (with new files)."""

    class Kind(models.TextChoices):
        READY = "ready", _("Dossier reported complete")
        REPLY = "reply", _("Reply to the remarks")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="producer_messages")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("message"), blank=True)
    documents = models.ManyToManyField(DossierDocument, blank=True, related_name="+")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("producer message")
        verbose_name_plural = _("producer messages")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.dossier}"
