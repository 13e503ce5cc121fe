"""Every colour is a token in the :root block at the top of aktiv.css: no stylesheet, template
or Python module writes one of its own, every token used is defined, and each text colour
reaches WCAG AA (4.5:1) on the backgrounds it is used on."""

import re
from pathlib import Path

import pytest

from aktiv.lib.charts import HEAT_BANDS

PACKAGE = Path(__file__).resolve().parent.parent / "aktiv"
STYLESHEET = PACKAGE / "static" / "css" / "aktiv.css"
ROOT = re.compile(r":root \{[^}]*\}")
LITERAL = re.compile(
    r"#[0-9a-fA-F]{3,8}\b|\b(?:rgba?|hsla?)\(|"
    r"(?:fill|stroke|color|background)(?:=\"|\s*:\s*)(?:white|black|red|green|blue|gr[ae]y)\b"
)
# A favicon is drawn by the browser on its own, without the page's stylesheet.
STANDALONE = {PACKAGE / "static" / "favicon.svg"}

SURFACES = ("paper", "bg")
# (text, background): each pair as the product uses it.
TEXT_ON = [
    *((text, surface) for text in ("ink", "muted", "brand", "danger") for surface in SURFACES),
    ("ink-soft", "paper"),
    ("ink-soft", "tint-grey"),
    ("muted", "tint-grey"),
    ("brand-dark", "accent"),
    ("ink", "accent"),
    *(("paper", surface) for surface in ("brand", "brand-dark", "danger", "danger-dark", "brown")),
    ("ok", "ok-bg"),
    ("warn", "warn-bg"),
    ("warn", "private-bg"),
    ("danger", "error-bg"),
    ("purple", "tint-purple"),
    *(("ink", tint) for tint in ("tint-grey", "tint-teal", "tint-blue", "warn-bg", "ok-bg")),
    ("ink", "error-bg"),
    ("brand", "tint-teal"),
    ("brown", "warn-bg"),
    ("brown", "paper"),
    ("purple", "paper"),
    *((f"heat-{band}-text", f"heat-{band}") for band in HEAT_BANDS),
]
# Lines, bars and points that carry meaning need 3:1 against the paper they are drawn on.
GRAPHICS = ["neutral", "brand", "brown", "orange", "purple"]


def tokens() -> dict[str, str]:
    match = ROOT.search(STYLESHEET.read_text())
    assert match, "aktiv.css starts with its :root block"
    raw = dict(re.findall(r"--([\w-]+):\s*([^;]+);", match[0]))

    def resolve(value: str) -> str:
        alias = re.fullmatch(r"var\(--([\w-]+)\)", value)
        return resolve(raw[alias[1]]) if alias else value

    return {name: resolve(value) for name, value in raw.items()}


def luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(first: str, second: str) -> float:
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def product_files() -> list[Path]:
    suffixes = {".css", ".html", ".svg", ".txt", ".py"}
    return sorted(
        path
        for path in PACKAGE.rglob("*")
        if path.suffix in suffixes and "migrations" not in path.parts and path not in STANDALONE
    )


def test_colours_are_written_only_in_the_root_block():
    found = []
    for path in product_files():
        text = path.read_text(encoding="utf-8")
        if path == STYLESHEET:
            text = ROOT.sub("", text, count=1)
        found += [f"{path.relative_to(PACKAGE)}: {hit}" for hit in LITERAL.findall(text)]
    assert found == []


def test_every_token_is_a_six_digit_colour_or_an_alias():
    for name, value in tokens().items():
        assert name == "radius" or re.fullmatch(r"#[0-9a-f]{6}", value), name


def test_every_variable_used_is_defined():
    files = product_files()
    defined = set(tokens())
    for path in files:
        if path.suffix == ".css":
            defined |= set(re.findall(r"--([\w-]+)\s*:", path.read_text(encoding="utf-8")))
    for path in files:
        used = set(re.findall(r"var\(--([\w-]+)", path.read_text(encoding="utf-8")))
        assert used <= defined, path


def test_the_pdf_stylesheet_needs_only_the_tokens():
    """WeasyPrint gets the :root block and evaluation.css, nothing else of aktiv.css."""
    evaluation = (PACKAGE / "static" / "css" / "evaluation.css").read_text(encoding="utf-8")
    assert set(re.findall(r"var\(--([\w-]+)", evaluation)) <= set(tokens())


@pytest.mark.parametrize(("text", "background"), TEXT_ON)
def test_text_has_aa_contrast(text, background):
    colours = tokens()
    assert contrast(colours[text], colours[background]) >= 4.5


@pytest.mark.parametrize("colour", GRAPHICS)
def test_graphics_have_3_to_1_contrast(colour):
    colours = tokens()
    assert contrast(colours[colour], colours["paper"]) >= 3
