from __future__ import annotations

from decimal import Decimal

from django.db.models import DecimalField, Prefetch, Sum, Value
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from accounts.policy import access_for
from core.api import ScopedModelViewSet
from core.domain import RuleViolation
from core.prefetch import prefetched

from .. import services
from ..filtersets import (
    AssessmentFilterSet,
    IndustryYearsDeclarationFilterSet,
    InstructorEvaluationFilterSet,
    PartTimeInstructorFilterSet,
    ReformRecordFilterSet,
    TeacherAwardFilterSet,
    TeacherCertificateFilterSet,
    TeacherPlacementFilterSet,
    TeacherProfileFilterSet,
    TeachingAssignmentFilterSet,
    TrainingRecordFilterSet,
)
from ..models import (
    Assessment,
    IndustryYearsDeclaration,
    InstructorEvaluation,
    PartTimeInstructor,
    TeacherAward,
    TeacherPlacement,
    TeacherProfile,
    TeachingAssignment,
)
from ..policies import (
    AssessmentPolicy,
    EvidencePolicy,
    InstructorEvaluationPolicy,
    PartTimeInstructorPolicy,
    TeacherAwardPolicy,
    TeacherPlacementPolicy,
    TeacherProfilePolicy,
    TeachingAssignmentPolicy,
)
from ..steps import (
    CERTIFICATE_STEPS,
    INDUSTRY_YEARS_STEPS,
    INSTRUCTOR_STEPS,
    PLACEMENT_STEPS,
    REFORM_STEPS,
    TRAINING_STEPS,
)
from .serializers import (
    AssessmentComputeSerializer,
    AssessmentSerializer,
    DualRatiosSerializer,
    IndustryYearsDeclarationSerializer,
    InstructorEvaluationRecordSerializer,
    InstructorEvaluationSerializer,
    PartTimeInstructorSerializer,
    ReformRecordSerializer,
    TeacherAwardSerializer,
    TeacherCertificateSerializer,
    TeacherPlacementSerializer,
    TeacherProfileSerializer,
    TeachingAssignmentSerializer,
    TrainingRecordSerializer,
)


def _own_profile(user):
    """The acting teacher's profile (created on first use); non-teachers must name one."""
    if not access_for(user).is_teacher:
        raise RuleViolation()
    return services.teacher_profile_ensure(user=user)


class TeacherProfileViewSet(ScopedModelViewSet):
    serializer_class = TeacherProfileSerializer
    policy_class = TeacherProfilePolicy
    filterset_class = TeacherProfileFilterSet
    search_fields = ["user__display_name", "user__username", "user__staff_no"]
    ordering_fields = ["user__username", "industry_years", "title_rank", "department__name"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        declarations = IndustryYearsDeclaration.objects.order_by("-created_at", "-id")
        return (TeacherProfile.objects.visible_to(self.request.user).select_related("user", "department")
                .prefetch_related(prefetched("industry_years_declarations", declarations,
                                             as_list=self.action == "list")))

    def _with_status(self, profiles):
        standings = services.teacher_standings(profiles)
        counted = {pid: s.counted_days for pid, s in standings.items()}
        return {"standings": standings, "dual": services.dual_statuses(profiles, counted_days=counted)}

    def list(self, request, *args, **kwargs):
        qs = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(qs)
        rows = list(page if page is not None else qs)
        ser = self.get_serializer(rows, many=True, context={**self.get_serializer_context(), **self._with_status(rows)})
        return self.get_paginated_response(ser.data) if page is not None else Response(ser.data)

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()
        ser = self.get_serializer(obj, context={**self.get_serializer_context(), **self._with_status([obj])})
        return Response(ser.data)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.teacher_profile_create(user=data.pop("user"), by=self.request.user, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("user", None)
        serializer.instance = services.teacher_profile_update(profile=serializer.instance, by=self.request.user, **data)

    # Not a workflow step: a read-only figure over the profiles the caller sees.
    @extend_schema(responses={200: DualRatiosSerializer})
    @action(detail=False, methods=["get"], url_path="dual-ratios")
    def dual_ratios(self, request):
        """Dual-qualified ratio of the college and each department, over the profiles the caller sees."""
        college, rows = services.dual_ratios(self.get_queryset())
        return Response(DualRatiosSerializer({"college": college, "departments": rows}).data)


class TeacherPlacementViewSet(ScopedModelViewSet):
    serializer_class = TeacherPlacementSerializer
    steps = PLACEMENT_STEPS
    policy_class = TeacherPlacementPolicy
    filterset_class = TeacherPlacementFilterSet
    search_fields = ["role", "project", "teacher__user__display_name", "host__name"]
    ordering_fields = ["start_date", "end_date", "days", "status", "created_at"]

    def get_queryset(self):
        return TeacherPlacement.objects.visible_to(self.request.user).select_related("teacher__user", "host")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        teacher = data.pop("teacher", None) or _own_profile(self.request.user)
        serializer.instance = services.placement_create(teacher=teacher, by=self.request.user, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("teacher", None)
        serializer.instance = services.placement_update(placement=serializer.instance, by=self.request.user, **data)

    def perform_destroy(self, instance):
        services.placement_delete(placement=instance, by=self.request.user)


class _EvidenceViewSet(ScopedModelViewSet):
    """A teacher's evidence: the teacher records their own (pending until verified), a college admin
    records a teacher's (verified by them) and verifies or rejects what teachers declared."""

    policy_class = EvidencePolicy
    service = None
    ordering_fields = ["created_at", "status"]
    http_method_names = ["get", "post", "delete", "head", "options"]

    def get_queryset(self):
        model = self.steps.model
        return model.objects.visible_to(self.request.user).select_related("profile__user", "reviewed_by")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        profile = data.pop("profile", None) or _own_profile(self.request.user)
        serializer.instance = type(self).service(profile=profile, by=self.request.user, **data)


class TeacherCertificateViewSet(_EvidenceViewSet):
    serializer_class = TeacherCertificateSerializer
    steps = CERTIFICATE_STEPS
    service = services.certificate_create
    filterset_class = TeacherCertificateFilterSet
    search_fields = ["name", "issuer"]
    ordering_fields = ["issued_on", "valid_until", "name", "created_at", "status"]


class ReformRecordViewSet(_EvidenceViewSet):
    serializer_class = ReformRecordSerializer
    steps = REFORM_STEPS
    service = services.reform_create
    filterset_class = ReformRecordFilterSet
    search_fields = ["title", "description"]
    ordering_fields = ["year", "title", "created_at", "status"]


class IndustryYearsDeclarationViewSet(_EvidenceViewSet):
    serializer_class = IndustryYearsDeclarationSerializer
    steps = INDUSTRY_YEARS_STEPS
    service = services.industry_years_declare
    filterset_class = IndustryYearsDeclarationFilterSet


class TrainingRecordViewSet(_EvidenceViewSet):
    serializer_class = TrainingRecordSerializer
    steps = TRAINING_STEPS
    service = services.training_create
    filterset_class = TrainingRecordFilterSet
    search_fields = ["title", "organizer"]
    ordering_fields = ["start_date", "hours", "title", "status"]
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def perform_update(self, serializer):
        serializer.instance = services.training_update(record=serializer.instance, by=self.request.user,
                                                       **serializer.validated_data)


class PartTimeInstructorViewSet(ScopedModelViewSet):
    serializer_class = PartTimeInstructorSerializer
    policy_class = PartTimeInstructorPolicy
    steps = INSTRUCTOR_STEPS  # archive and restore (core/catalogue.py)
    filterset_class = PartTimeInstructorFilterSet
    search_fields = ["name", "expertise", "position"]
    ordering_fields = ["name", "hourly_rate", "total_pay", "total_hours"]

    def get_queryset(self):
        money = DecimalField(max_digits=14, decimal_places=2)
        return (
            PartTimeInstructor.objects.visible_to(self.request.user).select_related("enterprise")
            .annotate(total_hours=Coalesce(Sum("assignments__hours"), Value(Decimal("0")), output_field=money),
                      total_pay=Coalesce(Sum("assignments__pay"), Value(Decimal("0")), output_field=money))
        )

    def perform_create(self, serializer):
        serializer.instance = services.instructor_create(by=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.instructor_update(instructor=serializer.instance, by=self.request.user,
                                                         **serializer.validated_data)

    def perform_destroy(self, instance):
        # One who taught is archived (POST .../archive/, INSTRUCTOR_STEPS) instead: 409 in_use.
        services.instructor_delete(instructor=instance, by=self.request.user)


class TeachingAssignmentViewSet(ScopedModelViewSet):
    serializer_class = TeachingAssignmentSerializer
    policy_class = TeachingAssignmentPolicy
    filterset_class = TeachingAssignmentFilterSet
    search_fields = ["instructor__name", "course__name", "course__code", "term"]
    ordering_fields = ["term", "hours", "pay"]

    def get_queryset(self):
        return (
            TeachingAssignment.objects.visible_to(self.request.user)
            .select_related("instructor", "course")
            .prefetch_related(
                Prefetch("evaluations", queryset=InstructorEvaluation.objects.select_related("evaluator"))
            )
        )

    def perform_create(self, serializer):
        serializer.instance = services.assignment_create(by=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.assignment_update(assignment=serializer.instance, by=self.request.user,
                                                         **serializer.validated_data)

    def perform_destroy(self, instance):
        services.assignment_delete(assignment=instance, by=self.request.user)

    # Not a workflow step: it creates a child row (one evaluation per evaluator) and answers with it.
    @extend_schema(request=InstructorEvaluationSerializer, responses={201: InstructorEvaluationSerializer})
    @action(detail=True, methods=["post"])
    def evaluate(self, request, pk=None):
        assignment = self.get_object()
        ser = InstructorEvaluationSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        evaluation = services.evaluation_create(assignment=assignment, by=request.user, **ser.validated_data)
        return Response(InstructorEvaluationSerializer(evaluation).data, status=status.HTTP_201_CREATED)


class InstructorEvaluationViewSet(ScopedModelViewSet):
    """Evaluations of part-time instructors' teaching, over the assignments the caller sees. Creating one here
    is the same as ``teaching-assignments/{id}/evaluate/``: only who may evaluate that assignment."""

    serializer_class = InstructorEvaluationRecordSerializer
    policy_class = InstructorEvaluationPolicy
    filterset_class = InstructorEvaluationFilterSet
    search_fields = ["assignment__instructor__name", "assignment__course__name", "comment"]
    ordering_fields = ["score", "created_at"]
    # An evaluation is corrected, never deleted (tests/security/test_archival.py).
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return (InstructorEvaluation.objects.visible_to(self.request.user)
                .select_related("assignment__instructor", "assignment__course", "evaluator"))

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        assignment = data.pop("assignment")
        if not TeachingAssignmentPolicy().can_action(self.request.user, assignment, "evaluate"):
            raise PermissionDenied
        serializer.instance = services.evaluation_create(assignment=assignment, by=self.request.user, **data)

    def perform_update(self, serializer):
        serializer.instance = services.evaluation_update(evaluation=serializer.instance, by=self.request.user,
                                                         **serializer.validated_data)


class TeacherAwardViewSet(ScopedModelViewSet):
    """Teachers' awards and incentives: a teacher keeps their own, a college admin any."""

    serializer_class = TeacherAwardSerializer
    policy_class = TeacherAwardPolicy
    filterset_class = TeacherAwardFilterSet
    search_fields = ["title", "profile__user__display_name", "profile__user__username"]
    ordering_fields = ["year", "title", "level", "incentive_cny"]

    def get_queryset(self):
        return TeacherAward.objects.visible_to(self.request.user).select_related("profile__user")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        profile = data.pop("profile", None) or _own_profile(self.request.user)
        serializer.instance = services.award_create(profile=profile, by=self.request.user, **data)

    def perform_update(self, serializer):
        serializer.instance = services.award_update(award=serializer.instance, by=self.request.user,
                                                    **serializer.validated_data)

    def perform_destroy(self, instance):
        services.award_delete(award=instance, by=self.request.user)


class AssessmentViewSet(ScopedModelViewSet):
    """Annual scores. POST computes (or recomputes) them from recorded evidence; nobody types a score."""

    serializer_class = AssessmentSerializer
    policy_class = AssessmentPolicy
    filterset_class = AssessmentFilterSet
    search_fields = ["profile__user__display_name", "profile__user__username"]
    ordering_fields = ["year", "score"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return Assessment.objects.visible_to(self.request.user).select_related("profile__user", "profile__department")

    @extend_schema(request=AssessmentComputeSerializer, responses={201: AssessmentSerializer(many=True)})
    def create(self, request, *args, **kwargs):
        ser = AssessmentComputeSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        profile = ser.validated_data.get("profile")
        rows = services.assessment_compute(year=ser.validated_data["year"], by=request.user,
                                           profiles=[profile] if profile else None)
        return Response(AssessmentSerializer(rows, many=True).data, status=status.HTTP_201_CREATED)

    # Not a workflow step: a download.
    @extend_schema(responses={(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): bytes})
    @action(detail=False, methods=["get"])
    def export(self, request):
        """XLSX for the title-evaluation committee, filtered like the list."""
        qs = self.filter_queryset(self.get_queryset())
        content = services.assessments_xlsx(qs)
        resp = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        resp["Content-Disposition"] = f'attachment; filename="faculty-assessment-{timezone.localdate():%Y%m%d}.xlsx"'
        return resp
