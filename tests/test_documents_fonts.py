"""Fonts: every document names 宋体/仿宋/黑体; on a server without them LibreOffice draws them with the
Simplified-Chinese Noto faces through the shipped fontconfig rules, never the Japanese face of the same
collection (R-6-IO; the seed's documents are printed in SC faces)."""

import os
import shutil
import subprocess

import pytest

from govstd.documents.pdf import fontconfig_file, office_to_pdf
from govstd.documents.word import BODY_FONT, MEMO_FONT, body_paragraph, heading, new_document, to_bytes
from tests.document_support import pdf_file

# Characters whose Japanese form differs from the Simplified-Chinese one.
PROBE = "户值骨直复说起草单位意见处理"


def _family(name: str) -> str:
    result = subprocess.run(["fc-match", "-f", "%{family[0]}", name], capture_output=True, text=True, check=True,
                            env={**os.environ, "FONTCONFIG_FILE": str(fontconfig_file())})
    return result.stdout


@pytest.mark.skipif(shutil.which("fc-match") is None, reason="fontconfig's fc-match is not installed")
def test_the_chinese_face_names_resolve_to_sc_faces():
    assert _family("宋体") == _family("SimSun") == _family("仿宋") == _family("FangSong") == "Noto Serif CJK SC"
    assert _family("黑体") == _family("SimHei") == "Noto Sans CJK SC"
    assert _family("DejaVu Sans") == "DejaVu Sans"  # every other face as the system sets it


@pytest.mark.libreoffice
def test_a_docx_naming_songti_prints_with_an_sc_face(tmp_path):
    document = new_document(landscape=False)
    heading(document, f"黑体：{PROBE}")
    body_paragraph(document, f"宋体：{PROBE}", font=BODY_FONT)
    body_paragraph(document, f"仿宋：{PROBE}", font=MEMO_FONT)
    pdf = pdf_file(office_to_pdf(to_bytes(document), suffix="docx"), "fonts.pdf", tmp_path)
    pdf.pictures("fonts-songti")
    fonts = " ".join(pdf.fonts)
    assert "NotoSerifCJK" in fonts, fonts  # 宋体 and 仿宋 drawn with the serif face, not a sans fallback
    assert "NotoSansCJK" in fonts, fonts  # 黑体 with the sans face
    assert "DejaVu" not in fonts
    forms = pdf.glyph_forms()
    assert forms["SC"] and not forms["JP"], forms
