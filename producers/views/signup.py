"""The public sign-up of a producer: an inactive login and a request the local officer confirms."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.generic import FormView, TemplateView

from ocop_portal.clientaddr import client_ip

from .. import services
from ..forms import SignupForm


class SignupView(FormView):
    form_class = SignupForm
    template_name = "producers/signup/form.html"
    success_url = reverse_lazy("producer_signup_done")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect("dashboard")
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        wait = services.signup_wait(client_ip(request))
        if wait:
            response = render(request, "registration/too_many.html", {"minutes": -(-wait // 60)}, status=429)
            response["Retry-After"] = str(wait)
            return response
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        services.count_signup(client_ip(self.request))
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("password1", "password2")}
        try:
            services.submit_account_request(password=form.cleaned_data["password1"], **data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)
        return super().form_valid(form)


class SignupDoneView(TemplateView):
    template_name = "producers/signup/done.html"
