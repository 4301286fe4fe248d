"""Ratios of the certificate batch (issue 15): 333 certificates of one decision into one ZIP.

* ``certificates_cpu_per_wall`` — CPU seconds (this process and its reaped worker processes) per wall
  second of ``run_certificate_batch``: 2 cores busy give ~2, one loop in one process ~1.
* ``certificate_vs_libreoffice`` — LibreOffice's seconds per certificate ÷ ours, both in batch: the
  anchor converts 333 equivalent DOCX files (the same text, the same QR code as a PNG, A4 landscape,
  built here by writing the Office Open XML) with one ``soffice.bin --headless --convert-to pdf`` call
  (LibreOffice's program itself: its ``soffice`` launcher drops the files past its ~250 arguments),
  after a warm-up call of its own profile folder;
  ours renders the 333 PDFs into the job's ZIP. ``scripts/system-deps.sh bench`` installs
  ``libreoffice-writer-nogui`` when ``soffice`` is missing.

The pair is interleaved (anchor, ours, anchor, ours …) ``ctx.repeats`` times (2 in ``ctx.quick``
runs, with 60 certificates) and medians are kept. The certificates are made once (a decision
"BENCH-333/QĐ-UBND" over existing products) and reused by later runs of the same database.

Run alone: ``python bench/ratios/certificates.py`` (a throwaway test database with the demo data).
"""

from __future__ import annotations

import datetime
import os
import resource
import shutil
import statistics
import subprocess
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

RATIOS = ("certificates_cpu_per_wall", "certificate_vs_libreoffice")
BATCH = 333
DECISION_NUMBER = "BENCH-333/QĐ-UBND"
ROOT = Path(__file__).resolve().parents[2]


# --- data -----------------------------------------------------------------------------------------


def bench_decision(n: int):
    """A decision with ``n`` portal certificates (made once over existing products, then reused)."""
    from accounts.models import AdministrativeUnit
    from certificates.models import Certificate
    from evaluation.models import RecognitionDecision
    from products.models import Product, RegulationVersion

    decision = RecognitionDecision.objects.filter(number=DECISION_NUMBER).first()
    if decision is None:
        decision = RecognitionDecision.objects.create(
            number=DECISION_NUMBER,
            date=datetime.date(2026, 11, 30),
            level="province",
            issuing_unit=AdministrativeUnit.objects.filter(parent__isnull=True).order_by("pk").first(),
            regulation=RegulationVersion.objects.get(code="148-2023"),
            signer_name="Trần Anh Tuấn",
            signer_title="Phó Chủ tịch",
            status="approved",
        )
    have = decision.certificates.count()
    if have < n:
        products = list(Product.objects.order_by("pk")[: n - have])
        products = [products[i % len(products)] for i in range(n - have)]  # a small database: reused
        issued = datetime.date(2026, 11, 30)
        Certificate.objects.bulk_create(
            Certificate(
                product=p,
                decision=decision,
                number=f"BENCH-{decision.pk}-{have + i:04d}",
                stars=3 + (have + i) % 3,
                level="province",
                issued_on=issued,
                valid_until=issued.replace(year=issued.year + 3),
            )
            for i, p in enumerate(products)
        )
    return decision


def certificates_of(decision, n: int) -> list:
    from certificates.models import Certificate

    return list(
        Certificate.objects.filter(decision=decision)
        .select_related("product__producer", "product__commune__parent", "decision__issuing_unit")
        .order_by("number")[:n]
    )


# --- the anchor: equivalent DOCX files through LibreOffice -----------------------------------------

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_DRAWING = (
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"'
)


def _para(text: str, *, size: int = 26, bold: bool = False, italic: bool = False, center: bool = True) -> str:
    props = "".join(
        [
            '<w:rFonts w:ascii="Liberation Serif" w:hAnsi="Liberation Serif" w:cs="Liberation Serif"/>',
            "<w:b/>" if bold else "",
            "<w:i/>" if italic else "",
            f'<w:sz w:val="{size}"/>',
        ]
    )
    align = '<w:jc w:val="center"/>' if center else ""
    return f'<w:p><w:pPr>{align}</w:pPr><w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def _image_para(emu: int) -> str:
    return (
        '<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:drawing><wp:inline>'
        f'<wp:extent cx="{emu}" cy="{emu}"/><wp:docPr id="1" name="QR"/>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>'
        '<pic:nvPicPr><pic:cNvPr id="1" name="qr.png"/><pic:cNvPicPr/></pic:nvPicPr>'
        '<pic:blipFill><a:blip r:embed="rIdQR"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
        f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{emu}" cy="{emu}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>'
        "</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
    )


def certificate_docx(cert, path: Path) -> None:
    """The certificate's text and QR code as a DOCX (A4 landscape), written as Office Open XML."""
    import base64

    from certificates.pdf import certificate_context

    ctx = certificate_context(cert)
    d = ctx["decision"]
    lines = [
        _para(ctx["authority"], size=24, bold=True),
        _para("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=24, bold=True),
        _para("Độc lập - Tự do - Hạnh phúc", size=24, bold=True),
        _para("GIẤY CHỨNG NHẬN SẢN PHẨM OCOP", size=52, bold=True),
        _para("(Chương trình Mỗi xã một sản phẩm)", italic=True),
        _para(ctx["authority_title"].capitalize() + " chứng nhận sản phẩm:", center=False),
        _para(ctx["product"].name, size=36, bold=True, center=False),
        _para("Chủ thể: " + ctx["producer"].name, center=False),
        _para("★" * cert.stars, size=48),
        _para(f"Đạt hạng {cert.stars} sao", size=30, bold=True),
        _image_para(30 * 36000),
        _para("Quét mã để xác minh", size=18),
        _para(f"Số: {cert.number}", size=22),
        _para(f"Theo Quyết định số {d.number} ngày {d.date:%d/%m/%Y}." if d else "", size=22),
        _para(
            f"Giấy chứng nhận có giá trị 36 tháng kể từ ngày {cert.issued_on:%d/%m/%Y} "
            f"đến ngày {cert.valid_until:%d/%m/%Y}.",
            size=22,
        ),
        _para(
            f"{ctx['place']}, ngày {cert.issued_on:%d} tháng {cert.issued_on:%m} năm {cert.issued_on:%Y}",
            italic=True,
        ),
        *(_para(line, bold=True) for line in ctx["signature"]),
        _para(ctx["signer_name"], bold=True),
    ]
    section = (
        '<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>'
        '<w:pgMar w:top="680" w:right="680" w:bottom="680" w:left="680" w:header="0" w:footer="0" w:gutter="0"/>'
        "</w:sectPr>"
    )
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {_W} {_R} {_DRAWING}>'
        f"<w:body>{''.join(lines)}{section}</w:body></w:document>"
    )
    png = base64.b64decode(ctx["qr"].split(",", 1)[1])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>'
            '<Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>',
        )
        z.writestr(
            "word/_rels/document.xml.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rIdQR" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" '
            'Target="media/qr.png"/></Relationships>',
        )
        z.writestr("word/document.xml", document)
        z.writestr("word/media/qr.png", png)


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        subprocess.run(["bash", str(ROOT / "scripts" / "system-deps.sh"), "bench"], check=True)
        found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise SystemExit("LibreOffice (soffice) is not installed: run scripts/system-deps.sh bench")
    return found


# LibreOffice's launcher (``soffice`` → ``oosplash``) hands soffice.bin about 250 arguments at most and
# drops the rest without a word: 333 files in one call made 246 PDFs (exit status 0). soffice.bin, the
# program the launcher starts, is run directly with every file; without it, calls of LAUNCHER_FILES.
LAUNCHER_FILES = 200


def _converter() -> tuple[list[str], int]:
    """The command converting files (LibreOffice's own program when found) and how many files a call takes."""
    launcher = soffice()
    program = Path(os.path.realpath(launcher)).with_name("soffice.bin")
    if program.is_file() and os.access(program, os.X_OK):
        return [str(program)], 10**6
    return [launcher], LAUNCHER_FILES


RESTART = 81  # soffice.bin's exit status asking to be started again (first start in a new profile)


def _convert(files: list[str], out_dir: Path, profile: Path, log) -> None:
    command, per_call = _converter()
    env = dict(os.environ, SAL_ENABLE_FILE_LOCKING="1")  # as the launcher sets it
    for i in range(0, len(files), per_call):
        args = [*command, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                "--convert-to", "pdf", "--outdir", str(out_dir), *files[i : i + per_call]]  # fmt: skip
        for _attempt in range(3):  # the launcher starts it again when asked to, so do we
            status = subprocess.run(
                args, stdout=log, stderr=subprocess.STDOUT, env=env, timeout=1800
            ).returncode
            if status != RESTART:
                break
        if status != 0:
            raise RuntimeError(f"LibreOffice ({command[0]}) ended with status {status} ({len(files)} files)")


def libreoffice_seconds(docx_dir: Path, out_dir: Path, profile: Path) -> tuple[float, float]:
    """One headless LibreOffice converting every DOCX of ``docx_dir`` to PDF: (wall, CPU seconds).

    Files LibreOffice did not convert are given to it once more (their time counted); any still
    missing are named in the error, with the end of LibreOffice's output."""
    shutil.rmtree(out_dir, ignore_errors=True)
    out_dir.mkdir(parents=True)
    files = sorted(str(p) for p in docx_dir.glob("*.docx"))
    log_path = out_dir.with_suffix(".log")
    with open(log_path, "w") as log:
        cpu0, t0 = _cpu_seconds(), time.perf_counter()
        _convert(files, out_dir, profile, log)
        missing = [f for f in files if not (out_dir / (Path(f).stem + ".pdf")).is_file()]
        retried = len(missing)
        if missing:
            _convert(missing, out_dir, profile, log)
        elapsed, cpu = time.perf_counter() - t0, _cpu_seconds() - cpu0
    missing = [f for f in files if not (out_dir / (Path(f).stem + ".pdf")).is_file()]
    if retried:
        print(
            f"# LibreOffice left {retried} of {len(files)} files on the first call; converted again",
            flush=True,
        )
    if missing:
        tail = log_path.read_text(errors="replace")[-2000:]
        raise RuntimeError(
            f"LibreOffice made {len(files) - len(missing)} PDFs of {len(files)} DOCX files; "
            f"missing: {', '.join(Path(f).name for f in missing[:10])}{' …' if len(missing) > 10 else ''}\n{tail}"
        )
    return elapsed, cpu


# --- ours -----------------------------------------------------------------------------------------


def _cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def batch_once(decision) -> tuple[float, float, int]:
    """One ``run_certificate_batch`` of the decision: (wall seconds, CPU seconds, certificates)."""
    from django.db import connections

    from certificates.jobs import run_certificate_batch
    from certificates.models import PdfJob

    job = PdfJob.objects.create(decision=decision, total=0)
    connections.close_all()
    cpu0, t0 = _cpu_seconds(), time.perf_counter()
    run_certificate_batch(job.pk, progress_every=5)
    wall, cpu = time.perf_counter() - t0, _cpu_seconds() - cpu0
    job.refresh_from_db()
    with zipfile.ZipFile(job.file.open("rb")) as archive:
        count = len(archive.namelist())
    job.file.delete(save=False)
    job.delete()
    return wall, cpu, count


def measure(ctx) -> dict:
    n = 60 if ctx.quick else BATCH
    repeats = 2 if ctx.quick else max(1, ctx.repeats)
    decision = bench_decision(n)
    certs = certificates_of(decision, n)
    if len(certs) < n:  # a database with fewer products: the batch is what there is
        n = len(certs)
    work = Path(ctx.work_dir) / "certificates"
    docx_dir = work / "docx"
    docx_dir.mkdir(parents=True, exist_ok=True)
    for cert in certs:
        certificate_docx(cert, docx_dir / f"{cert.number}.docx")
    # a smaller decision for a quick run: only the first n certificates are in the batch
    if decision.certificates.count() > n:
        from certificates.models import Certificate

        keep = [c.pk for c in certs]
        Certificate.objects.filter(decision=decision).exclude(pk__in=keep).update(decision=None)
    profile = work / "lo-profile"
    libreoffice_seconds(docx_dir, work / "warm", profile)  # warm-up: the profile, fonts, the binary
    lo, lo_cpu, ours, our_cpu, ratios = [], [], [], [], []
    for _ in range(repeats):
        wall, cpu = libreoffice_seconds(docx_dir, work / "lo-pdf", profile)
        lo.append(wall)
        lo_cpu.append(cpu)
        wall, cpu, count = batch_once(decision)
        our_cpu.append(cpu)
        if count != n:
            raise RuntimeError(f"the ZIP holds {count} certificates, expected {n}")
        ours.append(wall)
        ratios.append(cpu / wall)
    lo_each, ours_each = statistics.median(lo) / n, statistics.median(ours) / n
    from certificates.jobs import batch_workers

    return {
        "ratios": {
            "certificates_cpu_per_wall": round(statistics.median(ratios), 2),
            "certificate_vs_libreoffice": round(lo_each / ours_each, 2),
        },
        "figures": {
            f"certificate batch ({n} into one ZIP, {batch_workers()} workers)": (
                f"{statistics.median(ours):.1f} s, {ours_each * 1000:.0f} ms each, "
                f"cpu/wall {statistics.median(ratios):.2f}, CPU {statistics.median(our_cpu) / n * 1000:.0f} ms each"
            ),
            f"LibreOffice, {n} equivalent DOCX → PDF": (
                f"{statistics.median(lo):.1f} s, {lo_each * 1000:.0f} ms each, "
                f"CPU {statistics.median(lo_cpu) / n * 1000:.0f} ms each"
            ),
        },
    }


if __name__ == "__main__":
    import argparse
    import sys
    import tempfile
    from types import SimpleNamespace

    sys.path.insert(0, str(ROOT / "bench"))
    import _common as c  # noqa: E402 - sets Django up

    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    with c.throwaway_database(), tempfile.TemporaryDirectory(prefix="ocop-bench-cert-") as tmp:
        c.seed_demo()
        from django.db import connection

        context = SimpleNamespace(
            database_url="", env=dict(os.environ), work_dir=Path(tmp), repeats=args.repeats, quick=args.quick
        )
        context.database_url = connection.settings_dict["NAME"]
        result = measure(context)
        for name, value in result["ratios"].items():
            print(f"ratio {name} {value:.2f}")
        for label, value in result["figures"].items():
            print(f"{label}: {value}")
