"""Shared API plumbing: the policy permission and the base viewsets.

Every app's viewsets inherit ``ScopedModelViewSet``: it takes its rows from the model's scoping
method (``visible_to``) and its write rights from the app's policy, so the API never carries its
own copy of an access rule (CONVENTIONS.md rules 2 and 3). Pagination and the error shape live in
``config.rest``.
"""
from __future__ import annotations

from rest_framework import permissions, viewsets

from config.rest import Pagination, exception_handler  # noqa: F401  re-exported for convenience
from config.serializers import PREFETCHED_PREFIX


class Policy:
    """Write rights for one model. Reads are decided by the model's ``visible_to`` scope.

    Subclasses override the ``can_*`` methods; ``can_action`` covers workflow actions such as
    ``offer`` or ``confirm`` and defaults to ``can_update``.
    """

    def can_create(self, user, data: dict | None = None) -> bool:
        return False

    def can_update(self, user, obj) -> bool:
        return False

    def can_delete(self, user, obj) -> bool:
        return False

    def can_action(self, user, obj, action: str) -> bool:
        return self.can_update(user, obj)


class PolicyPermission(permissions.BasePermission):
    """Enforces the view's policy; a row outside the scope never reaches here (it is a 404)."""

    def has_permission(self, request, view) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        if getattr(view, "action", None) == "create":
            return view.get_policy().can_create(request.user, request.data)
        return True

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        policy = view.get_policy()
        action = getattr(view, "action", None)
        if action in ("update", "partial_update"):
            return policy.can_update(request.user, obj)
        if action == "destroy":
            return policy.can_delete(request.user, obj)
        return policy.can_action(request.user, obj, action or "")


def release(rows) -> None:
    """Break the reference cycles of a page's model instances once the page is rendered.

    A prefetched child points back at its parent (``milestone.project``) and the parent at the list of
    children, so every instance of a page sat in a cycle that only Python's cyclic garbage collector
    frees: 4,000 instances for a page of 200 industry projects, and the collector's pauses (50-200 ms
    every few requests) were the slowest requests of the lists. Dropping the parents' lists of children
    (and, one level down, the children's own) leaves reference counting to free the page at once.
    Rows of one queryset share their prefetched attributes, so the first row names them.
    """
    rows = list(rows)
    if not rows or not hasattr(rows[0], "_state"):
        return
    first = rows[0].__dict__
    names = [name for name in first if name.startswith(PREFETCHED_PREFIX)]
    cached = "_prefetched_objects_cache" in first
    children: dict[str, list] = {}
    for obj in rows:
        attrs = obj.__dict__
        for name in names:
            children.setdefault(name, []).extend(attrs.pop(name, None) or ())
        if cached:
            for name, qs in (attrs.pop("_prefetched_objects_cache", None) or {}).items():
                children.setdefault(name, []).extend(qs._result_cache or ())
    for group in children.values():
        release(group)


class ReleasingListMixin:
    """DRF's list, releasing the page's instances as soon as the response data is built."""

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        if page is None:
            return super().list(request, *args, **kwargs)
        response = self.get_paginated_response(self.get_serializer(page, many=True).data)
        release(page)
        return response


class ScopedModelViewSet(ReleasingListMixin, viewsets.ModelViewSet):
    """Base of every resource viewset: scoped rows, policy-checked writes, one error shape."""

    policy_class: type[Policy] = Policy
    permission_classes = [permissions.IsAuthenticated, PolicyPermission]
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_policy(self) -> Policy:
        return self.policy_class()

    def get_queryset(self):  # pragma: no cover - every subclass defines its scope
        raise NotImplementedError("Each viewset must start from the model's visible_to(user) scope.")


class ScopedReadOnlyViewSet(ReleasingListMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):  # pragma: no cover
        raise NotImplementedError("Each viewset must start from the model's visible_to(user) scope.")
