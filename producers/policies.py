from accounts import access

from .models import OrganisationEvent, Producer, ProducerAccount


def register():
    access.register(Producer, access.Policy(unit="commune", producer="pk"))
    access.register(OrganisationEvent, access.Policy(unit="producer__commune", producer="producer"))
    access.register(
        ProducerAccount,
        access.Policy(unit="producer__commune", producer="producer", department_can_view=False),
    )
