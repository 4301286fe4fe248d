from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, UpdateView

from ocop_portal import dashboard, todo

from .forms import ProfileForm


class DashboardView(LoginRequiredMixin, TemplateView):
    """The landing page after login: first “Việc cần làm” (what this person must do next, nearest
    deadline first), then one card of figures per thing this role looks after."""

    template_name = "accounts/dashboard.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["cards"] = dashboard.cards_for(self.request.user)
        items = todo.items_for(self.request.user)
        ctx["todo_first"], ctx["todo_more"] = items[: todo.LIMIT], items[todo.LIMIT :]
        return ctx


class ProfileView(LoginRequiredMixin, UpdateView):
    form_class = ProfileForm
    template_name = "accounts/profile.html"
    success_url = reverse_lazy("profile")

    def get_object(self, queryset=None):
        return self.request.user

    def form_valid(self, form):
        messages.success(self.request, _("Your profile was saved."))
        return super().form_valid(form)
