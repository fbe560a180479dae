from ninja import NinjaAPI

from . import errors
from .catalog import router as catalog_router

api = NinjaAPI(
    title="govstd API",
    version="1",
    description="机关事务智慧运营标准化工作平台 — the standard system (R-5.3-1). Errors are "
                '`{"code", "message", "field"}`.',
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)
api.add_router("/", catalog_router)
