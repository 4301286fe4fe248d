"""Backup and restore of the whole portal: the database (pg_dump custom format, or SQLite's backup
API) and the media files in one tar archive with a manifest (row counts per table, SHA-256 per file),
and a verified restore into a fresh database and media folder."""
