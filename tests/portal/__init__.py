"""Tests of the portal-wide glue: the upload policy, upload temporary files, backup and restore."""
