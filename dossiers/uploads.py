"""The dossier's view of the portal's upload policy (:mod:`ocop_portal.uploads`): its accepted
types and limits, the size-limit upload handler and the streamed ZIP writer."""

from ocop_portal.uploads.policy import (  # noqa: F401
    CHUNK,
    MAX_NAME_LENGTH,
    InspectedFile,
    UploadRefused,
    extension_of,
    human_size,
    iter_chunks,
    max_dossier_bytes,
    max_file_bytes,
    sanitize_filename,
)
from ocop_portal.uploads.policy import inspect_upload as _inspect
from ocop_portal.uploads.streaming import SizeLimitUploadHandler, stream_zip  # noqa: F401
from ocop_portal.uploads.types import (  # noqa: F401
    DOCX,
    DOSSIER_DOCUMENTS,
    JPEG,
    PDF,
    PNG,
    XLSX,
    FileType,
    describe_head,
    sniff,
)

ACCEPTED = DOSSIER_DOCUMENTS.types


def inspect_upload(upload, *, max_bytes: int | None = None) -> InspectedFile:
    """A dossier document checked by the portal's policy (PDF, JPEG, PNG, DOCX, XLSX)."""
    return _inspect(upload, profile=DOSSIER_DOCUMENTS, max_bytes=max_bytes)
