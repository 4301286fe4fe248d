"""The import of a spreadsheet of producers and products (openpyxl, read-only), all-or-nothing.

The file's first worksheet holds one product per row under a header row whose columns are
found by their Vietnamese names, in any order (accents, case and a trailing "*" do not
matter). Unknown columns are ignored, so a file exported from the product list can be
re-imported.

Two phases:

1. **validate** — read every row (:mod:`.reading`), check its cells (:mod:`.validation`), resolve
   units, groups, producers and existing products with a constant number of queries
   (:mod:`.matching`), and collect *every* error as (row, column, value, message). Nothing is
   written.
2. **apply** — only when there is no error and it is not a dry run: one transaction, through
   the producers and products services (:mod:`.writing`). A failure there rolls everything back.

Matching (so a re-import does not duplicate rows):

* unit: accent-insensitive name without its type prefix (:func:`ocop_portal.text.fold_unit_name`),
  the commune inside the named district;
* producer: by tax code, else by folded name in the same commune; otherwise created (once per
  file) in the product's commune. Existing producers are not modified by an import;
* product: by folded name + producer; an existing one is updated (group, commune, rating) or
  left unchanged;
* group: by code ("1.3") or folded name, under the regulation in force on the recognition date
  (148/QĐ-TTg when the row has no date);
* rating (``Hạng sao`` 3–5 with ``Số quyết định công nhận`` and ``Ngày công nhận``): a certificate
  issued before the portal. Handed to the certificates register (:mod:`products.certification`): DARD's
  import records it as a paper-recorded certificate; anyone else's only proposes it — a pending
  proposal that DARD confirms or rejects, the product showing no stars publicly meanwhile. Nothing
  is done when the same rating is already known, or when a more recent one is (a warning).

The staff page previews first (``dry_run``) and keeps the previewed file server-side
(:class:`products.models.ImportUpload`) so that "Xác nhận nhập" imports exactly that file.
"""

from __future__ import annotations

import hashlib

from django.utils.translation import gettext as _

from producers import services as producer_services

from .. import certification
from .reading import read_rows
from .report import ImportReport
from .validation import validate
from .writing import apply


class ProductImporter:
    """Validate then (unless ``dry_run``) apply a spreadsheet of products. See the module docs."""

    def __init__(self, user=None):
        self.user = user

    def run(self, fileobj, *, filename: str = "", dry_run: bool = False, progress=None) -> ImportReport:
        report = ImportReport(filename=filename, dry_run=dry_run, sha256=file_sha256(fileobj))
        if self.user is not None and not producer_services.can_register(self.user):
            report.error(None, "", "", _("Your role may not import products."))
            return report
        raw_rows = read_rows(fileobj, filename, report)
        if report.errors:
            return report
        validate(raw_rows, report, user=self.user)
        provider = certification.provider()
        route = provider.route(self.user) if provider is not None else ""
        for row in report.rows:
            row.rating_route = route if row.set_rating else ""
        if report.errors or dry_run or not report.rows:
            if not report.rows and not report.errors:
                report.error(None, "", "", _("The file has no product rows under the header row."))
            return report
        apply(report, user=self.user, progress=progress)
        return report


def file_sha256(fileobj) -> str:
    """The SHA-256 of a file object's bytes (read in chunks; the position is put back at the start)."""
    digest = hashlib.sha256()
    fileobj.seek(0)
    for chunk in iter(lambda: fileobj.read(1 << 20), b""):
        digest.update(chunk)
    fileobj.seek(0)
    return digest.hexdigest()


def import_products(
    fileobj, *, user=None, filename: str = "", dry_run: bool = False, progress=None
) -> ImportReport:
    """Validate then (unless ``dry_run``) apply; ``progress(done, total)`` is called while writing."""
    return ProductImporter(user).run(fileobj, filename=filename, dry_run=dry_run, progress=progress)
