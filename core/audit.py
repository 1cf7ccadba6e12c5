"""The audit trail for college admins: every change of every audited model (django-simple-history).

Apps opt in with ``history = HistoricalRecords()``; this page finds them through simple-history's
registry, so a newly audited model appears here without touching this module.
"""
from __future__ import annotations

from heapq import merge

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from simple_history.models import registered_models

from .views import RoleRequiredMixin

RECENT_PER_MODEL = 50


def audited_models() -> dict[str, type]:
    """``"app_label.model"`` -> model, for every model with a history table."""
    return {
        m._meta.label_lower: m for m in registered_models.values()
        if hasattr(m, "history") and not m._meta.auto_created
    }


class AuditLogView(RoleRequiredMixin, TemplateView):
    template_name = "core/audit_log.html"
    allowed_roles = ("college_admin",)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        models = audited_models()
        chosen = self.request.GET.get("model", "")
        selected = {chosen: models[chosen]} if chosen in models else models
        streams = []
        # One query per audited model, whatever the number of rows.
        for label, model in selected.items():
            rows = list(model.history.select_related("history_user").order_by("-history_date")[:RECENT_PER_MODEL])
            for r in rows:
                r.object_pk = getattr(r, model._meta.pk.attname)  # r.pk is the history row's own id
                r.model_label = label
                r.model_name = model._meta.verbose_name
            streams.append(rows)
        ctx["entries"] = list(merge(*streams, key=lambda r: r.history_date, reverse=True))[:RECENT_PER_MODEL * 2]
        ctx["models"] = sorted((label, m._meta.verbose_name) for label, m in models.items())
        ctx["chosen"] = chosen
        return ctx


class ObjectHistoryView(RoleRequiredMixin, TemplateView):
    """All versions of one object with what changed between each pair (before → after)."""

    template_name = "core/object_history.html"
    allowed_roles = ("college_admin",)

    def get_context_data(self, label: str, pk: int, **kwargs):
        ctx = super().get_context_data(**kwargs)
        model = audited_models().get(label)
        if model is None:
            raise Http404
        history = model.history.filter(**{model._meta.pk.attname: pk}).select_related("history_user")
        records = list(history.order_by("history_date"))
        if not records:
            raise Http404
        versions = []
        for older, newer in zip([None, *records[:-1]], records, strict=True):
            changes = []
            if older is not None:
                delta = newer.diff_against(older)
                for change in delta.changes:
                    field = model._meta.get_field(change.field)
                    changes.append((field.verbose_name, change.old, change.new))
            versions.append({"record": newer, "changes": changes})
        ctx.update(
            model_name=model._meta.verbose_name, object_repr=str(records[-1].instance_type.__name__),
            title=str(records[-1]), versions=list(reversed(versions)),
            type_labels={"+": _("Created"), "~": _("Changed"), "-": _("Deleted")},
        )
        return ctx

