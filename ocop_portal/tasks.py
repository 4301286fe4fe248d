"""Portal-wide scheduled tasks (thin; idempotent)."""

from celery import shared_task


@shared_task(name="ocop_portal.tasks.sweep_upload_temp")
def sweep_upload_temp() -> dict:
    """Delete upload temporary files a killed worker left behind (older than six hours)."""
    from ocop_portal.uploads.tempfiles import sweep_stale

    result = sweep_stale()
    return {"removed": result.removed, "freed_bytes": result.freed_bytes, "kept": result.kept}
