"""Look at a generated document the way an office does: open it in LibreOffice, print it to PDF and
read the PDF back — its page size, its fonts, its text page by page, and pictures of its pages
for a person to look at under ``var/test-artifacts/``."""

import functools
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import ARTIFACTS_ROOT, require_service

ARTIFACTS = ARTIFACTS_ROOT / "documents"
A4_PT = (595.0, 842.0)
# Characters of the documents whose Simplified-Chinese and Japanese glyphs differ in the Noto CJK
# collections (准 of 标准, 系 of 体系, 号 of 编号 …).
PROBES = "直真骨关角准系号名称别施归位家方部即将新版定修合通管安全信息化慧构表门意复"


def as_read(text: str) -> str:
    """Text as a person reads it: the word joiners and narrow no-break spaces that keep a standard
    number on one line (``documents.layout.unbroken_numbers``) are invisible or a space."""
    return text.replace("\u2060", "").replace("\u202f", " ")


def _tool(name: str, package: str) -> str:
    path = shutil.which(name)
    require_service(path is not None, f"{name} (Debian package {package})")
    return path


@dataclass
class RenderedPdf:
    path: Path

    @functools.cached_property
    def info(self) -> dict[str, str]:
        output = subprocess.run([_tool("pdfinfo", "poppler-utils"), "-f", "1", "-l", "9999", str(self.path)],
                                capture_output=True, text=True, check=True).stdout
        return dict(line.split(":", 1) for line in output.splitlines() if ":" in line)

    @property
    def page_count(self) -> int:
        return int(self.info["Pages"])

    def page_sizes(self) -> list[tuple[float, float]]:
        """Each page's width and height in points."""
        sizes = []
        for key, value in self.info.items():
            if key.startswith("Page") and key.endswith("size"):
                found = re.match(r"\s*([\d.]+) x ([\d.]+) pts", value)
                sizes.append((float(found.group(1)), float(found.group(2))))
        return sizes

    def is_a4(self, *, landscape: bool) -> bool:
        expected = tuple(reversed(A4_PT)) if landscape else A4_PT
        return all(abs(w - expected[0]) < 2 and abs(h - expected[1]) < 2 for w, h in self.page_sizes())

    @functools.cached_property
    def fonts(self) -> list[str]:
        """The embedded fonts' names as ``pdffonts`` lists them, without the subset tag."""
        output = subprocess.run([_tool("pdffonts", "poppler-utils"), str(self.path)],
                                capture_output=True, text=True, check=True).stdout
        return [line.split()[0].partition("+")[2] or line.split()[0] for line in output.splitlines()[2:] if line]

    def pages(self, mode: str = "-layout") -> list[str]:
        text = subprocess.run([_tool("pdftotext", "poppler-utils"), mode, str(self.path), "-"],
                              capture_output=True, text=True, check=True).stdout
        return text.split("\f")[:-1]

    def pictures(self, name: str, *, resolution: int = 36) -> list[Path]:
        """Write every page as a small PNG under var/test-artifacts/documents/ for a person to look at."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        for old in ARTIFACTS.glob(f"{name}-*.png"):
            old.unlink()
        subprocess.run([_tool("pdftoppm", "poppler-utils"), "-r", str(resolution), "-png", str(self.path),
                        str(ARTIFACTS / name)], check=True)
        shutil.copyfile(self.path, ARTIFACTS / f"{name}.pdf")
        return sorted(ARTIFACTS.glob(f"{name}-*.png"))

    def glyph_forms(self) -> dict[str, set[str]]:
        """Which regional forms the PDF's glyphs of :data:`PROBES` take: {"SC": {...}, "JP": {...}}."""
        return glyph_forms(self.path)


def office_pdf(data: bytes, name: str, folder: Path) -> RenderedPdf:
    """Convert a .docx or .xlsx with LibreOffice, as a person opening and printing it would."""
    office = shutil.which("libreoffice") or shutil.which("soffice")
    require_service(office is not None, "LibreOffice (Debian package libreoffice-writer-nogui)")
    source = folder / name
    source.write_bytes(data)
    result = subprocess.run(
        [office, f"-env:UserInstallation=file://{folder / 'lo-profile'}", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), str(source)], capture_output=True, text=True, timeout=300, check=False)
    converted = source.with_suffix(".pdf")
    assert result.returncode == 0 and converted.exists(), result.stderr
    return RenderedPdf(converted)


def pdf_file(data: bytes, name: str, folder: Path) -> RenderedPdf:
    path = folder / name
    path.write_bytes(data)
    return RenderedPdf(path)


@functools.cache
def _reference_outlines() -> dict[tuple, tuple[set[str], str]]:
    """Outline of each probe character in every SC and JP face of the installed Noto CJK collections."""
    from fontTools.pens.recordingPen import DecomposingRecordingPen
    from fontTools.ttLib import TTCollection

    outlines: dict[tuple, tuple[set[str], str]] = {}
    listing = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, check=False).stdout
    files = sorted({line.split(":")[0] for line in listing.splitlines() if line.endswith((".ttc", ".ttc:"))
                    or ".ttc" in line})
    for file in files:
        for face in TTCollection(file).fonts:
            family = face["name"].getDebugName(1) or ""
            region = "SC" if family.endswith(" SC") else "JP" if family.endswith(" JP") else None
            if region is None:
                continue
            glyphs = face.getGlyphSet()
            cmap = face.getBestCmap()
            for char in PROBES:
                pen = DecomposingRecordingPen(glyphs)
                glyphs[cmap[ord(char)]].draw(pen)
                outlines.setdefault(_normal(pen.value), (set(), char))[0].add(region)
    return outlines


def _normal(value) -> tuple:
    """The pen's record with its coordinates rounded; a component's glyph name stays as it is."""
    return tuple((op, tuple(tuple(round(c) for c in point) if isinstance(point, tuple) else point for point in args))
                 for op, args in value)


def glyph_forms(path: Path) -> dict[str, set[str]]:
    """Match every glyph embedded in the PDF against the SC and JP outlines of the probe characters.

    ``pdffonts`` cannot tell: the faces of a Noto CJK collection share one CFF table, so a subset
    of the SC face is embedded under the name ``NotoSansCJKjp-…`` all the same. The outlines tell.
    """
    import pikepdf
    from fontTools.pens.recordingPen import RecordingPen

    references = _reference_outlines()
    found: dict[str, set[str]] = {"SC": set(), "JP": set()}
    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:
            if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != "/FontDescriptor":
                continue
            for key in ("/FontFile3", "/FontFile2", "/FontFile"):
                if key not in obj:
                    continue
                for glyph in _glyphs(key, obj[key].read_bytes()):
                    pen = RecordingPen()
                    glyph.draw(pen)
                    regions, char = references.get(_normal(pen.value), (set(), ""))
                    if len(regions) == 1:  # a form only one of the two regions uses
                        found[next(iter(regions))].add(char)
    return found


def _glyphs(key: str, data: bytes) -> list:
    """The glyphs of an embedded font program: bare CFF, OpenType/TrueType, or Type 1 (LibreOffice
    embeds the CFF subsets it makes as Type 1). A font that cannot be read fails the test."""
    import io
    import tempfile

    from fontTools.cffLib import CFFFontSet
    from fontTools.t1Lib import T1Font
    from fontTools.ttLib import TTFont

    if key == "/FontFile3" and not data.startswith(b"OTTO"):
        fonts = CFFFontSet()
        fonts.decompile(io.BytesIO(data), None)
        charstrings = fonts[fonts.fontNames[0]].CharStrings
        return [charstrings[name] for name in charstrings.keys()]  # noqa: SIM118 — CharStrings is no dict
    if key == "/FontFile":
        with tempfile.NamedTemporaryFile(suffix=".t1") as file:
            file.write(data)
            file.flush()
            font = T1Font(file.name, kind="OTHER")
            font.parse()
            glyph_set = font.getGlyphSet()
            return [glyph_set[name] for name in list(glyph_set)]
    glyph_set = TTFont(io.BytesIO(data)).getGlyphSet()
    return [glyph_set[name] for name in list(glyph_set)]
