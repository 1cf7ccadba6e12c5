"""Thin viewsets: scope from ``visible_to``, rights from ``policies``, every write through ``services``."""
from __future__ import annotations

import os

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers as drf_serializers
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from accounts.models import Organization
from accounts.policy import access_for
from core.api import ScopedModelViewSet
from core.prefetch import prefetched
from core.uploads import serve_file
from core.workflow import history_for

from .. import services
from ..filtersets import (
    AgreementFilterSet,
    ContactLogFilterSet,
    EnterpriseFilterSet,
    IndustryProjectFilterSet,
    OrderClassFilterSet,
)
from ..models import (
    Agreement,
    Association,
    ContactLog,
    Enrollment,
    Enterprise,
    IndustryProject,
    OrderClass,
    ProjectMember,
    ProjectMilestone,
)
from ..policies import (
    AgreementPolicy,
    AssociationPolicy,
    ContactLogPolicy,
    EnterprisePolicy,
    IndustryProjectPolicy,
    OrderClassPolicy,
)
from ..selectors import agreement_fulfilment, order_classes_with_counts, partnership_health
from ..steps import AGREEMENT_STEPS, CONTACT_STEPS, ORDER_CLASS_STEPS, PROJECT_STEPS
from . import serializers as s


def _health_json(h) -> dict:
    return {
        "score": h.score,
        "level": h.level,
        "window": {"start": h.start, "end": h.end},
        "last_contact": h.last_contact,
        "parts": [
            {"key": p.key, "label": p.label, "value": p.value, "target": p.target, "weight": p.weight,
             "ratio": p.ratio, "points": p.points}
            for p in h.parts
        ],
        "formula": "score = 100 × Σ(weight × min(actual / target, 1)) / Σ(weight of applicable parts)",
    }


class EnterpriseViewSet(ScopedModelViewSet):
    """Partner enterprises: the organisation and its profile are created together."""
    export_spec = "enterprises"  # POST .../export/: the chosen rows, with the columns of the list's export

    serializer_class = s.EnterpriseSerializer
    # The profile's primary key is its organisation; naming it lets the schema type the {id} path parameter.
    lookup_field = "organization"
    lookup_url_kwarg = "id"
    filterset_class = EnterpriseFilterSet
    policy_class = EnterprisePolicy
    search_fields = ["organization__name", "organization__name_en", "credit_code"]
    ordering_fields = ["organization__name", "staff_count", "segment", "created_at"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return Enterprise.objects.visible_to(self.request.user).select_related("organization")

    def perform_create(self, serializer):
        serializer.instance = services.enterprise_create(by=self.request.user, **serializer.flat())

    def perform_update(self, serializer):
        serializer.instance = services.enterprise_update(
            enterprise=serializer.instance, by=self.request.user, **serializer.flat()
        )

    # Not a workflow step: a read-only figure about the enterprise.
    @extend_schema(responses={200: dict})
    @action(detail=True, methods=["get"])
    def health(self, request, id=None):
        ent = self.get_object()
        if not EnterprisePolicy().can_see_health(request.user, ent):
            raise PermissionDenied(_("The partnership health is shown to the college and the enterprise itself."))
        return Response(_health_json(partnership_health([ent.pk])[ent.pk]))


class AssociationViewSet(ScopedModelViewSet):
    serializer_class = s.AssociationSerializer
    lookup_field = "organization"
    lookup_url_kwarg = "id"
    policy_class = AssociationPolicy
    search_fields = ["organization__name", "organization__name_en"]
    ordering_fields = ["organization__name"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return Association.objects.visible_to(self.request.user).select_related("organization")

    def perform_create(self, serializer):
        serializer.instance = services.association_create(by=self.request.user, **serializer.flat())

    def perform_update(self, serializer):
        serializer.instance = services.association_update(
            association=serializer.instance, by=self.request.user, **serializer.flat()
        )


class AgreementViewSet(ScopedModelViewSet):
    """Agreements and their lifecycle: submit → sign → approve → expire/terminate, amend and renew."""

    serializer_class = s.AgreementSerializer
    steps = AGREEMENT_STEPS
    filterset_class = AgreementFilterSet
    policy_class = AgreementPolicy
    search_fields = ["code", "title"]
    ordering_fields = ["code", "title", "start_date", "end_date", "status", "created_at"]

    def get_queryset(self):
        as_list = self.action == "list"
        return Agreement.objects.visible_to(self.request.user).prefetch_related(
            prefetched("parties", as_list=as_list), prefetched("commitments", as_list=as_list))

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.agreement_create(by=self.request.user, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.agreement_update(agreement=serializer.instance, by=self.request.user, **data)

    def perform_destroy(self, instance):
        services.agreement_delete(agreement=instance, by=self.request.user)

    # Not a workflow step: the documents are a sub-resource (list them, or upload one as a child row).
    @extend_schema(methods=["post"], request={"multipart/form-data": s.AgreementDocumentSerializer},
                   responses={201: s.AgreementDocumentSerializer})
    @extend_schema(methods=["get"], responses={200: s.AgreementDocumentSerializer(many=True)})
    @action(detail=True, methods=["get", "post"], url_path="documents")
    def documents(self, request, pk=None):
        agreement = self.get_object()
        if request.method == "GET":
            return Response(s.AgreementDocumentSerializer(agreement.documents.all(), many=True).data)
        ser = s.AgreementDocumentSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        doc = services.agreement_add_document(agreement=agreement, by=request.user, **ser.validated_data)
        return Response(s.AgreementDocumentSerializer(doc).data, status=status.HTTP_201_CREATED)

    # Not a workflow step: a file download.
    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"], url_path=r"documents/(?P<doc_id>\d+)/download")
    def download(self, request, pk=None, doc_id=None):
        agreement = self.get_object()
        doc = get_object_or_404(agreement.documents.all(), pk=doc_id)
        return serve_file(doc.file, download_name=f"{agreement.code}-{doc.pk}{_ext(doc.file.name)}")

    # Not a workflow step: a read-only figure (commitments kept per agreement year).
    @extend_schema(responses={200: s.AgreementYearSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def fulfilment(self, request, pk=None):
        return Response(s.AgreementYearSerializer(agreement_fulfilment(self.get_object()), many=True).data)

    # Not a workflow step: the read-only history of the status changes.
    @extend_schema(responses={200: s.AgreementStatusChangeSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def transitions(self, request, pk=None):
        return Response(s.AgreementStatusChangeSerializer(history_for(self.get_object()), many=True).data)


def _ext(name: str) -> str:
    return os.path.splitext(name)[1]


class OrderClassViewSet(ScopedModelViewSet):
    """Order-based classes and directed cohorts, their students and who was hired at graduation."""

    serializer_class = s.OrderClassSerializer
    steps = ORDER_CLASS_STEPS
    filterset_class = OrderClassFilterSet
    policy_class = OrderClassPolicy
    search_fields = ["name"]
    ordering_fields = ["name", "cohort_year", "quota", "graduation_date"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        qs = OrderClass.objects.visible_to(self.request.user).select_related("enterprise").prefetch_related(
            prefetched("enrollments", Enrollment.objects.select_related("student"), as_list=self.action == "list")
        )
        return order_classes_with_counts(qs)

    def perform_create(self, serializer):
        # Re-read through the queryset: the response carries the counts the list and detail show.
        oc = services.order_class_create(by=self.request.user, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=oc.pk)

    def perform_update(self, serializer):
        oc = services.order_class_update(
            order_class=serializer.instance, by=self.request.user, **serializer.validated_data
        )
        serializer.instance = self.get_queryset().get(pk=oc.pk)


class IndustryProjectViewSet(ScopedModelViewSet):
    """Real enterprise projects: draft → open → in progress → delivered → closed, with teams and milestones."""

    serializer_class = s.IndustryProjectSerializer
    steps = PROJECT_STEPS
    filterset_class = IndustryProjectFilterSet
    policy_class = IndustryProjectPolicy
    search_fields = ["title", "brief"]
    ordering_fields = ["title", "status", "start_date", "end_date", "created_at"]

    def get_queryset(self):
        as_list = self.action == "list"
        return IndustryProject.objects.visible_to(self.request.user).select_related("enterprise").prefetch_related(
            prefetched("competencies", as_list=as_list), prefetched("milestones", as_list=as_list),
            prefetched("members", ProjectMember.objects.select_related("user"), as_list=as_list),
        )

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        if "enterprise" not in data:
            ids = sorted(access_for(self.request.user).enterprise_ids)
            if len(ids) != 1:
                raise drf_serializers.ValidationError({"enterprise": [_("Choose the enterprise of the project.")]})
            data["enterprise"] = Organization.objects.get(pk=ids[0])
        serializer.instance = services.project_create(by=self.request.user, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        acc = access_for(self.request.user)
        if "enterprise" in data and data["enterprise"].pk != serializer.instance.enterprise_id \
                and not acc.is_college_admin:
            raise PermissionDenied
        serializer.instance = services.project_update(project=serializer.instance, by=self.request.user, **data)

    def perform_destroy(self, instance):
        instance.delete()

    # Not a step of the project: it completes one milestone, named in the path, and answers with it.
    @extend_schema(request=None, responses={200: s.ProjectMilestoneSerializer})
    @action(detail=True, methods=["post"], url_path=r"milestones/(?P<milestone_id>\d+)/complete")
    def complete_milestone(self, request, pk=None, milestone_id=None):
        project = self.get_object()
        milestone = get_object_or_404(ProjectMilestone.objects.filter(project=project), pk=milestone_id)
        m = services.milestone_complete(milestone=milestone, by=request.user)
        return Response(s.ProjectMilestoneSerializer(m).data)


class ContactLogViewSet(ScopedModelViewSet):
    """Meetings, visits and calls with enterprises, with follow-ups."""

    serializer_class = s.ContactLogSerializer
    steps = CONTACT_STEPS
    filterset_class = ContactLogFilterSet
    policy_class = ContactLogPolicy
    search_fields = ["subject", "summary"]
    ordering_fields = ["occurred_on", "follow_up_on", "created_at"]

    def get_queryset(self):
        return ContactLog.objects.visible_to(self.request.user).select_related("enterprise", "recorded_by")

    def perform_create(self, serializer):
        serializer.instance = services.contact_log_create(by=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        if "enterprise" in data and data["enterprise"].pk != serializer.instance.enterprise_id:
            raise drf_serializers.ValidationError({"enterprise": [_("A contact stays with its enterprise.")]})
        serializer.instance = services.contact_log_update(log=serializer.instance, by=self.request.user, **data)
