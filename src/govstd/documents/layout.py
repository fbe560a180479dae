"""Column widths of the official tables, shared by Word, PDF and Excel: one rule everywhere that
nothing breaks inside a standard number, a date, a level or a header, and the rest fits the page."""

import re
import unicodedata
from dataclasses import dataclass

CELL_PADDING_CM = 0.38  # the default left + right cell margins of a Word table (2 × 0.19 cm)


@dataclass(frozen=True)
class Column:
    """One column of an official table.

    ``nowrap`` columns (numbers, codes, dates, short labels) are made as wide as their longest
    text so nothing breaks inside a standard number. A column with ``max_em`` is as wide as its
    longest text up to that many ems and wraps beyond (names of subsystems: one line when they
    are short). The width left over is shared among the weighted columns by ``weight``.
    ``align`` is the body cells' alignment (numbers go right).
    """

    header: str
    weight: float = 1.0
    nowrap: bool = False
    align: str = "left"
    max_em: float | None = None

    @property
    def sized_by_content(self) -> bool:
        return self.nowrap or self.max_em is not None


NARROW = set(" .,:;!|/()[]'\"-`il1")


def em_width(text: str) -> float:
    """The width of ``text`` in ems: Chinese characters (and the em dash —) one em, Latin capitals
    about two thirds, digits and small letters a half, punctuation and spaces a third."""
    width = 0.0
    for ch in text:
        if unicodedata.east_asian_width(ch) in "WFA":
            width += 1.0
        elif ch in NARROW:
            width += 0.33
        elif ch.isupper():
            width += 0.68
        else:
            width += 0.52
    return width


def fit_widths(columns: list[Column], rows: list[list], *, total_cm: float, size: float,
               header_size: float | None = None, padding_cm: float = CELL_PADDING_CM) -> list[float]:
    """Compute column widths (cm) that sum to ``total_cm``: no header and no ``nowrap`` cell wraps.

    If even the minimum widths do not fit, they are scaled down together (the wrapping then
    falls on every column alike rather than running into the margin).
    """
    em_cm = size * 2.54 / 72
    header_em_cm = (header_size or size) * 2.54 / 72 * 1.04  # bold is a little wider
    minimum = []
    for index, column in enumerate(columns):
        width = max((em_width(line) for line in column.header.split("\n")), default=0) * header_em_cm
        if column.sized_by_content:
            longest = max((em_width(line) for row in rows if row[index] not in (None, "")
                           for line in str(row[index]).split("\n")), default=0)
            if column.max_em is not None:
                longest = min(longest, column.max_em)
            # 6 % to spare: a renderer's Latin face may run a little wider than the estimate.
            width = max(width, longest * em_cm * 1.06)
        minimum.append(width + padding_cm + 0.05)
    spare = total_cm - sum(minimum)
    if spare < 0:
        return [width * total_cm / sum(minimum) for width in minimum]
    weights = [0.0 if column.sized_by_content else column.weight for column in columns]
    if not sum(weights):
        weights = [1.0] * len(columns)
    return [width + spare * weight / sum(weights) for width, weight in zip(minimum, weights, strict=True)]


# A standard number in running text: its code (GB/T, DB4403/T, SZJG/NB, ISO/IEC …), a space, the
# sequence, and optionally a dash and the year.
_NUMBER_IN_TEXT = re.compile(r"(?<![A-Za-z0-9])((?:[A-Z]{2,6}|DB\d{2,6})(?:/[A-Z]{1,6})?|[TQ]/[A-Z0-9]{1,10}) "
                             r"(\d[\d.]*(?:—\d{4})?)")
NO_BREAK_SPACE, WORD_JOINER = "\u202f", "\u2060"  # narrow: LibreOffice breaks at U+00A0 before a digit


def unbroken_numbers(text: str) -> str:
    """Keep each standard number of running text on one line: a narrow no-break space after its code
    and a word joiner on either side of its dots and its dash. Between Chinese words LibreOffice breaks
    "GB/T 24421.2—2023" after the space (a plain no-break space too), the dot or the dash; so held, the
    number moves to the next line whole, and its digits stay together for a search."""

    def whole(match: re.Match) -> str:
        sequence = re.sub(r"([.—])", f"{WORD_JOINER}\\1{WORD_JOINER}", match.group(2))
        return f"{match.group(1)}{WORD_JOINER}{NO_BREAK_SPACE}{WORD_JOINER}{sequence}"

    return _NUMBER_IN_TEXT.sub(whole, text)
