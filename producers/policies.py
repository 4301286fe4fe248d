from accounts import access

from .models import AccountRequest, OrganisationEvent, Producer, ProducerAccount


def register():
    access.register(Producer, access.Policy(unit="commune", producer="pk"))
    access.register(OrganisationEvent, access.Policy(unit="producer__commune", producer="producer"))
    access.register(
        ProducerAccount,
        access.Policy(unit="producer__commune", producer="producer", department_can_view=False),
    )
    # Sign-ups: the local officer of the commune's area and DARD; nobody else (commune officials,
    # departments and producers see none).
    none = {r: (lambda user, qs: qs.none()) for r in ("commune", "department", "council", "producer")}
    access.register(
        AccountRequest, access.Policy(unit="commune", department_can_view=False, view=none, change=none)
    )
