"""The report's page: A4, fonts that can print the person's name, and small layout helpers."""

from collections.abc import Mapping, Sequence
import logging
from pathlib import Path
import unicodedata

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from ..vitals import Metric

# fpdf2 subsets the font with fontTools, which logs every table at INFO.
logging.getLogger("fontTools.subset").setLevel(logging.WARNING)
# DejaVu covers every script a household name may use. It ships with Debian, Ubuntu and
# Alpine (font-dejavu), not with Betti (1.4 MB); without it the core fonts (Latin-1: Zoë,
# Müller, Dutch and German text) are used and other letters lose their accents.
FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/TTF"),
)
MARGIN = 14.0
WIDTH = 210 - 2 * MARGIN
LINE = 5.0
LIST_CAP = 12
GREY = (90, 90, 90)


def find_font_dir() -> Path | None:
    """Return the folder holding DejaVu Sans, if this system has it."""
    return next(
        (d for d in FONT_DIRS if (d / "DejaVuSans.ttf").is_file()),
        None,
    )


def latin1(text: str) -> str:
    """Keep what the core fonts can show: a letter beyond Latin-1 loses its accent, or is '?'."""
    out = []
    for char in text:
        if ord(char) < 256:  # noqa: PLR2004 - Latin-1
            out.append(char)
        else:
            base = unicodedata.normalize("NFKD", char)[0]
            out.append(base if ord(base) < 256 else "?")  # noqa: PLR2004
    return "".join(out)


def number(value: float, decimals: int = 1) -> str:
    """Format with a decimal point, whatever the language."""
    return f"{value:.{decimals}f}"


def decimals_for(metric: Metric, unit: str) -> int:
    """Whole numbers where a tenth means nothing (pulse, SpO2, glucose in mg/dL)."""
    whole = metric in (Metric.HEART_RATE, Metric.SPO2) or unit == "mg/dL"
    return 0 if whole else 1


class ReportDocument(FPDF):
    """An A4 report whose words come from ``texts`` (translations)."""

    def __init__(self, texts: Mapping[str, str], font_dir: Path | None) -> None:
        """Use DejaVu from ``font_dir``, or the core fonts when there is none."""
        super().__init__(format="A4")
        self.texts = texts
        self.unicode = font_dir is not None
        if font_dir is not None:
            self.add_font("body", "", str(font_dir / "DejaVuSans.ttf"))
            self.add_font("body", "B", str(font_dir / "DejaVuSans-Bold.ttf"))
            self.family = "body"
        else:
            self.family = "helvetica"
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(auto=True, margin=MARGIN + 4)

    def t(self, key: str, **placeholders: object) -> str:
        """Return the translated text of ``key``, as the font can print it."""
        text = self.texts[key].format(**placeholders)
        return text if self.unicode else latin1(text)

    def clean(self, text: str) -> str:
        """Return a recorded text (a name, a message) as the font can print it."""
        return text if self.unicode else latin1(text)

    def font(self, size: float, *, bold: bool = False) -> None:
        """Switch to the body font at ``size``."""
        self.set_font(self.family, "B" if bold else "", size)

    def footer(self) -> None:
        """Write the page number at the foot of every page (fpdf2 calls this)."""
        self.set_y(-MARGIN)
        self.font(8)
        self.set_text_color(*GREY)
        self.cell(
            0,
            4,
            self.t("page", page=self.page_no(), pages="{nb}"),
            align="R",
        )
        self.set_text_color(0, 0, 0)

    def heading(self, text: str) -> None:
        """Start a section: its title over a thin rule."""
        self.ln(2)
        self.font(12, bold=True)
        self.cell(0, 7, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(160, 160, 160)
        self.line(MARGIN, self.get_y(), MARGIN + WIDTH, self.get_y())
        self.ln(1)
        self.font(9.5)

    def line_text(self, text: str, *, bold: bool = False) -> None:
        """Write a paragraph across the page."""
        self.font(9.5, bold=bold)
        self.multi_cell(0, LINE, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.font(9.5)

    def row(
        self,
        cells: Sequence[str],
        widths: Sequence[float],
        *,
        bold: bool = False,
        align: str = "",
    ) -> None:
        """Write a table row: first cell left, the rest right, unless ``align`` says."""
        self.font(9.5, bold=bold)
        aligns = align or "L" + "R" * (len(cells) - 1)
        for text, width, side in zip(cells, widths, aligns, strict=True):
            self.cell(width, LINE, text, align=side)
        self.ln(LINE)
        self.font(9.5)
