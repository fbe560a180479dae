"""Dates written the Chinese way in messages and documents (2026年11月26日), whatever the UI language."""

import datetime as dt


def chinese_date(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def days_inclusive(start: dt.date, end: dt.date) -> int:
    """How many days a period covers when both its first and its last day count."""
    return (end - start).days + 1


def chinese_span(start: dt.date, end: dt.date) -> str:
    """A period as Table D.1 writes it: 2026年11月1日—2026年12月1日."""
    return f"{chinese_date(start)}—{chinese_date(end)}"


def message_date(day: dt.date | None) -> str:
    """Write a date in a message in the reader's language: 2026年11月26日 in Chinese, as Django's
    English date format in English. Documents keep :func:`chinese_date`, whatever the UI language."""
    from django.utils.formats import date_format

    return date_format(day, "DATE_FORMAT") if day else ""
