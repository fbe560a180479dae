"""The kinds of background job, registered by the apps that own the work.

An app registers its kinds in its ``AppConfig.ready()``::

    registry.register(JobKind(name="catalog.import_standards", label=_("Import Table 1"),
                              run=import_standards, capability=Capability.IMPORT_STANDARDS,
                              result_template="catalog/import_result.html"))

The jobs app then runs, shows and serves any kind without importing the app's modules or templates.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from govstd.accounts.roles import Capability
from govstd.errors import ApplicationError


@dataclass(frozen=True)
class JobKind:
    """What a kind of job does and who may ask for it.

    ``run(context, **params)`` does the work by calling the app's own service, reports progress
    through ``context.progress`` and returns a JSON-able summary that becomes ``Job.result``.
    ``check(acting_user=…, **params)``, when given, refuses bad parameters before anything is queued,
    so the web and the API answer 400 at once instead of a job that fails later.
    ``result_template`` shows a finished job's result (succeeded or failed); it receives ``job``
    and ``result``. ``keeps_input(result)``, when given, says whether the uploaded file stays after
    the run (until the result's retention ends) so that :func:`~.services.job_rerun` can run it again
    with other parameters — a strict import that wrote nothing, re-run to import its good rows.
    """

    name: str
    label: str | Promise
    run: Callable[..., dict | None]
    capability: Capability
    result_template: str = ""
    check: Callable[..., None] | None = None
    takes_input_file: bool = False
    keeps_input: Callable[[dict], bool] | None = None


_KINDS: dict[str, JobKind] = {}


def register(kind: JobKind) -> JobKind:
    """Add a kind; registering the same name twice with a different definition is a programming error."""
    existing = _KINDS.get(kind.name)
    if existing is not None and existing != kind:
        raise ImproperlyConfigured(f"job kind {kind.name!r} is registered twice")
    _KINDS[kind.name] = kind
    return kind


def kind_named(name: str) -> JobKind:
    try:
        return _KINDS[name]
    except KeyError:
        raise ApplicationError(_("Unknown kind of job: %(name)s") % {"name": name}, field="kind") from None


def registered() -> dict[str, JobKind]:
    return dict(_KINDS)


def kind_label(name: str) -> Any:
    """The label of a kind for display, or the raw name of a kind no longer registered."""
    kind = _KINDS.get(name)
    return kind.label if kind else name
