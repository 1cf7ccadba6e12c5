"""The pages of a catalogue (core/catalogue.py): list, create/edit, delete; archive and restore are steps.

``CatalogueListView`` shows the FilterSet shared with the API (search, filters), sorting and pages,
archived rows left out unless the filter asks for them; ``CatalogueFormPage`` is core.views.FormPage
with the row from the user's scope and the policy's answer; ``CatalogueDeleteView`` deletes only
what nothing refers to.
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
from .views import FormPage, ListPageMixin, RoleRequiredMixin, require, run_for_page


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
    """POST deletes an entry nothing refers to; one in use stays, and the message says to archive it."""

    model: type[models.Model] = None
    policy_class = None
    list_url_name = ""

    def post(self, request, pk):
        obj = get_object_or_404(self.model.objects.visible_to(request.user), pk=pk)
        require(self.policy_class().can_delete(request.user, obj))
        run_for_page(request, lambda: catalogue_delete(obj=obj, by=request.user), _("Deleted."))
        return redirect(self.list_url_name)
