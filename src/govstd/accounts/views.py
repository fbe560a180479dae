from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.shortcuts import render

from .decorators import capability_required
from .forms import AuditFilterForm
from .roles import Capability
from .selectors import audit_entries


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@capability_required(Capability.VIEW_AUDIT_LOG)
def audit_log(request):
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(audit_entries(**{k: v for k, v in filters.items() if v}), 50).get_page(request.GET.get("page"))
    return render(request, "accounts/audit_log.html", {"form": form, "page": page})
