"""Every official document the platform makes, in one registry: the web pages, the API and the CLI
(``govstd export-document KIND OBJECT --format FMT --output FILE``) all look a document up here.

An app registers its documents in ``AppConfig.ready()``::

    registry.register(DocumentKind(name="review-record", label="标准审查记录", formats=("docx", "pdf"),
                                   scope="project", find=…, export=…, unavailable=…))

A kind says how to find its object from a key a person types (a project code, a plan year, a review
number) — ``find`` is also the access check, refusing with 403 or 404 — which formats it comes in,
why it does not exist yet for an object (no record before the review concluded), and how to
export it. :func:`document_export` is the one path: find, check, export.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from govstd.errors import ApplicationError, Conflict

from .files import ExportFile


@dataclass(frozen=True)
class DocumentKind:
    """One kind of document.

    ``find(user=…, key=…)`` returns the object the document is about (``None`` for documents of the
    whole catalog), refusing a user who may not see it. ``unavailable(obj)`` says why the document
    cannot be made yet, or ``None``. ``export(obj, fmt=…, acting_user=…)`` makes the file and records
    the export in the audit log. ``scope`` groups the kinds a page lists: ``"project"``,
    ``"periodic_review"``, ``"plan"`` or ``"catalog"``; ``key_help`` tells the CLI what OBJECT is.

    ``options`` names what else ``export`` takes as keywords (Table 1's filters, ``include_retired``),
    the same names whether the web, the API or the CLI asks. A ``long`` document is made by a job on
    the web and its ``export`` takes ``progress(done, total)``.
    """

    name: str
    label: str
    formats: tuple[str, ...]
    scope: str
    find: Callable[..., Any]
    export: Callable[..., ExportFile]
    unavailable: Callable[[Any], str | None] = field(default=lambda obj: None)
    key_help: Any = ""  # translated, like ``title``
    title: Any = ""  # the name pages show (translated); the file keeps the official Chinese ``label``
    options: tuple[str, ...] = ()
    long: bool = False

    @property
    def display_name(self) -> Any:
        return self.title or self.label


_KINDS: dict[str, DocumentKind] = {}


def register(kind: DocumentKind) -> DocumentKind:
    """Add a kind; the same name registered twice with another definition is a programming error."""
    existing = _KINDS.get(kind.name)
    if existing is not None and existing != kind:
        raise ImproperlyConfigured(f"document kind {kind.name!r} is registered twice")
    _KINDS[kind.name] = kind
    return kind


def registered(*, scope: str | None = None) -> list[DocumentKind]:
    return [kind for kind in _KINDS.values() if scope is None or kind.scope == scope]


def document_kind(name: str, *, scope: str | None = None) -> DocumentKind:
    """The kind called ``name`` (of ``scope`` when given), or a 400 naming the kinds there are."""
    kind = _KINDS.get(name)
    if kind is None or (scope is not None and kind.scope != scope):
        names = pgettext("list separator", ", ").join(k.name for k in registered(scope=scope))
        raise ApplicationError(_("There is no document kind %(name)s; choose one of: %(names)s.") % {
            "name": name, "names": names}, field="kind")
    return kind


def format_check(kind: DocumentKind, fmt: str) -> None:
    if fmt not in kind.formats:
        formats = pgettext("list separator", ", ").join(kind.formats)
        raise ApplicationError(_("%(document)s comes as %(formats)s, not .%(format)s.") % {
            "document": kind.display_name, "formats": formats, "format": fmt}, field="format")


def document_find(*, kind: DocumentKind, key: str, acting_user) -> Any:
    """Find the document's object as ``acting_user`` (403 / 404 when he may not see it)."""
    return kind.find(user=acting_user, key=str(key))


def options_check(kind: DocumentKind, options: dict) -> None:
    """Refuse an option the kind does not take (400 naming it), before a job is queued for it."""
    if unknown := sorted(options.keys() - set(kind.options)):
        separator = pgettext("list separator", ", ")
        raise ApplicationError(_("%(document)s does not take the option %(options)s (it takes: %(takes)s).") % {
            "document": kind.label, "options": separator.join(unknown),
            "takes": separator.join(kind.options) or pgettext("no options", "none")}, field=unknown[0])


def document_export(*, kind: str | DocumentKind, key: str = "", fmt: str, acting_user, obj: Any = None,
                    scope: str | None = None, options: dict | None = None,
                    progress: Callable[[int, int | None], None] | None = None) -> ExportFile:
    """Make document ``kind`` of the object ``key`` names (or of ``obj``, found already) in ``fmt``.

    Refuse an unknown kind, format or option (400), an object the user may not see (403 / 404), and a
    document whose facts do not exist yet (409, saying what is missing). ``progress`` hears how far a
    long document has come.
    """
    if not isinstance(kind, DocumentKind):
        kind = document_kind(kind, scope=scope)
    format_check(kind, fmt)
    options = dict(options or {})
    options_check(kind, options)
    if obj is None:
        obj = document_find(kind=kind, key=key, acting_user=acting_user)
    if reason := kind.unavailable(obj):
        raise Conflict(reason)
    if kind.long:
        options["progress"] = progress
    return kind.export(obj, fmt=fmt, acting_user=acting_user, **options)


@dataclass(frozen=True)
class DocumentOffer:
    """A document a page offers for an object: its formats, and why it is not there yet."""

    kind: DocumentKind
    reason: str | None

    @property
    def available(self) -> bool:
        return self.reason is None


def documents_offered(*, scope: str, obj: Any) -> list[DocumentOffer]:
    """The documents of ``scope`` for ``obj``, each with the reason it cannot be made yet, if any."""
    return [DocumentOffer(kind, kind.unavailable(obj)) for kind in registered(scope=scope)]


__all__ = ["DocumentKind", "DocumentOffer", "document_export", "document_find", "document_kind",
           "documents_offered", "format_check", "options_check", "register", "registered"]
