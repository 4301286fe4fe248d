"""The workflow log: one recorded transition of a plan, task or periodic report."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from ocop_portal.workflow import TransitionLog

from .. import workflows


class WorkflowLog(TransitionLog):
    """One recorded transition of a plan, task or periodic report (a generic link to its subject)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")

    class Meta(TransitionLog.Meta):
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("workflow log entry")
        verbose_name_plural = _("workflow log")

    @classmethod
    def known_workflows(cls):
        return (workflows.PLAN, workflows.TASK, workflows.REPORT)

    @classmethod
    def subject_kwargs(cls, subject) -> dict:
        return {"content_type": ContentType.objects.get_for_model(subject), "object_id": subject.pk}
