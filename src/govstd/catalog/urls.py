from django.urls import path

from . import views

app_name = "catalog"
urlpatterns = [
    path("", views.home, name="home"),
    path("standards/", views.detail_table_page, name="detail_table"),
    path("standards/new/", views.standard_create, name="standard_create"),
    path("standards/<int:pk>/", views.standard_detail, name="standard_detail"),
    path("standards/<int:pk>/edit/", views.standard_edit, name="standard_edit"),
    path("standards/<int:pk>/withdraw/", views.standard_withdraw, name="standard_withdraw"),
    path("statistics/", views.statistics_page, name="statistics"),
    path("diagrams/", views.diagrams_page, name="diagrams"),
    path("architecture/", views.architecture_page, name="architecture"),
    path("architecture/figure-a1.<str:fmt>", views.architecture_image, name="architecture_image"),
    path("diagrams/<int:number>.<str:fmt>", views.diagram_image, name="diagram_image"),
    path("explanation/", views.explanation_page, name="explanation"),
    path("explanation/edit/", views.explanation_edit, name="explanation_edit"),
    path("export/<str:table>.<str:fmt>", views.export, name="export"),
    path("import/", views.import_page, name="import"),
    path("import/<int:job_id>/good-rows/", views.import_good_rows, name="import_good_rows"),
    path("tree/", views.tree_page, name="tree"),
    path("tree/<int:pk>/<str:action>/", views.tree_action, name="tree_action"),
]
