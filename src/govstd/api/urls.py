from ninja import NinjaAPI

from . import errors
from .alarms import router as alarms_router
from .catalog import router as catalog_router
from .dashboard import router as dashboard_router
from .jobs import router as jobs_router
from .lifecycle import public_router as public_comment_router
from .lifecycle import router as lifecycle_router
from .monitoring_registry import router as monitoring_registry_router
from .monitoring_tiles import router as monitoring_tiles_router
from .notifications import router as notifications_router
from .readings import router as readings_router

api = NinjaAPI(
    title="govstd API",
    version="1",
    description="机关事务智慧运营标准化工作平台 — the standard system and its development lifecycle "
                "(R-5.3-1). Errors are "
                '`{"code", "message", "field"}`.',
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)
api.add_router("/", catalog_router)
api.add_router("/", lifecycle_router)
api.add_router("/", public_comment_router)
api.add_router("/", jobs_router)
api.add_router("/", notifications_router)
api.add_router("/", readings_router)
api.add_router("/", dashboard_router)
api.add_router("/", alarms_router)
api.add_router("/", monitoring_tiles_router)
api.add_router("/", monitoring_registry_router)
