from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificates")

    def ready(self):
        from ocop_portal.navigation import NavItem, add
        from products import cache, certification

        from . import policies
        from .models import Certificate, CertificateProposal
        from .paper import CertificatesCertification

        policies.register()
        from ocop_portal import todo

        from . import todo as certificates_todo

        todo.register(certificates_todo.todo_items)
        # The public claim "certified" is backed by a certificate: products asks this app (one truth).
        certification.register(CertificatesCertification())
        cache.watch(Certificate)  # the public pages show certificates: a change invalidates them
        cache.watch(CertificateProposal)
        add(
            NavItem(
                _("Certificates"),
                "certificates:certificate_list",
                ("province", "district", "commune", "admin", "producer"),
                "award",
                order=45,
            )
        )
        add(NavItem(_("My products"), "mine:home", ("producer",), "house-heart", order=5))
        add(
            NavItem(
                _("Re-rating requests"),
                "certificates:rerating_requests",
                ("province", "district", "admin"),
                "arrow-repeat",
                order=48,
            )
        )
        add(
            NavItem(
                _("Paper certificates"),
                "certificates:proposal_list",
                ("province", "district", "admin"),
                "inboxes",
                order=47,
            )
        )
        add(
            NavItem(
                _("Inspections"),
                "certificates:inspection_list",
                ("department", "province", "admin"),
                "shield-exclamation",
                order=46,
            )
        )
