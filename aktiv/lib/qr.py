"""QR codes as inline SVG, drawn on the server (the authenticator set-up, a workshop's join
link)."""

from __future__ import annotations

from io import BytesIO

import qrcode
import qrcode.image.svg
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def qr_svg(uri: str, label: str = "QR-kode", box_size: int = 8) -> SafeString:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=box_size)
    buffer = BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    svg = svg[svg.index("<svg") :]  # drop the XML declaration
    # qrcode encodes the URI as black modules only (no text of it in the SVG); the label
    # is escaped, so the result is safe to inline.
    labelled = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1)
    return mark_safe(labelled)  # noqa: S308  # nosec B308 B703
