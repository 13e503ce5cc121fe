"""The evaluation summary as a PDF, drawn by WeasyPrint from the same template as the page
(templates/conversations/evaluation/pdf.html); the drawing itself is lib/pdf.py."""

from __future__ import annotations

from aktiv.lib import pdf

from ..models import ConversationRecord

render_pdf = pdf.render_pdf


def pdf_filename(record: ConversationRecord) -> str:
    words = f"{record.employee.full_name}-{record.period.name}"
    return pdf.pdf_filename("evaluering", words, "samtale")
