"""The pages of a catalogue (core/catalogue.py): list, create/edit, delete; archive and restore are steps.

``CatalogueListView`` shows the FilterSet shared with the API (search, filters), sorting and pages,
archived rows left out unless the filter asks for them; ``CatalogueFormPage`` is core.views.FormPage
with the row from the user's scope and the policy's answer; ``CatalogueDeleteView`` deletes only
what nothing refers to. ``catalogue_pages(...)`` builds the four of one catalogue from what differs (model,
steps, form, FilterSet, columns, titles) and ``.urls(prefix)`` their five routes.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db import models
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from .catalogue import catalogue_delete, catalogue_save
from .steps import Steps
from .views import FormPage, ListPageMixin, RoleRequiredMixin, StepView, require, run_for_page


class CatalogueForm(forms.ModelForm):
    """A catalogue entry's form; ``m2m_values`` are the links ``core.catalogue.catalogue_save`` sets."""

    m2m_fields: tuple[str, ...] = ()

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def m2m_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.m2m_fields}


@dataclass(frozen=True)
class Column:
    """One column of a catalogue list: its header, the cell (a callable of the row) and the sort key."""

    label: str
    value: Callable[[Any], Any]
    sort: str = ""


class CatalogueListView(RoleRequiredMixin, ListPageMixin, TemplateView):
    """A catalogue's list page: the app names the model, its FilterSet, columns, policy and URL names.

    Archived entries are left out until the filter asks for them (``archived``: the API lists every
    row, as its detail answers for every row; the page is for choosing what to work on).
    """

    template_name = "core/catalogue_list.html"
    model: type[models.Model] = None
    policy_class = None
    steps: Steps | None = None
    columns: tuple[Column, ...] = ()
    title = ""
    intro = ""
    create_url_name = ""
    edit_url_name = ""
    step_url_name = ""
    filter_defaults = {"archived": "false"}

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["filter"], ctx["page"], ctx["query"] = self.filtered_page(self.request, self.get_queryset())
        policy = self.policy_class()
        rows = []
        for obj in ctx["page"].object_list:
            rows.append({
                "obj": obj,
                "cells": [c.value(obj) for c in self.columns],
                "can_edit": policy.can_update(user, obj),
                "steps": self.steps.allowed(obj, user) if self.steps is not None else [],
            })
        ctx.update(rows=rows, columns=self.columns, title=self.title, intro=self.intro,
                   can_create=policy.can_create(user), create_url_name=self.create_url_name,
                   edit_url_name=self.edit_url_name, step_url_name=self.step_url_name)
        return ctx


class CatalogueFormPage(FormPage):
    """Create (no ``pk``) or edit a catalogue entry: the row from the user's scope (404), the policy's
    answer (403), the form's errors (a duplicate code on its field) with a 400, then back to the list."""

    template_name = "core/catalogue_form.html"
    model: type[models.Model] = None
    policy_class = None
    steps: Steps | None = None
    form_class = None
    list_url_name = ""
    step_url_name = ""
    delete_url_name = ""
    create_title = ""
    edit_title = ""
    success_message = _("Saved.")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        obj, user = self.object, self.request.user
        ctx.update(step_url_name=self.step_url_name, delete_url_name=self.delete_url_name,
                   steps=self.steps.allowed(obj, user) if obj is not None and self.steps is not None else [],
                   can_delete=obj is not None and bool(self.delete_url_name)
                   and self.policy_class().can_delete(user, obj))
        return ctx

    def get_object(self):
        policy = self.policy_class()
        if "pk" not in self.kwargs:
            require(policy.can_create(self.request.user))
            return None
        obj = get_object_or_404(self.model.objects.visible_to(self.request.user), pk=self.kwargs["pk"])
        require(policy.can_update(self.request.user, obj))
        return obj

    def get_title(self) -> str:
        if self.object is None:
            return str(self.create_title)
        return str(self.edit_title) % {"entry": self.object}

    def cancel_url(self) -> str:
        return reverse(self.list_url_name)

    def get_form(self, data=None, files=None):
        return self.form_class(data, files, instance=self.object, user=self.request.user)

    def save(self, form):
        return catalogue_save(obj=form.instance, by=self.request.user, m2m=form.m2m_values())

    def success_url(self, result) -> str:
        return reverse(self.list_url_name)


class CatalogueDeleteView(RoleRequiredMixin, View):
    """POST deletes an entry nothing refers to; one in use stays, and the message says to archive it.

    A row that is no catalogue entry but is deleted the same way (scope, policy, a service that refuses
    while the row is in use) names its service in ``delete(obj)`` and its message in ``done``.
    """

    model: type[models.Model] = None
    policy_class = None
    list_url_name = ""
    done = _("Deleted.")

    def delete(self, obj) -> None:
        catalogue_delete(obj=obj, by=self.request.user)

    def post(self, request, pk):
        obj = get_object_or_404(self.model.objects.visible_to(request.user), pk=pk)
        require(self.policy_class().can_delete(request.user, obj))
        run_for_page(request, lambda: self.delete(obj), self.done)
        return redirect(self.list_url_name)


@dataclass(frozen=True)
class CataloguePages:
    """The four page classes of one catalogue, built by ``catalogue_pages``, and their routes."""

    list: type
    form: type
    delete: type
    step: type
    name: str  # the URL names' stem: ``<name>_list``, ``_create``, ``_edit``, ``_delete``, ``_action``

    def urls(self, prefix: str) -> list:
        """The five routes under ``prefix`` (``"modules/"``); archive and restore are steps at ``<pk>/<step>/``."""
        from django.urls import path

        n = self.name
        return [
            path(prefix, self.list.as_view(), name=f"{n}_list"),
            path(f"{prefix}new/", self.form.as_view(), name=f"{n}_create"),
            path(f"{prefix}<int:pk>/edit/", self.form.as_view(), name=f"{n}_edit"),
            path(f"{prefix}<int:pk>/delete/", self.delete.as_view(), name=f"{n}_delete"),
            path(f"{prefix}<int:pk>/<str:step>/", self.step.as_view(), name=f"{n}_action"),
        ]


def catalogue_pages(*, namespace: str, name: str, model: type[models.Model], steps: Steps, policy_class,
                    allowed_roles: tuple[str, ...], filterset_class, form_class, columns: tuple[Column, ...],
                    ordering_fields: tuple[str, ...], title, intro, create_title, edit_title=None,
                    select_related: tuple[str, ...] = (), prefetch_related: tuple[str, ...] = (),
                    save: Callable | None = None) -> CataloguePages:
    """The list, form, delete and step pages of a catalogue, from what differs between catalogues.

    ``namespace:name`` stems the URL names (``curriculum:module`` → ``curriculum:module_list`` …);
    ``select_related`` / ``prefetch_related`` load what the list's columns read; ``save(page, form)``
    replaces ``catalogue_save`` where the entry has rows of its own to write (a job post's requirements).
    """
    url = f"{namespace}:{name}"
    shared = {"allowed_roles": allowed_roles, "policy_class": policy_class, "__module__": model.__module__}
    label = model.__name__

    def get_queryset(self):
        qs = CatalogueListView.get_queryset(self)
        if select_related:
            qs = qs.select_related(*select_related)
        if prefetch_related:
            qs = qs.prefetch_related(*prefetch_related)
        return qs

    list_view = type(f"{label}ListView", (CatalogueListView,), {
        **shared, "model": model, "steps": steps, "filterset_class": filterset_class,
        "ordering_fields": ordering_fields, "title": title, "intro": intro, "columns": columns,
        "create_url_name": f"{url}_create", "edit_url_name": f"{url}_edit", "step_url_name": f"{url}_action",
        "get_queryset": get_queryset,
    })
    form_attrs = {
        **shared, "model": model, "steps": steps, "form_class": form_class, "list_url_name": f"{url}_list",
        "step_url_name": f"{url}_action", "delete_url_name": f"{url}_delete", "create_title": create_title,
        "edit_title": edit_title if edit_title is not None else _("Edit %(entry)s"),
    }
    if save is not None:
        form_attrs["save"] = lambda self, form: save(self, form)
    form_page = type(f"{label}FormPage", (CatalogueFormPage,), form_attrs)
    delete_view = type(f"{label}DeleteView", (CatalogueDeleteView,),
                       {**shared, "model": model, "list_url_name": f"{url}_list"})
    step_view = type(f"{label}StepView", (StepView,), {
        **shared, "steps": steps, "success_url": lambda self, obj: reverse(f"{url}_list"),
    })
    return CataloguePages(list_view, form_page, delete_view, step_view, name)
