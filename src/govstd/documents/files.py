"""A generated document on its way to the user: its bytes, its file name and its type."""

from dataclasses import dataclass
from urllib.parse import quote

from django.http import HttpResponse

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@dataclass
class ExportFile:
    content: bytes
    filename: str
    content_type: str


def attachment(export: ExportFile) -> HttpResponse:
    """Send the file as a download; the Chinese file name survives in every browser (RFC 5987)."""
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(export.filename)}"
    return response
