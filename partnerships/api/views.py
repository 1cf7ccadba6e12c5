"""Thin viewsets: scope from ``visible_to``, rights from ``policies``, every write through ``services``."""
from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers as drf_serializers
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

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

    @extend_schema(responses={200: dict})
    @action(detail=True, methods=["get"])
    def health(self, request, id=None):
        ent = self.get_object()
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

    def _done(self, agreement, code=status.HTTP_200_OK):
        agreement = self.get_queryset().get(pk=agreement.pk)
        return Response(self.get_serializer(agreement).data, status=code)

    @extend_schema(request=s.TransitionNoteSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        ser = s.TransitionNoteSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        return self._done(services.agreement_submit(agreement=self.get_object(), by=request.user, **ser.validated_data))

    @extend_schema(request=s.TransitionNoteSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def send_back(self, request, pk=None):
        ser = s.TransitionNoteSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        return self._done(services.agreement_return(agreement=self.get_object(), by=request.user, **ser.validated_data))

    @extend_schema(request=s.AgreementSignSerializer)
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        ser = s.AgreementSignSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        return self._done(services.agreement_sign(agreement=self.get_object(), by=request.user, **ser.validated_data))

    @extend_schema(request=s.TransitionNoteSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        ser = s.TransitionNoteSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        approved = services.agreement_approve(agreement=self.get_object(), by=request.user, **ser.validated_data)
        return self._done(approved)

    @extend_schema(request=s.AgreementTerminateSerializer)
    @action(detail=True, methods=["post"])
    def terminate(self, request, pk=None):
        ser = s.AgreementTerminateSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        return self._done(services.agreement_terminate(agreement=self.get_object(), by=request.user,
                                                       **ser.validated_data))

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def expire(self, request, pk=None):
        return self._done(services.agreement_expire(agreement=self.get_object(), by=request.user))

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def amend(self, request, pk=None):
        new = services.agreement_amend(agreement=self.get_object(), by=request.user)
        return self._done(new, status.HTTP_201_CREATED)

    @extend_schema(request=s.AgreementRenewSerializer)
    @action(detail=True, methods=["post"])
    def renew(self, request, pk=None):
        ser = s.AgreementRenewSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        new = services.agreement_renew(agreement=self.get_object(), by=request.user, **ser.validated_data)
        return self._done(new, status.HTTP_201_CREATED)

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

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"], url_path=r"documents/(?P<doc_id>\d+)/download")
    def download(self, request, pk=None, doc_id=None):
        agreement = self.get_object()
        doc = get_object_or_404(agreement.documents.all(), pk=doc_id)
        return serve_file(doc.file, download_name=f"{agreement.code}-{doc.pk}{_ext(doc.file.name)}")

    @extend_schema(responses={200: s.AgreementYearSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def fulfilment(self, request, pk=None):
        return Response(s.AgreementYearSerializer(agreement_fulfilment(self.get_object()), many=True).data)

    @extend_schema(responses={200: s.AgreementStatusChangeSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def transitions(self, request, pk=None):
        return Response(s.AgreementStatusChangeSerializer(history_for(self.get_object()), many=True).data)


def _ext(name: str) -> str:
    import os

    return os.path.splitext(name)[1]


class OrderClassViewSet(ScopedModelViewSet):
    """Order-based classes and directed cohorts, their students and who was hired at graduation."""

    serializer_class = s.OrderClassSerializer
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

    def _done(self, oc, code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.get_queryset().get(pk=oc.pk)).data, status=code)

    def _enrollment(self, oc, enrollment_id):
        return get_object_or_404(oc.enrollments.all(), pk=enrollment_id)

    @extend_schema(request=s.OrderClassEnrollSerializer)
    @action(detail=True, methods=["post"])
    def enroll(self, request, pk=None):
        oc = self.get_object()
        ser = s.OrderClassEnrollSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        services.order_class_enroll(order_class=oc, student=ser.validated_data["student"], by=request.user)
        return self._done(oc, status.HTTP_201_CREATED)

    @extend_schema(request=s.EnrollmentRefSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        oc = self.get_object()
        ser = s.EnrollmentRefSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        services.enrollment_withdraw(enrollment=self._enrollment(oc, ser.validated_data["enrollment"]), by=request.user)
        return self._done(oc)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def graduate(self, request, pk=None):
        oc = self.get_object()
        services.order_class_graduate(order_class=oc, by=request.user)
        return self._done(oc)

    @extend_schema(request=s.HiringOutcomeSerializer)
    @action(detail=True, methods=["post"], url_path="record-outcome")
    def record_outcome(self, request, pk=None):
        oc = self.get_object()
        ser = s.HiringOutcomeSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        services.enrollment_record_outcome(
            enrollment=self._enrollment(oc, ser.validated_data["enrollment"]), by=request.user,
            hired=ser.validated_data["hired"],
        )
        return self._done(oc)


class IndustryProjectViewSet(ScopedModelViewSet):
    """Real enterprise projects: draft → open → in progress → delivered → closed, with teams and milestones."""

    serializer_class = s.IndustryProjectSerializer
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
            from accounts.models import Organization

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

    def _done(self, project, code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.get_queryset().get(pk=project.pk)).data, status=code)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self._done(services.project_publish(project=self.get_object(), by=request.user))

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        return self._done(services.project_start(project=self.get_object(), by=request.user))

    @extend_schema(request=s.ProjectDeliverSerializer)
    @action(detail=True, methods=["post"])
    def deliver(self, request, pk=None):
        ser = s.ProjectDeliverSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        return self._done(services.project_deliver(project=self.get_object(), by=request.user, **ser.validated_data))

    @extend_schema(request=s.ProjectCloseSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        ser = s.ProjectCloseSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        return self._done(services.project_close(project=self.get_object(), by=request.user, **ser.validated_data))

    @extend_schema(request=s.ProjectJoinSerializer)
    @action(detail=True, methods=["post"])
    def join(self, request, pk=None):
        project = self.get_object()
        ser = s.ProjectJoinSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        user = ser.validated_data.get("user") or request.user
        if user != request.user and not access_for(request.user).is_college_admin:
            raise PermissionDenied
        services.project_join(project=project, user=user, role=ser.validated_data["role"],
                              team=ser.validated_data["team"], by=request.user)
        return self._done(project, status.HTTP_201_CREATED)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def leave(self, request, pk=None):
        project = self.get_object()
        member = get_object_or_404(project.members.all(), user=request.user)
        services.project_leave(member=member, by=request.user)
        return self._done(project)

    @extend_schema(request=s.ProjectMilestoneSerializer, responses={201: s.ProjectMilestoneSerializer})
    @action(detail=True, methods=["post"])
    def milestones(self, request, pk=None):
        project = self.get_object()
        ser = s.ProjectMilestoneSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        m = services.milestone_add(project=project, by=request.user, **ser.validated_data)
        return Response(s.ProjectMilestoneSerializer(m).data, status=status.HTTP_201_CREATED)

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

    @extend_schema(request=None)
    @action(detail=True, methods=["post"], url_path="complete-follow-up")
    def complete_follow_up(self, request, pk=None):
        log = services.contact_log_complete_follow_up(log=self.get_object(), by=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=log.pk)).data)
