from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from govstd.errors import ApplicationError

from .decorators import capability_required
from .forms import AuditFilterForm, RolesForm
from .models import User
from .roles import Capability
from .selectors import audit_entries
from .services import user_set_roles


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@capability_required(Capability.VIEW_AUDIT_LOG)
def audit_log(request):
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(audit_entries(**{k: v for k, v in filters.items() if v}), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)  # the pager keeps the filters
    return render(request, "accounts/audit_log.html", {"form": form, "page": page, "query": query.urlencode()})


@capability_required(Capability.MANAGE_ROLES)
def role_list(request):
    users = User.objects.select_related("unit").prefetch_related("role_grants").order_by("unit__name", "username")
    return render(request, "accounts/role_list.html", {"users": users})


@capability_required(Capability.MANAGE_ROLES)
def role_edit(request, pk: int):
    user = get_object_or_404(User, pk=pk)
    form = RolesForm(request.POST or None, initial={"roles": list(user.role_grants.values_list("role", flat=True))})
    if request.method == "POST" and form.is_valid():
        try:
            user_set_roles(user=user, roles=form.cleaned_data["roles"], acting_user=request.user)
        except ApplicationError as error:
            form.add_error("roles", error.message)
        else:
            messages.success(request, _("Roles of %(user)s saved.") % {"user": user})
            return redirect("accounts:roles")
    return render(request, "accounts/role_edit.html", {"form": form, "subject": user})
