from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, UpdateView

from ocop_portal import dashboard, ratelimit, todo
from ocop_portal.clientaddr import client_ip

from .forms import ProfileForm
from .models import Role

# The producer's landing page (certificates.views.producer): reversed by name, never imported.
PRODUCER_HOME = "mine:home"
RESET_SCOPE = "password-reset"
RESET_LIMITS = {"limit": 10, "window": 60 * 60}


class DashboardView(LoginRequiredMixin, TemplateView):
    """The landing page after login: first “Việc cần làm” (what this person must do next, nearest
    deadline first), then one card of figures per thing this role looks after (producers: their home)."""

    template_name = "accounts/dashboard.html"

    def get(self, request, *args, **kwargs):
        if request.user.role == Role.PRODUCER and not request.user.is_superuser:
            try:
                return redirect(reverse(PRODUCER_HOME))
            except NoReverseMatch:  # pragma: no cover - the producer's home is not installed
                pass
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["cards"] = dashboard.cards_for(self.request.user)
        items = todo.items_for(self.request.user)
        ctx["todo_first"], ctx["todo_more"] = items[: todo.LIMIT], items[todo.LIMIT :]
        return ctx


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset request, throttled per client address (10 e-mails an hour)."""

    success_url = reverse_lazy("password_reset_done")

    def post(self, request, *args, **kwargs):
        wait = ratelimit.hit(RESET_SCOPE, client_ip(request), **RESET_LIMITS)
        if wait:
            response = render(request, "registration/too_many.html", {"minutes": -(-wait // 60)}, status=429)
            response["Retry-After"] = str(wait)
            return response
        return super().post(request, *args, **kwargs)


class ProfileView(LoginRequiredMixin, UpdateView):
    form_class = ProfileForm
    template_name = "accounts/profile.html"
    success_url = reverse_lazy("profile")

    def get_object(self, queryset=None):
        return self.request.user

    def form_valid(self, form):
        messages.success(self.request, _("Your profile was saved."))
        return super().form_valid(form)
