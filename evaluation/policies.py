from accounts import access

from .models import Certificate, RecognitionDecision


def register():
    access.register(Certificate, access.Policy(unit="product__commune", producer="product__producer"))
    access.register(RecognitionDecision, access.Policy(unit="issuing_unit"))
