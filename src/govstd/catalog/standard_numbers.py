"""Parse, validate and normalise standard numbers (R-6.4-3).

Rules follow ``shared/spec/reference/number_formats.md``: Chinese numbers are
``<code>[/T|/Z] <sequence>[.<part>]—<year>`` with an em dash, ISO and IEC use ``:<year>``.
Input may use any dash, full-width characters, a missing or extra space; the canonical form is
what we store and show. Facts the reference marks unconfirmed (unknown industry codes, odd
years, a local standard without /T) give warnings, not errors.
"""

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.translation import gettext as _

from .levels import Level

EM_DASH = "—"

# Industry codes (行业标准代号) from the national list, plus JS (机关事务) and the
# engineering/metrology codes that appear in references.
INDUSTRY_CODES = frozenset({
    "AQ", "BB", "CB", "CH", "CJ", "CY", "DA", "DB", "DL", "DZ", "EJ", "FZ", "GA", "GH", "GM", "GY", "HB",
    "HG", "HJ", "HS", "HY", "JB", "JC", "JG", "JR", "JS", "JT", "JY", "LB", "LD", "LS", "LY", "MH", "MT",
    "MZ", "NB", "NY", "QB", "QC", "QJ", "QX", "RB", "SB", "SC", "SF", "SH", "SJ", "SL", "SN", "SW", "SY",
    "TB", "TD", "TY", "WB", "WH", "WJ", "WM", "WS", "WW", "XB", "XF", "YB", "YC", "YD", "YS", "YY", "YZ",
    "ZY", "JGJ", "CJJ", "JTG", "JJF", "JJG", "GBZ", "GJB",
})


class Family(StrEnum):
    NATIONAL = "national"
    INDUSTRY = "industry"
    LOCAL = "local"
    GROUP = "group"
    ENTERPRISE = "enterprise"
    ISO = "iso"
    INTERNAL = "internal"


FAMILY_LEVEL = {
    Family.NATIONAL: Level.NATIONAL,
    Family.INDUSTRY: Level.INDUSTRY,
    Family.LOCAL: Level.LOCAL,
    Family.GROUP: Level.GROUP,
    Family.ENTERPRISE: Level.INTERNAL,
    Family.ISO: Level.INTERNATIONAL,
    Family.INTERNAL: Level.INTERNAL,
}


class StandardNumberError(ValueError):
    """A number that cannot be a standard number; the message says why, in Chinese."""


@dataclass(frozen=True)
class StandardNumber:
    family: Family
    prefix: str
    sequence: str
    year: int | None
    warnings: tuple[str, ...] = field(default=(), compare=False)

    def __str__(self) -> str:
        if self.year is None:
            return f"{self.prefix} {self.sequence}"
        separator = ":" if self.family is Family.ISO else EM_DASH
        return f"{self.prefix} {self.sequence}{separator}{self.year}"

    @property
    def level(self) -> Level:
        return FAMILY_LEVEL[self.family]

    @property
    def undated(self) -> str:
        return f"{self.prefix} {self.sequence}"

    @property
    def key(self) -> str:
        """The number as the catalog compares it: ``SZJG/NB 02—2022`` and ``SZJG/NB 002—2022`` are one number.

        Zero padding of the sequence (and part) numbers is kept for display (``DB3301/T 0298—2024``
        is written so) but means nothing: the key drops it, and the catalog is unique on the key.
        """
        sequence = self.sequence
        if not sequence.isascii():  # int() reads any decimal digits, and writes them back in ASCII
            sequence = _DIGIT_RUNS.sub(lambda run: str(int(run.group())), sequence)
        elif "0" in sequence:
            sequence = _PADDING.sub("", sequence)  # what int() drops from each run of ASCII digits
        return str(StandardNumber(self.family, self.prefix.upper(), sequence, self.year))


_DIGIT_RUNS = re.compile(r"\d+")
_PADDING = re.compile(r"(?<![0-9])0+(?=[0-9])")
# A national, local or industry number written plainly (ASCII, one space, a dash before the year): most
# numbers of an imported file. ``parse`` reads it at once; the general reading gives it the same result
# (tests/test_standard_numbers_fast.py).
_AS_WRITTEN = re.compile(
    r"(GB(?:/[TZ])?|DB(?:[0-9]{2}|[0-9]{4})/T|[A-Z]{2,3}(?:/[TZ])?) ([0-9]+(?:\.[0-9]+)*)[—-]([0-9]{4})")
_NATIONAL_PREFIXES = frozenset({"GB", "GB/T", "GB/Z"})
_DASHES = "\u2014\u2013\u2012\u2010\u2011\u2015\u2212\ufe58\ufe63\uff0d-"
_SEQ = r"(\d+(?:\.\d+)*)"
# Compiled once: an import checks hundreds of thousands of numbers, and looking a pattern up in
# re's cache on every call cost more than the match itself.
_SLASH_SPACES = re.compile(r"\s*/\s*")
_ISO = re.compile(r"(ISO/IEC|ISO|IEC)(?: ?(GUIDE|TR|TS|PAS))? ?(\d+(?:-\d+)*(?:[-:]\d{4})?)")
_ISO_CATALOGUE_YEAR = re.compile(r"-\d{4}$")
_INTERNAL_SEQ = re.compile(_SEQ)
_DB_SPACE = re.compile(r"^DB (\d)")
_DB_DIGITS = re.compile(r"DB(\d+)")
_FAMILIES = (
    (Family.NATIONAL, re.compile(rf"(GB(?:/[TZ])?) ?{_SEQ}")),
    (Family.LOCAL, re.compile(rf"(DB\d+(?:/[TZ])?) ?{_SEQ}")),
    (Family.GROUP, re.compile(rf"(T/[A-Z][A-Z0-9]*?) ?{_SEQ}")),  # lazy: "T/AA10" is T/AA 10
    (Family.ENTERPRISE, re.compile(r"(Q/[A-Z0-9]+(?:/[A-Z0-9]+)*) ?([A-Z0-9][\w.\-]*)")),
    (Family.INDUSTRY, re.compile(rf"([A-Z]{{2,3}}(?:/[TZ])?) ?{_SEQ}")),
)


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    text = " ".join(text.split())  # runs of whitespace → one space, as \s+ would
    if "/ " in text or " /" in text:
        text = _SLASH_SPACES.sub("/", text)  # "GB / T" → "GB/T"
    return text


def _split_year(body: str, *, colon: bool) -> tuple[str, str | None]:
    """Split a trailing year off ``body`` (a dash before it, or a colon for ISO/IEC)."""
    if colon and ":" in body:
        head, _, year = body.rpartition(":")
        return head.strip(), year.strip()
    found = _year_at_end(body)
    if found and (not colon or found[1] == len(body) - 4):
        return body[: found[0]].strip(), body[found[1]:]
    return body, None


def _year_at_end(body: str) -> tuple[int, int] | None:
    """Find a trailing year after one or two dashes, as ``re.search(r"\\s*[dashes]{1,2}\\s*(\\d+)$")`` would.

    Return where the separator starts and where the digits start. Walking back from the end reads
    a few characters where the search tried every position from the left (an import parses
    hundreds of thousands of numbers).
    """
    i = end = len(body)
    while i and body[i - 1].isdecimal():  # str.isdecimal is exactly re's \d
        i -= 1
    if i == end:
        return None
    digits = i
    while i and body[i - 1].isspace():  # str.isspace is exactly re's \s
        i -= 1
    dashes = 0
    while i and dashes < 2 and body[i - 1] in _DASHES:
        i -= 1
        dashes += 1
    if not dashes:
        return None
    while i and body[i - 1].isspace():
        i -= 1
    return i, digits


def _check_year(year: str | None, *, require_year: bool, warnings: list[str]) -> int | None:
    if year is None:
        if require_year:
            raise StandardNumberError(_("The year is missing (as in —2022)"))
        return None
    if len(year) != 4 or not year.isdecimal():  # \d{4}
        raise StandardNumberError(_("The year “%(year)s” has four digits") % {"year": year})
    value = int(year)
    if value < 1950 or value > dt.datetime.now(dt.UTC).year + 1:  # a warning only; the day's zone does not matter
        warnings.append(_("The year %(year)s is outside the usual range") % {"year": value})
    return value


@functools.cache
def _internal_prefix() -> str:
    # Cached: a setting missing from settings.py costs an exception on every lookup.
    return getattr(settings, "GOVSTD_INTERNAL_NUMBER_PREFIX", "SZJG/NB")


@receiver(setting_changed)
def _forget_internal_prefix(*, setting: str, **kwargs) -> None:
    if setting == "GOVSTD_INTERNAL_NUMBER_PREFIX":
        _internal_prefix.cache_clear()


def parse(text: str, *, require_year: bool = True) -> StandardNumber:
    """Return the parsed number, or raise :class:`StandardNumberError` saying what is wrong."""
    written = _AS_WRITTEN.fullmatch(text)
    if written and not text.startswith(_internal_prefix().upper()):
        prefix, year = written.group(1), int(written.group(3))
        if prefix in _NATIONAL_PREFIXES:
            family = Family.NATIONAL
        elif prefix[:2] == "DB" and prefix[2:3].isdigit():
            family = Family.LOCAL
        elif prefix.split("/")[0] in INDUSTRY_CODES and prefix[:2] not in ("GB", "DB"):
            family = Family.INDUSTRY
        else:  # an unknown code, which the general reading warns of or refuses
            family = None
        if family and 1950 <= year <= dt.datetime.now(dt.UTC).year + 1:  # else the general reading warns
            return StandardNumber(family, prefix, written.group(2), year)
    return _parse(text, require_year=require_year)


def _parse(text: str, *, require_year: bool) -> StandardNumber:
    """Read any way a number may be written (:func:`parse`)."""
    raw = _clean(text)
    if not raw:
        raise StandardNumberError(_("The standard number is empty"))
    upper = raw.upper()
    warnings: list[str] = []

    iso = _ISO.fullmatch(upper)
    if iso:
        prefix = iso.group(1) + (f" {iso.group(2).title() if iso.group(2) == 'GUIDE' else iso.group(2)}"
                                 if iso.group(2) else "")
        body, year = _split_year(iso.group(3), colon=True)
        if year is None and _ISO_CATALOGUE_YEAR.search(body) and 1946 <= int(body[-4:]) <= 2100:
            body, year = body[:-5], body[-4:]  # catalogue style "ISO/IEC GUIDE 2-2004"
        return StandardNumber(Family.ISO, prefix, body,
                              _check_year(year, require_year=require_year, warnings=warnings), tuple(warnings))

    internal = _internal_prefix().upper()
    if upper.startswith(internal):
        body, year = _split_year(upper[len(internal):].strip(), colon=False)
        if not _INTERNAL_SEQ.fullmatch(body):
            raise StandardNumberError(_("The sequence number “%(body)s” of an internal standard is a number (a "
                                        ".part number "
                                                  "may follow)") % {"body": body})
        return StandardNumber(Family.INTERNAL, _internal_prefix(), body,
                              _check_year(year, require_year=require_year, warnings=warnings), tuple(warnings))

    if upper.startswith("DB "):
        upper = _DB_SPACE.sub(r"DB\1", upper)  # scanned covers: "DB 4403/T"
    body, year = _split_year(upper, colon=False)
    for family, pattern in _FAMILIES:
        match = pattern.fullmatch(body)
        if not match:
            continue
        prefix, sequence = match.group(1), match.group(2)
        if family is Family.LOCAL:
            digits = _DB_DIGITS.match(prefix).group(1)
            if len(digits) not in (2, 4):
                raise StandardNumberError(_("The local standard code “%(prefix)s” is DB followed by a 2- or 4-digit "
                                                      "administrative division code") % {"prefix": prefix})
            if not prefix.endswith("/T"):
                warnings.append(_("A local standard is usually recommended (DBxx/T)"))
        if family is Family.INDUSTRY and prefix.split("/")[0] not in INDUSTRY_CODES:
            if prefix.split("/")[0] in ("GB", "DB"):
                continue
            warnings.append(_("“%(code)s” is not a known industry standard code") % {"code": prefix.split("/")[0]})
        return StandardNumber(family, prefix, sequence,
                              _check_year(year, require_year=require_year, warnings=warnings), tuple(warnings))
    raise StandardNumberError(
        _("“%(text)s” is not a standard number that can be recognized (such as GB/T 13016—2018, DB4403/T 12—2019, "
          "ISO 9001:2015)") % {"text": text.strip()})


def normalize(text: str, *, require_year: bool = True) -> str:
    """Return the canonical display form of ``text``."""
    return str(parse(text, require_year=require_year))


def number_key(text: str) -> str:
    """The key of a stored (canonical) number; text that does not parse is its own key, upper-cased."""
    try:
        return parse(text).key
    except StandardNumberError:
        return _clean(text).upper()


def issue_year_problem(number: StandardNumber, issue_date: dt.date | None) -> str | None:
    """Say what is wrong when the number's year is not the year of issue (R-6.4-3).

    The year in a Chinese or ISO standard number is its year of publication (标准发布年代号), so a
    dated number and an issue date must agree: the catalog's edits, its import and the lifecycle's
    publication all check it here.
    """
    if number.year is None or issue_date is None or number.year == issue_date.year:
        return None
    return _("The year in the number (%(number_year)s) is not the year of issue (%(issue_year)s).") % {
        "number_year": number.year, "issue_year": issue_date.year}


def is_valid(text: str, *, require_year: bool = True) -> bool:
    try:
        parse(text, require_year=require_year)
    except StandardNumberError:
        return False
    return True
