from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TradefairsConfig(AppConfig):
    name = "tradefairs"
    verbose_name = _("Trade promotion")
