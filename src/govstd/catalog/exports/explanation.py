"""The explanation of the standard system (标准体系编制说明, R-6.6-1) on its own, as a Word document
in the same layout as its part of the whole standard system table."""

from django.conf import settings

from govstd.documents.word import heading, new_document, to_bytes

from .word import add_explanation


def explanation_docx() -> bytes:
    document = new_document(landscape=False)
    heading(document, f"{settings.GOVSTD_SYSTEM_NAME}编制说明", size=18)
    add_explanation(document)
    return to_bytes(document)
