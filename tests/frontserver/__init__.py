"""The nginx front server (issue 16, item 11): configuration, X-Accel-Redirect, limits, addresses."""
