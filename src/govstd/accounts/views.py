from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from govstd.errors import ApplicationError, Conflict, PermissionDenied

from .access import credential_check, credential_refusal, is_administrator_account, role_change_check
from .decorators import capability_required
from .forms import AccountPasswordForm, AuditFilterForm, OwnPasswordForm, RolesForm
from .models import ApiToken, User
from .roles import Capability
from .selectors import account_locked, audit_entries, password_change_reason
from .services import (
    api_token_revoke,
    user_change_own_password,
    user_set_active,
    user_set_password,
    user_set_roles,
    user_unlock,
)


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


def _form_error(form, error: ApplicationError, fields: dict[str | None, str]) -> None:
    """Show a service's refusal on the form field it names; a refusal of the person himself goes up as 403."""
    if isinstance(error, PermissionDenied):
        raise error
    form.add_error(fields.get(error.field), error.message)


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
    role_change_check(actor=request.user, user=user)  # nobody opens his own roles
    held = list(user.role_grants.values_list("role", flat=True))
    form = RolesForm(request.POST or None, initial={"roles": held, "expected": held})
    if request.method == "POST" and form.is_valid():
        try:
            user_set_roles(user=user, roles=form.cleaned_data["roles"], acting_user=request.user,
                           expected_roles=form.cleaned_data["expected"])
        except Conflict as error:  # changed meanwhile: show the roles as they are now, with the reason
            now = list(user.role_grants.values_list("role", flat=True))
            data = request.POST.copy()
            data.setlist("roles", now)
            data.setlist("expected", now)
            form = RolesForm(data)
            form.is_valid()
            form.add_error("roles", error.message)
        except ApplicationError as error:
            _form_error(form, error, {"roles": "roles"})
        else:
            messages.success(request, _("Roles of %(user)s saved.") % {"user": user})
            return redirect("accounts:roles")
    return render(request, "accounts/role_edit.html", {"form": form, "subject": user})


@capability_required(Capability.CHANGE_OWN_PASSWORD)
def password_change(request):
    """Change one's own password (等保 IA-a); this session stays signed in, every other one ends.

    A person sent here because he must change it (``PasswordChangeMiddleware``) reads why, and
    returns to the page he asked for once it is done.
    """
    form = OwnPasswordForm(request.POST or None)
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        wanted = ""
    if request.method == "POST" and form.is_valid():
        try:
            user_change_own_password(user=request.user, old_password=form.cleaned_data["old_password"],
                                     new_password=form.cleaned_data["new_password1"], request=request)
        except ApplicationError as error:
            _form_error(form, error, {"old_password": "old_password", "new_password": "new_password1"})
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Your password has been changed; your other sessions have ended."))
            return redirect(wanted or "accounts:password")
    return render(request, "accounts/password.html",
                  {"form": form, "next": wanted, "must_change": password_change_reason(user=request.user)})


def _token_id(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or not 0 < int(text) < 2**63:
        raise ApplicationError(_("Choose one of the account's API tokens."), field="token")
    return int(text)


ACCOUNT_ACTIONS = ("set_password", "deactivate", "activate", "unlock", "revoke_token")


@capability_required(Capability.MANAGE_CREDENTIALS)
@require_http_methods(["GET", "POST"])
def account(request, pk: int):
    """An account's credentials: password, whether it may sign in, its login lock, its API tokens.

    The system administrator manages ordinary accounts, the security administrator administrator
    accounts (:mod:`.access`); the page shows the other's accounts with the actions greyed out and why.
    """
    subject = get_object_or_404(User.objects.select_related("unit"), pk=pk)
    form = AccountPasswordForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in ACCOUNT_ACTIONS:
            raise ApplicationError(_("Unknown action."), field="action")
        credential_check(actor=request.user, user=subject)
        if action == "set_password":
            form = AccountPasswordForm(request.POST)
            if form.is_valid():
                try:
                    user_set_password(user=subject, password=form.cleaned_data["new_password1"],
                                      acting_user=request.user)
                except ApplicationError as error:
                    _form_error(form, error, {"password": "new_password1"})
                else:
                    messages.success(request, _("The password of %(user)s is set; the account's sessions have "
                                                "ended.") % {"user": subject})
                    return redirect("accounts:account", pk=subject.pk)
        else:
            if action in ("deactivate", "activate"):
                user_set_active(user=subject, active=action == "activate", acting_user=request.user)
            elif action == "unlock":
                user_unlock(user=subject, acting_user=request.user)
            else:
                token = get_object_or_404(ApiToken, pk=_token_id(request.POST.get("token", "")), user=subject)
                api_token_revoke(token=token, acting_user=request.user)
            messages.success(request, _("Saved."))
            return redirect("accounts:account", pk=subject.pk)
    return render(request, "accounts/account.html", {
        "subject": subject, "form": form,
        "refusal": credential_refusal(actor=request.user, user=subject),
        "administrator": is_administrator_account(subject),
        "locked": account_locked(user=subject),
        "roles": [g.get_role_display() for g in subject.role_grants.all()],
        "tokens": subject.api_tokens.order_by("-created_at"),
    })
