from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from core.views import ListPageMixin, StepView

from . import catalogue, services
from .filtersets import NotificationFilterSet
from .forms import PreferencesForm
from .selectors import notification_list, unread_count
from .steps import NOTIFICATION_STEPS


class NotificationListView(LoginRequiredMixin, ListPageMixin, TemplateView):
    """Notification centre: the signed-in user's own notifications, newest first."""

    template_name = "notifications/notification_list.html"
    filterset_class = NotificationFilterSet
    ordering_fields = ("created_at", "kind", "read_at")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["filter"], ctx["page"], ctx["query"] = self.filtered_page(self.request, notification_list(
            user=self.request.user))
        ctx["collection_steps"] = NOTIFICATION_STEPS.allowed(None, self.request.user)
        return ctx


def _own(request, pk: int):
    return get_object_or_404(notification_list(user=request.user), pk=pk)


class NotificationStepView(StepView):
    """POST a step of NOTIFICATION_STEPS: ``read`` one notification, or ``read-all`` (no pk)."""

    steps = NOTIFICATION_STEPS

    def success_url(self, obj) -> str:
        return reverse("notifications:list")


class NotificationOpenView(LoginRequiredMixin, View):
    """Follows the link to the object and marks the notification read on the way."""

    http_method_names = ["post", "get"]

    def get(self, request, pk: int):
        n = services.notification_mark_read(notification=_own(request, pk), by=request.user)
        if n.url and url_has_allowed_host_and_scheme(n.url, allowed_hosts={request.get_host()}):
            return redirect(n.url)
        messages.info(request, _("This notification has no page to open; it is marked as read."))
        return redirect("notifications:list")

    post = get


class UnreadCountView(View):
    """The top bar's unread count as JSON for static/js/app.js: one COUNT on the partial unread index."""

    def get(self, request):
        if not request.user.is_authenticated:
            return JsonResponse({"detail": _("Sign in to see your notifications.")}, status=401)
        response = JsonResponse({"unread": unread_count(request.user)})
        response["Cache-Control"] = "no-store"
        return response


class PreferencesView(LoginRequiredMixin, TemplateView):
    template_name = "notifications/preferences.html"

    def get_form(self):
        data = self.request.POST if self.request.method == "POST" else None
        return PreferencesForm(data, initial_channels=services.preferences_for(self.request.user))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("form", self.get_form())
        ctx["catalogue"] = catalogue.rows()
        return ctx

    def post(self, request):
        form = self.get_form()
        if not form.is_valid():
            messages.error(request, _("Please correct the errors below."))
            return self.render_to_response(self.get_context_data(form=form))
        services.preferences_save(user=request.user, choices=form.channels())
        messages.success(request, _("Your notification preferences were saved."))
        return redirect("notifications:preferences")


