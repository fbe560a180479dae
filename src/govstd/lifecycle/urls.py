from django.urls import path, register_converter

from .views import comments, drafting, figures, periodic, plans, projects, public, reviews


class PlanYear:
    """A plan's year in a URL: four digits, so /plans/99999/ is simply not a plan page (404)."""

    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return f"{int(value):04d}"


register_converter(PlanYear, "plan_year")

app_name = "lifecycle"
urlpatterns = [
    path("projects/", projects.project_list_page, name="project_list"),
    path("process/", figures.process_figure_page, name="process_figure"),
    path("process/figure6.<str:fmt>", figures.process_figure_image, name="process_figure_image"),
    path("projects/new/", projects.project_create, name="project_create"),
    path("projects/<int:pk>/", projects.project_detail, name="project_detail"),
    path("projects/<int:pk>/edit/", projects.project_edit, name="project_edit"),
    path("projects/<int:pk>/actions/<str:action>/", projects.project_action, name="project_action"),
    path("projects/<int:pk>/documents/<str:document>.<str:fmt>", projects.project_document, name="project_document"),
    path("projects/<int:pk>/reviews/<int:round_id>/record.<str:fmt>", projects.review_record, name="review_record"),
    path("projects/<int:pk>/team/", drafting.team_add, name="team_add"),
    path("projects/<int:pk>/team/<int:member_id>/remove/", drafting.team_remove, name="team_remove"),
    path("projects/<int:pk>/drafts/", drafting.draft_upload, name="draft_upload"),
    path("projects/<int:pk>/drafts/<int:version_id>/", drafting.draft_download, name="draft_download"),
    path("projects/<int:pk>/memo/", drafting.memo_edit, name="memo_edit"),
    path("projects/<int:pk>/comments/", comments.comment_add, name="comment_add"),
    path("projects/<int:pk>/comments/import/", comments.comment_import, name="comment_import"),
    path("projects/<int:pk>/comments/<int:comment_id>/disposition/", comments.comment_dispose,
         name="comment_dispose"),
    path("projects/<int:pk>/comments/<int:comment_id>/moderation/", comments.comment_moderate,
         name="comment_moderate"),
    path("projects/<int:pk>/comments/<int:comment_id>/withdrawal/", comments.comment_withdraw,
         name="comment_withdraw"),
    path("projects/<int:pk>/reviews/<int:round_id>/arrange/", reviews.review_arrange, name="review_arrange"),
    path("opinions/", reviews.my_opinions, name="my_opinions"),
    path("opinions/<int:opinion_id>/", reviews.opinion_edit, name="opinion_edit"),
    path("plans/", plans.plan_list, name="plan_list"),
    path("plans/<plan_year:year>/", plans.plan_detail, name="plan_detail"),
    path("plans/<plan_year:year>/carry-over/", plans.plan_carry_over, name="plan_carry_over"),
    path("plans/<plan_year:year>/plan.<str:fmt>", plans.plan_download, name="plan_download"),
    path("periodic-reviews/", periodic.periodic_review_list, name="periodic_reviews"),
    path("periodic-reviews/standards/<int:standard_id>/open/", periodic.periodic_review_open,
         name="periodic_review_open"),
    path("periodic-reviews/<int:review_id>/record.<str:fmt>", periodic.periodic_review_record,
         name="periodic_review_record"),
    path("periodic-reviews/<int:review_id>/conclude/", periodic.periodic_review_conclude,
         name="periodic_review_conclude"),
    path("public/comments/", public.public_list, name="public_list"),
    path("public/comments/thanks/", public.public_thanks, name="public_thanks"),
    path("public/comments/<int:period_id>/", public.public_period, name="public_period"),
    path("public/comments/<int:period_id>/draft/", public.public_draft, name="public_draft"),
    path("public/comments/<int:period_id>/memo/", public.public_memo, name="public_memo"),
]
