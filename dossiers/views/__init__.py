"""Dossier pages: list, assembly (checklist, uploads), workflow actions, review, ZIP, calls, commune reports.

Every queryset comes from ``accounts.access``; a row outside the user's chain is a 404. State changes
go through :mod:`dossiers.services`.
"""
