"""Producers (chủ thể): enterprises, cooperatives, cooperative groups and household businesses, their
registration data and organisation events, and the staff registry of them."""
