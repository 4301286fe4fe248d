from django.db.models.signals import post_migrate, post_save
from django.dispatch import receiver

from . import services
from .models import User


@receiver(post_save, sender=User, dispatch_uid="accounts.apply_role")
def _apply_role(sender, instance, raw=False, **kwargs):
    if not raw:
        services.apply_role(instance)


def _sync_group(sender, **kwargs):
    if sender.name == "accounts":
        services.sync_back_office_group()


post_migrate.connect(_sync_group, dispatch_uid="accounts.sync_back_office_group")
