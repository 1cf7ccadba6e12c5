"""Pages: the owner's endpoints and channels, their delivery log with a redeliver button."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from core.domain import DomainError
from core.views import StepView, apply_errors, run_for_page

from . import services
from .forms import ChannelForm, EndpointEditForm, EndpointForm
from .models import ChatChannel, Delivery, WebhookEndpoint, college_ids_of, owner_org_ids
from .steps import DELIVERY_STEPS


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


class IndexView(LoginRequiredMixin, View):
    def get(self, request):
        _require(bool(owner_org_ids(request.user)))
        return render(request, "integrations/index.html", {
            "endpoints": WebhookEndpoint.objects.visible_to(request.user).select_related("organization"),
            "channels": ChatChannel.objects.visible_to(request.user).select_related("department"),
            "may_channels": bool(college_ids_of(request.user)),
        })


class EndpointCreateView(LoginRequiredMixin, View):
    def get(self, request):
        _require(bool(owner_org_ids(request.user)))
        return render(request, "integrations/endpoint_form.html", {"form": EndpointForm(user=request.user)})

    def post(self, request):
        _require(bool(owner_org_ids(request.user)))
        form = EndpointForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                endpoint = services.endpoint_create(by=request.user, **form.cleaned_data)
            except (ValidationError, DomainError) as exc:
                apply_errors(form, exc)
            else:
                # The secret is shown on this answer only, never again.
                return render(request, "integrations/endpoint_secret.html", {"endpoint": endpoint})
        return render(request, "integrations/endpoint_form.html", {"form": form}, status=400)


class EndpointDetailView(LoginRequiredMixin, View):
    def _endpoint(self, request, pk):
        return get_object_or_404(WebhookEndpoint.objects.visible_to(request.user).select_related("organization"),
                                 pk=pk)

    def get(self, request, pk):
        endpoint = self._endpoint(request, pk)
        form = EndpointEditForm(initial={"url": endpoint.url, "description": endpoint.description,
                                         "event_types": endpoint.event_types, "is_active": endpoint.is_active})
        return self._render(request, endpoint, form)

    def _render(self, request, endpoint, form, status=200):
        deliveries = endpoint.deliveries.order_by("-created_at", "-id")[:50]
        return render(request, "integrations/endpoint_detail.html", {
            "endpoint": endpoint, "form": form, "deliveries": deliveries}, status=status)

    def post(self, request, pk):
        endpoint = self._endpoint(request, pk)
        form = EndpointEditForm(request.POST)
        if form.is_valid():
            try:
                services.endpoint_update(endpoint, by=request.user, **form.cleaned_data)
            except (ValidationError, DomainError) as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The endpoint was saved."))
                return redirect("integrations:endpoint_detail", pk=endpoint.pk)
        return self._render(request, endpoint, form, status=400)


class EndpointRotateView(LoginRequiredMixin, View):
    def post(self, request, pk):
        endpoint = get_object_or_404(WebhookEndpoint.objects.visible_to(request.user), pk=pk)
        endpoint = services.endpoint_rotate_secret(endpoint, by=request.user)
        return render(request, "integrations/endpoint_secret.html", {"endpoint": endpoint, "rotated": True})


class EndpointDeleteView(LoginRequiredMixin, View):
    def post(self, request, pk):
        endpoint = get_object_or_404(WebhookEndpoint.objects.visible_to(request.user), pk=pk)
        endpoint.delete()
        messages.success(request, _("The endpoint was deleted."))
        return redirect("integrations:index")


class ChannelCreateView(LoginRequiredMixin, View):
    def get(self, request):
        _require(bool(college_ids_of(request.user)))
        return render(request, "integrations/channel_form.html", {"form": ChannelForm(user=request.user)})

    def post(self, request):
        _require(bool(college_ids_of(request.user)))
        form = ChannelForm(request.POST, user=request.user)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                channel = services.channel_create(by=request.user, **data)
            except (ValidationError, DomainError) as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The channel was added."))
                return redirect("integrations:channel_detail", pk=channel.pk)
        return render(request, "integrations/channel_form.html", {"form": form}, status=400)


class ChannelDetailView(LoginRequiredMixin, View):
    def _channel(self, request, pk):
        return get_object_or_404(ChatChannel.objects.visible_to(request.user), pk=pk)

    def _render(self, request, channel, form, status=200):
        return render(request, "integrations/channel_detail.html", {
            "channel": channel, "form": form,
            "deliveries": channel.deliveries.order_by("-created_at", "-id")[:50]}, status=status)

    def get(self, request, pk):
        channel = self._channel(request, pk)
        form = ChannelForm(user=request.user, initial={
            "name": channel.name, "platform": channel.platform, "webhook_url": channel.webhook_url,
            "department": channel.department_id, "language": channel.language, "event_types": channel.event_types,
            "is_active": channel.is_active})
        return self._render(request, channel, form)

    def post(self, request, pk):
        channel = self._channel(request, pk)
        form = ChannelForm(request.POST, user=request.user)
        if form.is_valid():
            data = dict(form.cleaned_data)
            if not data.get("secret"):
                data.pop("secret")  # left empty: keep the stored secret (it is never shown)
            try:
                services.channel_update(channel, by=request.user, **data)
            except (ValidationError, DomainError) as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The channel was saved."))
                return redirect("integrations:channel_detail", pk=channel.pk)
        return self._render(request, channel, form, status=400)


class ChannelDeleteView(LoginRequiredMixin, View):
    def post(self, request, pk):
        channel = get_object_or_404(ChatChannel.objects.visible_to(request.user), pk=pk)
        run_for_page(request, channel.delete, _("The channel was deleted."))
        return redirect("integrations:index")


class DeliveryDetailView(LoginRequiredMixin, View):
    def get(self, request, pk):
        delivery = get_object_or_404(Delivery.objects.visible_to(request.user).select_related("endpoint", "channel"),
                                     pk=pk)
        return render(request, "integrations/delivery_detail.html", {
            "delivery": delivery, "attempts": delivery.attempt_log.all(),
            "steps": DELIVERY_STEPS.allowed(delivery, request.user)})


class DeliveryStepView(StepView):
    steps = DELIVERY_STEPS
    select_related = ("endpoint", "channel")

    def success_url(self, obj) -> str:
        return reverse("integrations:delivery_detail", args=[obj.pk])
