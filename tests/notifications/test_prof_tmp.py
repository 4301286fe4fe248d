import cProfile
import pstats
import time

from tests.notifications import helpers as h
from tests.notifications.test_simulated_year import year  # noqa


def test_prof(year):
    pr = cProfile.Profile(); pr.enable()
    t=time.monotonic(); h.run("--from", "2022-01-01", "--to", "2022-12-31"); print("year", time.monotonic()-t)
    pr.disable()
    pstats.Stats(pr).sort_stats("cumulative").print_stats(35)
