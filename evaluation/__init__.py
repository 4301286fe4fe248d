"""Evaluation and star ranking: criteria sets as data, rounds, councils, members and conflicts, score
sheets, results and star bands, forwarding to the next level, recognition decisions."""
