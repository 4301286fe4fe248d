"""Trade promotion: OCOP sales points and fairs, participation and results, their public pages and
open data, and the staff pages that manage them."""
