"""Reminders computed from data, one rule module per kind (``rules/``), delivered exactly once
(``delivery``) by the daily run (``services``), and the in-portal notifications with their bell."""
