"""Who sees certificates and inspections (registered with accounts.access)."""

from accounts import access

from .models import Certificate, CertificateProposal, Inspection


def register():
    access.register(Certificate, access.Policy(unit="product__commune", producer="product__producer"))
    # Districts see the proposals of their area (their imports); only DARD confirms or rejects them.
    access.register(
        CertificateProposal,
        access.Policy(
            unit="product__commune",
            department_can_view=False,
            view={"commune": lambda u, qs: qs.none()},
            change={"district": lambda u, qs: qs.none()},
        ),
    )
    # Departments report inspections and see their own; DARD sees all; districts see their products'.
    access.register(
        Inspection,
        access.Policy(
            unit="certificate__product__commune",
            view={
                "department": lambda u, qs: qs.filter(department=u.department_id),
                "commune": lambda u, qs: qs.none(),
            },
            change={
                "department": lambda u, qs: qs.filter(department=u.department_id),
                "district": lambda u, qs: qs.none(),
            },
        ),
    )
    from .models import ReratingRequest

    # Re-rating requests: the producer's own (they make them through the service), the local officer's
    # area, DARD; departments, communes and council members see none.
    none = {r: (lambda u, qs: qs.none()) for r in ("department", "commune", "council")}
    access.register(
        ReratingRequest,
        access.Policy(unit="product__commune", producer="product__producer", view=none, change=none),
    )
