"""Shared API plumbing: the policy permission and the base viewsets.

Every app's viewsets inherit ``ScopedModelViewSet``: it takes its rows from the model's scoping
method (``visible_to``) and its write rights from the app's policy, so the API never carries its
own copy of an access rule (CONVENTIONS.md rules 2 and 3). Pagination and the error shape live in
``config.rest``.
"""
from __future__ import annotations

from rest_framework import permissions, viewsets

from config.prefetch import release
from config.rest import Pagination, exception_handler  # noqa: F401  re-exported for convenience


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
