from ninja import NinjaAPI

api = NinjaAPI(title="govstd API", version="1", urls_namespace="api")
