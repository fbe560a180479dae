from .comments import Comment, CommentPeriod, PublicCommenter
from .drafting import DraftVersion, ExplanatoryMemo, TeamMember
from .periodic_review import PeriodicReview
from .plan import AnnualPlan, PlanItem
from .project import Project, ProjectEvent, Proposal, ProposalDrafter
from .review import ReviewOpinion, ReviewRound

__all__ = [
    "AnnualPlan", "Comment", "CommentPeriod", "DraftVersion", "ExplanatoryMemo", "PeriodicReview", "PlanItem",
    "Project", "ProjectEvent", "Proposal", "ProposalDrafter", "PublicCommenter", "ReviewOpinion", "ReviewRound",
    "TeamMember",
]
