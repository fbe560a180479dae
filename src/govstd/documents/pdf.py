"""PDF from the same Word or Excel source the office downloads, printed by LibreOffice.

A form such as Table B.1 is laid out once, as .docx; its PDF is that document printed, so the two
can never differ. Each process keeps one LibreOffice profile and converts one document at a
time with it: two instances cannot share a profile, and building a new one for every request
cost D.1 (40 comments) 26–28 s against 11 s with the kept one, measured on the 2-core machine
while other test suites ran (an idle machine printed two short forms in 1.3 s). Where LibreOffice is not installed the
request is refused with a 400 that says so, not a 500.

The documents name 宋体, 仿宋 and 黑体. LibreOffice runs with the system's fontconfig plus
fontconfig/65-govstd-chinese-faces.conf, which draws those names with the Simplified-Chinese Noto faces
where the Windows faces are missing, never the Japanese face of the same collection.
"""

import functools
import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils.translation import gettext as _

from govstd.errors import ApplicationError

TIMEOUT_SECONDS = 120
_one_at_a_time = threading.Lock()
CHINESE_FACES = Path(__file__).resolve().parent / "fontconfig" / "65-govstd-chinese-faces.conf"
SYSTEM_FONTCONFIG = Path("/etc/fonts/fonts.conf")


@functools.cache
def fontconfig_file() -> Path:
    """A fontconfig file that loads the system's configuration, then the Chinese faces' rules.

    Written once per process beside the LibreOffice profile, naming both by absolute path, so it works
    wherever the package is installed. ``GOVSTD_FONTCONFIG_FILE`` names one of the server's own instead.
    """
    configured = getattr(settings, "GOVSTD_FONTCONFIG_FILE", "")
    if configured:
        return Path(configured)
    path = Path(tempfile.gettempdir()) / f"govstd-fonts-{os.getuid()}-{os.getpid()}.conf"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n'
        f'  <include ignore_missing="yes">{escape(str(SYSTEM_FONTCONFIG))}</include>\n'
        f"  <include>{escape(str(CHINESE_FACES))}</include>\n</fontconfig>\n", encoding="utf-8")
    return path


def _profile() -> Path:
    """This process's LibreOffice profile folder (built by LibreOffice on first use)."""
    return Path(tempfile.gettempdir()) / f"govstd-office-profile-{os.getuid()}-{os.getpid()}"


def office_binary() -> str | None:
    configured = getattr(settings, "GOVSTD_LIBREOFFICE", "")
    return configured or shutil.which("soffice") or shutil.which("libreoffice")


def office_to_pdf(data: bytes, *, suffix: str) -> bytes:
    """Print a .docx or .xlsx to PDF with LibreOffice and return the PDF's bytes."""
    binary = office_binary()
    if binary is None:
        raise ApplicationError(_("LibreOffice is not installed on the server, so no PDF can be made; download the "
                                 "Word or Excel version."), field="format")
    with tempfile.TemporaryDirectory(prefix="govstd-office-") as folder, _one_at_a_time:
        source = Path(folder) / f"document.{suffix}"
        source.write_bytes(data)
        try:
            subprocess.run(  # noqa: S603 — a fixed program and our own file, no shell
                [binary, f"-env:UserInstallation={_profile().as_uri()}", "--headless", "--norestore",
                 "--convert-to", "pdf", "--outdir", folder, str(source)],
                capture_output=True, timeout=TIMEOUT_SECONDS, check=False,
                env={**os.environ, "FONTCONFIG_FILE": str(fontconfig_file())})
        except (OSError, subprocess.TimeoutExpired) as error:
            raise ApplicationError(_("The PDF could not be made (LibreOffice did not convert the file); download "
                                     "the Word or Excel version."),
                                   field="format") from error
        converted = source.with_suffix(".pdf")
        if not converted.exists():
            raise ApplicationError(_("The PDF could not be made (LibreOffice did not convert the file); download "
                                     "the Word or Excel version."), field="format")
        return converted.read_bytes()
