"""Integration checks that run the portal in subprocesses (upgrade of an old database)."""
