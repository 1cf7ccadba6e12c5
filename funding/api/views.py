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
from core.prefetch import prefetched
from core.uploads import serve_file

from .. import services
from ..filtersets import (
    BookingFilterSet,
    BudgetFilterSet,
    EquipmentFilterSet,
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
    ExpenditurePolicy,
    FundingSourcePolicy,
    IncentivePolicy,
    ProgramEvaluationPolicy,
    StandardPolicy,
    TrainingBasePolicy,
)
from .serializers import (
    BookingSerializer,
    BudgetLineSerializer,
    BudgetSerializer,
    DeclarationSerializer,
    DeclareSerializer,
    EquipmentSerializer,
    EvaluationSummarySerializer,
    ExpenditureSerializer,
    FundingSourceSerializer,
    IncentiveSerializer,
    MaintenanceRecordSerializer,
    ProgramEvaluationSerializer,
    PublishSerializer,
    StandardSerializer,
    StandardVersionSerializer,
    TrainingBaseSerializer,
    UtilizationSerializer,
)


def _note(request) -> str:
    return str(request.data.get("note", "")) if hasattr(request.data, "get") else ""


class FundingSourceViewSet(ScopedModelViewSet):
    serializer_class = FundingSourceSerializer
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

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        obj = services.funding_source_confirm(source=self.get_object(), by=request.user)
        return Response(self.get_serializer(obj).data)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        obj = services.funding_source_reject(source=self.get_object(), by=request.user, note=_note(request))
        return Response(self.get_serializer(obj).data)

    @extend_schema(responses={200: bytes})
    @action(detail=True, methods=["get"])
    def document(self, request, pk=None):
        return serve_file(self.get_object().document)


class BudgetViewSet(ScopedModelViewSet):
    serializer_class = BudgetSerializer
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
        serializer.instance = self._fresh(budget.pk)

    def _fresh(self, pk):
        return self.get_queryset().get(pk=pk)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        services.budget_approve(budget=self.get_object(), by=request.user)
        return Response(self.get_serializer(self._fresh(pk)).data)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        services.budget_close(budget=self.get_object(), by=request.user)
        return Response(self.get_serializer(self._fresh(pk)).data)

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

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def void(self, request, pk=None):
        obj = services.expenditure_void(expenditure=self.get_object(), by=request.user, note=_note(request))
        return Response(self.get_serializer(obj).data)

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
        serializer.instance = self._fresh(base.pk)

    def perform_update(self, serializer):
        base = services.training_base_save(
            by=self.request.user, instance=serializer.instance, **serializer.validated_data
        )
        serializer.instance = self._fresh(base.pk)

    def _fresh(self, pk):
        """The row as the list and detail show it (with ``equipment_count``)."""
        return self.get_queryset().get(pk=pk)

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

    @extend_schema(request=MaintenanceRecordSerializer, responses={201: MaintenanceRecordSerializer})
    @action(detail=True, methods=["post"], serializer_class=MaintenanceRecordSerializer)
    def maintenance(self, request, pk=None):
        item = self.get_object()
        ser = MaintenanceRecordSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        record = services.maintenance_record(equipment=item, by=request.user, **ser.validated_data)
        return Response(MaintenanceRecordSerializer(record).data, status=status.HTTP_201_CREATED)


class BookingViewSet(ScopedModelViewSet):
    serializer_class = BookingSerializer
    filterset_class = BookingFilterSet
    policy_class = BookingPolicy
    search_fields = ["purpose"]
    ordering_fields = ["starts_at", "status", "created_at"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return Booking.objects.visible_to(self.request.user).select_related("base", "equipment", "booked_by")

    def perform_create(self, serializer):
        serializer.instance = services.booking_create(by=self.request.user, **serializer.validated_data)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return Response(self.get_serializer(services.booking_approve(booking=self.get_object(), by=request.user)).data)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        obj = services.booking_reject(booking=self.get_object(), by=request.user, note=_note(request))
        return Response(self.get_serializer(obj).data)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        obj = services.booking_cancel(booking=self.get_object(), by=request.user, note=_note(request))
        return Response(self.get_serializer(obj).data)


class IncentiveViewSet(ScopedModelViewSet):
    serializer_class = IncentiveSerializer
    filterset_class = IncentiveFilterSet
    policy_class = IncentivePolicy
    search_fields = ["title"]
    ordering_fields = ["year", "kind", "title", "amount"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return Incentive.objects.visible_to(self.request.user).select_related("recipient_user", "recipient_org")

    def perform_create(self, serializer):
        serializer.instance = services.incentive_create(by=self.request.user, **serializer.validated_data)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return Response(self.get_serializer(services.incentive_approve(incentive=self.get_object(),
                                                                       by=request.user)).data)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def award(self, request, pk=None):
        return Response(self.get_serializer(services.incentive_award(incentive=self.get_object(),
                                                                     by=request.user)).data)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        obj = services.incentive_reject(incentive=self.get_object(), by=request.user, note=_note(request))
        return Response(self.get_serializer(obj).data)


class StandardViewSet(ScopedModelViewSet):
    serializer_class = StandardSerializer
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

    def _version(self, standard, version_id) -> StandardVersion:
        return get_object_or_404(StandardVersion, standard=standard, pk=version_id)

    @extend_schema(request=StandardVersionSerializer, responses={201: StandardVersionSerializer})
    @action(detail=True, methods=["post"], serializer_class=StandardVersionSerializer)
    def versions(self, request, pk=None):
        standard = self.get_object()
        ser = StandardVersionSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        v = services.standard_version_add(standard=standard, by=request.user, **ser.validated_data)
        return Response(StandardVersionSerializer(v).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PublishSerializer, responses={200: StandardVersionSerializer})
    @action(detail=True, methods=["post"], serializer_class=PublishSerializer)
    def publish(self, request, pk=None):
        standard = self.get_object()
        ser = PublishSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        v = services.standard_version_publish(version=self._version(standard, ser.validated_data["version"]),
                                              by=request.user)
        return Response(StandardVersionSerializer(v).data)

    @extend_schema(request=DeclareSerializer, responses={200: DeclarationSerializer})
    @action(detail=True, methods=["post"], serializer_class=DeclareSerializer)
    def declare(self, request, pk=None):
        standard = self.get_object()
        ser = DeclareSerializer(data=request.data, context=self.get_serializer_context())
        ser.is_valid(raise_exception=True)
        data = ser.validated_data
        decl = services.program_standard_declare(
            program=data["program"], version=self._version(standard, data["version"]), by=request.user,
            met_items=data["met_items"], note=data["note"],
        )
        return Response(DeclarationSerializer({"id": decl.pk, "program": decl.program_id, "version": decl.version_id,
                                               "met_items": decl.met_items,
                                               "completion_rate": decl.completion_rate}).data)


class ProgramEvaluationViewSet(ScopedModelViewSet):
    serializer_class = ProgramEvaluationSerializer
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

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        obj = services.program_evaluation_submit(evaluation=self.get_object(), by=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=obj.pk)).data)

    @extend_schema(responses={200: EvaluationSummarySerializer(many=True)})
    @action(detail=False, methods=["get"], pagination_class=None)
    def summary(self, request):
        rows = services.evaluation_summary(evaluations=self.filter_queryset(self.get_queryset()))
        return Response(EvaluationSummarySerializer(rows, many=True).data)
