"""Evaluation and star ranking: criteria sets as data, rounds, councils, members and conflicts, score
sheets (locked once submitted, revised explicitly, versions kept), results and star bands, forwarding to
the next level, recognition decisions; which products may enter a round (``eligibility``: their
submitted dossier of the year)."""
