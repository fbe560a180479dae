"""Figure 6 (标准制修订流程) as a page and as a file, drawn from the lifecycle's transition table."""

from django.shortcuts import render

from govstd.accounts.decorators import capability_required
from govstd.accounts.roles import Capability
from govstd.documents.drawing import drawing_response, to_svg

from ..process_figure import process_figure


@capability_required(Capability.VIEW_PROJECTS)
def process_figure_page(request):
    drawing = process_figure()
    return render(request, "lifecycle/process_figure.html", {"drawing": drawing, "svg": to_svg(drawing)})


@capability_required(Capability.VIEW_PROJECTS)
def process_figure_image(request, fmt: str):
    return drawing_response(process_figure(), fmt=fmt, name="figure6")
