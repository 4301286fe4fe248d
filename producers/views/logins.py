"""The local officer's side of producer logins: pending sign-ups (confirm / refuse) and logins created
for a registry producer directly."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView
from django_tables2 import SingleTableView

from accounts import access

from .. import services
from ..forms import ConfirmRequestForm, ProducerLoginForm, RefuseRequestForm
from ..models import AccountRequest, Producer
from ..tables import AccountRequestTable
from .staff import RegistrarMixin


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


class RequestListView(RegistrarMixin, SingleTableView):
    table_class = AccountRequestTable
    template_name = "producers/logins/request_list.html"
    paginate_by = 50

    def get_queryset(self):
        qs = access.visible(self.request.user, AccountRequest).select_related("commune", "producer")
        status = self.request.GET.get("status", AccountRequest.Status.PENDING)
        if status in AccountRequest.Status.values:
            qs = qs.filter(status=status)
        return qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["statuses"] = AccountRequest.Status.choices
        ctx["status"] = self.request.GET.get("status", AccountRequest.Status.PENDING)
        return ctx


class RequestDetailView(RegistrarMixin, DetailView):
    template_name = "producers/logins/request_detail.html"
    context_object_name = "account_request"

    def get_queryset(self):
        return access.visible(self.request.user, AccountRequest).select_related(
            "commune", "commune__parent", "producer", "decided_by"
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if self.object.status == AccountRequest.Status.PENDING:
            suggestions = services.suggested_producers(self.object, by=self.request.user)
            ids = list(suggestions.values_list("pk", flat=True))
            ctx["suggestions"] = suggestions
            ctx["confirm_form"] = ConfirmRequestForm(
                suggestions=Producer.objects.filter(pk__in=ids), initial={"producer": ids[0] if ids else None}
            )
            ctx["refuse_form"] = RefuseRequestForm()
        return ctx


class RequestDecideView(RegistrarMixin, View):
    """POST confirm (with an optional registry producer) or refuse (with a reason)."""

    def post(self, request, pk, action):
        account_request = get_object_or_404(access.editable(request.user, AccountRequest), pk=pk)
        try:
            if action == "confirm":
                form = ConfirmRequestForm(request.POST, suggestions=access.editable(request.user, Producer))
                if not form.is_valid():
                    raise ValidationError(_("Choose a producer of your area, or none to create one."))
                services.confirm_account_request(
                    account_request, producer=form.cleaned_data["producer"], by=request.user
                )
                messages.success(request, _("The login is linked and the producer was told by e-mail."))
            elif action == "refuse":
                services.refuse_account_request(
                    account_request, reason=request.POST.get("reason", ""), by=request.user
                )
                messages.success(request, _("The request was refused and the producer told by e-mail."))
            else:
                raise PermissionDenied
        except ValidationError as exc:
            _errors(request, exc)
        return redirect(account_request.get_absolute_url())


class ProducerLoginCreateView(RegistrarMixin, FormView):
    form_class = ProducerLoginForm
    template_name = "producers/logins/login_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not services.can_register(request.user):
            raise PermissionDenied
        self.producer = get_object_or_404(access.visible(request.user, Producer), pk=kwargs["pk"])
        if not access.can_change(request.user, self.producer):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "producer": self.producer}

    def form_valid(self, form):
        try:
            services.create_producer_login(self.producer, by=self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(
            self.request, _("The login was created; its owner chooses a password from the e-mailed link.")
        )
        return redirect(self.producer.get_absolute_url())
