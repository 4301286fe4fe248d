"""Certificates: numbering, validity and expiry, issuing from an approved decision, the public
verification page, inspections and revocation, certificate/decision PDFs and the batch ZIP job."""
