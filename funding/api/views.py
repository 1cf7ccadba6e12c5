"""Thin viewsets over the funding services; scope from ``visible_to``, writes from ``policies``."""
from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from core.api import ScopedModelViewSet
from core.catalogue import catalogue_delete, catalogue_save
from core.prefetch import prefetched
from core.uploads import serve_file

from .. import services
from ..filtersets import (
    BookingFilterSet,
    BudgetFilterSet,
    EquipmentFilterSet,
    EvaluationCriterionFilterSet,
    ExpenditureFilterSet,
    FundingSourceFilterSet,
    IncentiveFilterSet,
    ProgramEvaluationFilterSet,
    StandardFilterSet,
    TrainingBaseFilterSet,
)
from ..models import (
    Booking,
    Budget,
    BudgetLine,
    Equipment,
    EvaluationCriterion,
    EvaluationScore,
    Expenditure,
    FundingSource,
    Incentive,
    ProgramEvaluation,
    Standard,
    StandardVersion,
    TrainingBase,
)
from ..policies import (
    BookingPolicy,
    BudgetPolicy,
    EquipmentPolicy,
    EvaluationCriterionPolicy,
    ExpenditurePolicy,
    FundingSourcePolicy,
    IncentivePolicy,
    ProgramEvaluationPolicy,
    StandardPolicy,
    TrainingBasePolicy,
)
from ..steps import (
    BOOKING_STEPS,
    BUDGET_STEPS,
    CRITERION_STEPS,
    EXPENDITURE_STEPS,
    FUNDING_SOURCE_STEPS,
    INCENTIVE_STEPS,
    PROGRAM_EVALUATION_STEPS,
    STANDARD_STEPS,
)
from .serializers import (
    BookingSerializer,
    BudgetLineSerializer,
    BudgetSerializer,
    DeclarationSerializer,
    DeclareSerializer,
    EquipmentSerializer,
    EvaluationCriterionSerializer,
    EvaluationSummarySerializer,
    ExpenditureSerializer,
    FundingSourceSerializer,
    IncentiveSerializer,
    MaintenanceRecordSerializer,
    ProgramEvaluationSerializer,
    StandardSerializer,
    StandardVersionSerializer,
    TrainingBaseSerializer,
    UtilizationSerializer,
)


class FundingSourceViewSet(ScopedModelViewSet):
    serializer_class = FundingSourceSerializer
    steps = FUNDING_SOURCE_STEPS
    filterset_class = FundingSourceFilterSet
    policy_class = FundingSourcePolicy
    search_fields = ["title", "funder_name", "funder__name"]
    ordering_fields = ["received_on", "amount", "title", "created_at"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return FundingSource.objects.visible_to(self.request.user).select_related("funder")

    def perform_create(self, serializer):
        serializer.instance = services.funding_source_create(by=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.funding_source_update(
            source=serializer.instance, by=self.request.user, **serializer.validated_data
        )

    # not a step: a download of the attached document
    @extend_schema(responses={200: bytes})
    @action(detail=True, methods=["get"])
    def document(self, request, pk=None):
        return serve_file(self.get_object().document)


class BudgetViewSet(ScopedModelViewSet):
    serializer_class = BudgetSerializer
    steps = BUDGET_STEPS
    filterset_class = BudgetFilterSet
    policy_class = BudgetPolicy
    search_fields = ["title"]
    ordering_fields = ["year", "title", "created_at"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return Budget.objects.visible_to(self.request.user).with_totals().prefetch_related(
            prefetched("lines", BudgetLine.objects.order_by("category", "name"), as_list=self.action == "list")
        )

    def perform_create(self, serializer):
        # Re-read through the queryset: the response carries the totals the list and detail show.
        budget = services.budget_create(by=self.request.user, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=budget.pk)

    # not a step: it creates a child row (a line of the budget)
    @extend_schema(request=BudgetLineSerializer, responses={201: BudgetLineSerializer})
    @action(detail=True, methods=["post"], serializer_class=BudgetLineSerializer)
    def lines(self, request, pk=None):
        budget = self.get_object()
        ser = BudgetLineSerializer(data=request.data, context=self.get_serializer_context())
        ser.is_valid(raise_exception=True)
        line = services.budget_line_create(budget=budget, by=request.user, **ser.validated_data)
        return Response(BudgetLineSerializer(line).data, status=status.HTTP_201_CREATED)


class ExpenditureViewSet(ScopedModelViewSet):
    serializer_class = ExpenditureSerializer
    steps = EXPENDITURE_STEPS
    filterset_class = ExpenditureFilterSet
    policy_class = ExpenditurePolicy
    search_fields = ["payee", "description"]
    ordering_fields = ["spent_on", "amount", "payee", "created_at"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return Expenditure.objects.visible_to(self.request.user).select_related("line")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.expenditure_record(by=self.request.user, **data)

    # not a step: a download of the attached invoice
    @extend_schema(responses={200: bytes})
    @action(detail=True, methods=["get"])
    def invoice(self, request, pk=None):
        return serve_file(self.get_object().invoice)


def _period(request) -> tuple[datetime, datetime]:
    """``?start=YYYY-MM-DD&end=YYYY-MM-DD`` (end inclusive), default: the last 30 days."""
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    start_s, end_s = request.query_params.get("start"), request.query_params.get("end")
    try:
        start_d = parse_date(start_s) if start_s else today - timedelta(days=29)
        end_d = parse_date(end_s) if end_s else today
    except ValueError as exc:
        raise ValidationError({"start": [_("Use dates as YYYY-MM-DD.")]}) from exc
    if start_d is None or end_d is None:
        raise ValidationError({"start": [_("Use dates as YYYY-MM-DD.")]})
    if end_d < start_d:
        raise ValidationError({"end": [_("The end must be after the start.")]})
    return (datetime.combine(start_d, time.min, tzinfo=tz), datetime.combine(end_d + timedelta(days=1), time.min,
                                                                              tzinfo=tz))


class TrainingBaseViewSet(ScopedModelViewSet):
    serializer_class = TrainingBaseSerializer
    filterset_class = TrainingBaseFilterSet
    policy_class = TrainingBasePolicy
    search_fields = ["name", "location"]
    ordering_fields = ["name", "kind", "capacity"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return TrainingBase.objects.visible_to(self.request.user).select_related("host").annotate(
            equipment_count=Count("equipment")
        ).order_by("kind", "name")

    def perform_create(self, serializer):
        base = services.training_base_save(by=self.request.user, **serializer.validated_data)
        # read back through the queryset: the answer carries ``equipment_count`` like the list and detail
        serializer.instance = self.get_queryset().get(pk=base.pk)

    def perform_update(self, serializer):
        base = services.training_base_save(
            by=self.request.user, instance=serializer.instance, **serializer.validated_data
        )
        serializer.instance = self.get_queryset().get(pk=base.pk)

    # not a step: a read-only report over the bases in the user's scope
    @extend_schema(parameters=[OpenApiParameter("start", str), OpenApiParameter("end", str)],
                   responses={200: UtilizationSerializer})
    @action(detail=False, methods=["get"])
    def utilization(self, request):
        start, end = _period(request)
        data = services.utilization(start=start, end=end, bases=self.filter_queryset(self.get_queryset()))
        return Response(UtilizationSerializer({
            "period_hours": data["period_hours"],
            "bases": [{"id": r["base"].pk, "name": r["base"].name, "room_hours": r["room_hours"],
                       "room_rate": r["room_rate"], "equipment_hours": r["equipment_hours"],
                       "equipment_rate": r["equipment_rate"]} for r in data["bases"]],
            "items": [{"id": r["equipment"].pk, "name": r["equipment"].name, "base": r["base"].pk,
                       "hours": r["hours"], "rate": r["rate"]} for r in data["items"]],
        }).data)


class EquipmentViewSet(ScopedModelViewSet):
    serializer_class = EquipmentSerializer
    filterset_class = EquipmentFilterSet
    policy_class = EquipmentPolicy
    search_fields = ["name", "asset_no"]
    ordering_fields = ["name", "kind", "status", "asset_no"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return Equipment.objects.visible_to(self.request.user).select_related("base").prefetch_related(
            prefetched("maintenance", as_list=self.action == "list"))

    def perform_create(self, serializer):
        serializer.instance = services.equipment_save(by=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.equipment_save(
            by=self.request.user, instance=serializer.instance, **serializer.validated_data
        )

    # not a step: it creates a child row (a maintenance record), which may also set the item's status
    @extend_schema(request=MaintenanceRecordSerializer, responses={201: MaintenanceRecordSerializer})
    @action(detail=True, methods=["post"], serializer_class=MaintenanceRecordSerializer)
    def maintenance(self, request, pk=None):
        item = self.get_object()
        ser = MaintenanceRecordSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        record = services.maintenance_record(equipment=item, by=request.user, **ser.validated_data)
        return Response(MaintenanceRecordSerializer(record).data, status=status.HTTP_201_CREATED)


class BookingViewSet(ScopedModelViewSet):
    export_spec = "bookings"  # POST .../export/: the chosen rows, with the columns of the list's export
    serializer_class = BookingSerializer
    steps = BOOKING_STEPS
    filterset_class = BookingFilterSet
    policy_class = BookingPolicy
    search_fields = ["purpose"]
    ordering_fields = ["starts_at", "status", "created_at"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return Booking.objects.visible_to(self.request.user).select_related("base", "equipment", "booked_by")

    def perform_create(self, serializer):
        serializer.instance = services.booking_create(by=self.request.user, **serializer.validated_data)


class IncentiveViewSet(ScopedModelViewSet):
    serializer_class = IncentiveSerializer
    steps = INCENTIVE_STEPS
    filterset_class = IncentiveFilterSet
    policy_class = IncentivePolicy
    search_fields = ["title"]
    ordering_fields = ["year", "kind", "title", "amount"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return Incentive.objects.visible_to(self.request.user).select_related("recipient_user", "recipient_org")

    def perform_create(self, serializer):
        serializer.instance = services.incentive_create(by=self.request.user, **serializer.validated_data)


class StandardViewSet(ScopedModelViewSet):
    serializer_class = StandardSerializer
    steps = STANDARD_STEPS
    filterset_class = StandardFilterSet
    policy_class = StandardPolicy
    search_fields = ["code", "title"]
    ordering_fields = ["code", "title", "created_at"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        from django.db.models import Q

        from accounts.policy import access_for

        acc = access_for(self.request.user)
        versions = StandardVersion.objects.all()
        if not acc.is_college_admin:
            # drafts stay with their association until published
            versions = versions.filter(~Q(status="draft") | Q(standard__association_id__in=acc.association_ids))
        return Standard.objects.visible_to(self.request.user).prefetch_related(
            prefetched("versions", versions, as_list=self.action == "list"))

    def perform_create(self, serializer):
        serializer.instance = services.standard_create(by=self.request.user, **serializer.validated_data)

    # not a step: it creates a child row (a draft version; publishing it is the ``publish`` step)
    @extend_schema(request=StandardVersionSerializer, responses={201: StandardVersionSerializer})
    @action(detail=True, methods=["post"], serializer_class=StandardVersionSerializer)
    def versions(self, request, pk=None):
        standard = self.get_object()
        ser = StandardVersionSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        v = services.standard_version_add(standard=standard, by=request.user, **ser.validated_data)
        return Response(StandardVersionSerializer(v).data, status=status.HTTP_201_CREATED)

    # not a step: it creates or updates a child row (a programme's declaration against a published version),
    # and its input names a programme through the user's scope, which needs the request
    @extend_schema(request=DeclareSerializer, responses={200: DeclarationSerializer})
    @action(detail=True, methods=["post"], serializer_class=DeclareSerializer)
    def declare(self, request, pk=None):
        standard = self.get_object()
        ser = DeclareSerializer(data=request.data, context=self.get_serializer_context())
        ser.is_valid(raise_exception=True)
        data = ser.validated_data
        decl = services.program_standard_declare(
            program=data["program"], version=get_object_or_404(StandardVersion, standard=standard, pk=data["version"]),
            by=request.user,
            met_items=data["met_items"], note=data["note"],
        )
        return Response(DeclarationSerializer({"id": decl.pk, "program": decl.program_id, "version": decl.version_id,
                                               "met_items": decl.met_items,
                                               "completion_rate": decl.completion_rate}).data)


class EvaluationCriterionViewSet(ScopedModelViewSet):
    """The criteria of programme evaluation (a catalogue, core/catalogue.py): the college keeps them; archived
    ones are scored no more but stay on the evaluations that scored them; a scored one is not deleted (409)."""

    serializer_class = EvaluationCriterionSerializer
    steps = CRITERION_STEPS
    filterset_class = EvaluationCriterionFilterSet
    policy_class = EvaluationCriterionPolicy
    search_fields = ["code", "name"]
    ordering_fields = ["code", "name", "weight"]

    def get_queryset(self):
        return EvaluationCriterion.objects.visible_to(self.request.user)

    def perform_create(self, serializer):
        serializer.instance = catalogue_save(obj=EvaluationCriterion(**serializer.validated_data), by=self.request.user)

    def perform_update(self, serializer):
        obj = serializer.instance
        for name, value in serializer.validated_data.items():
            setattr(obj, name, value)
        serializer.instance = catalogue_save(obj=obj, by=self.request.user)

    def perform_destroy(self, instance):
        catalogue_delete(obj=instance, by=self.request.user)


class ProgramEvaluationViewSet(ScopedModelViewSet):
    serializer_class = ProgramEvaluationSerializer
    steps = PROGRAM_EVALUATION_STEPS
    filterset_class = ProgramEvaluationFilterSet
    policy_class = ProgramEvaluationPolicy
    search_fields = ["program__title", "comment"]
    ordering_fields = ["year", "party", "weighted_score", "created_at"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return ProgramEvaluation.objects.visible_to(self.request.user).select_related("program").prefetch_related(
            prefetched("scores", EvaluationScore.objects.select_related("criterion"), as_list=self.action == "list")
        )

    def _save(self, serializer, evaluation=None):
        data = serializer.validated_data
        scores = {s["criterion"].pk: s["score"] for s in data.get("scores", [])}
        program = data.get("program") or evaluation.program
        year = data.get("year") or evaluation.year
        serializer.instance = services.program_evaluation_save(
            by=self.request.user, program=program, year=year, scores=scores,
            comment=data.get("comment", evaluation.comment if evaluation else ""), evaluation=evaluation,
        )

    def perform_create(self, serializer):
        self._save(serializer)

    def perform_update(self, serializer):
        self._save(serializer, evaluation=serializer.instance)

    # not a step: a read-only summary of the evaluations in the user's scope
    @extend_schema(responses={200: EvaluationSummarySerializer(many=True)})
    @action(detail=False, methods=["get"], pagination_class=None)
    def summary(self, request):
        rows = services.evaluation_summary(evaluations=self.filter_queryset(self.get_queryset()))
        return Response(EvaluationSummarySerializer(rows, many=True).data)
