"""PDFs drawn by WeasyPrint from a page's own template (the evaluation summary, a workshop's
results), offline, with the colour tokens of aktiv.css and a print stylesheet."""

from __future__ import annotations

import logging

from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.utils.text import slugify

PDF_STYLESHEET = "css/evaluation.css"
# The colours it uses: the :root block at the top of aktiv.css, none of the screen's layout.
TOKENS_STYLESHEET = "css/aktiv.css"
# Archival (PDF/A-3) at conformance level A: tagged, with the document's language (the
# template's <html lang>) and title, so screen readers read it in order (docs/accessibility.md).
# WeasyPrint declares one standard per file; level A carries the structure PDF/UA asks for.
PDF_VARIANT = "pdf/a-3a"
# WeasyPrint reports each rendering step at INFO: noise in the server log for every PDF.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def _stylesheet(name: str = PDF_STYLESHEET) -> str:
    path = finders.find(name)
    if not isinstance(path, str):
        raise ImproperlyConfigured(f"{name} is missing from the static files")
    with open(path, encoding="utf-8") as css:
        return css.read()


def _tokens() -> str:
    css = _stylesheet(TOKENS_STYLESHEET)
    start = css.index(":root {")
    return css[start : css.index("}", start) + 1]


def render_pdf(html: str, stylesheet: str = PDF_STYLESHEET) -> bytes:
    """WeasyPrint, offline: the stylesheet is passed in, and every URL in the document is
    refused, so a PDF never waits on, or leaks a request to, the network."""
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols=())
    document = HTML(string=html, url_fetcher=fetcher)
    pdf: bytes = document.write_pdf(
        stylesheets=[CSS(string=_tokens() + _stylesheet(stylesheet), url_fetcher=fetcher)],
        pdf_variant=PDF_VARIANT,
    )
    return pdf


# A plain ASCII filename every browser and mail client keeps: æ, ø and å spelled out as
# Norwegians do where the letters are missing, not dropped as slugify would.
ASCII_SPELLING = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def pdf_filename(prefix: str, words: str, fallback: str) -> str:
    return f"{prefix}-{slugify(words.translate(ASCII_SPELLING)) or fallback}.pdf"
