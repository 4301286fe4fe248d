from django.db.models.signals import post_migrate, post_save
from django.dispatch import receiver

from . import services
from .models import AdministrativeUnit, User


@receiver(post_save, sender=AdministrativeUnit, dispatch_uid="accounts.unit_derived_fields")
def _fill_unit_derived(sender, instance, raw=False, **kwargs):
    # Fixtures save raw (``save()`` does not run): derive the official code and the local unit here.
    if raw:
        instance.fill_derived()


@receiver(post_save, sender=User, dispatch_uid="accounts.apply_role")
def _apply_role(sender, instance, raw=False, **kwargs):
    if not raw:
        services.apply_role(instance)


def _sync_group(sender, **kwargs):
    if sender.name == "accounts":
        services.sync_back_office_group()


post_migrate.connect(_sync_group, dispatch_uid="accounts.sync_back_office_group")
