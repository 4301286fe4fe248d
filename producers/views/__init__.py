"""Producers' pages: the staff registry (``staff``), the public sign-up (``signup``) and the local
officer's handling of sign-ups and logins (``logins``)."""
