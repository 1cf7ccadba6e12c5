from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from accounts.policy import access_for
from core.api import ScopedModelViewSet
from core.domain import DomainError
from core.uploads import serve_file
from reports import services
from reports.choices import FileFormat, JobKind
from reports.exports import available_specs
from reports.filtersets import ReportJobFilterSet
from reports.imports import import_targets, template_workbook
from reports.models import ReportJob
from reports.policies import ReportJobPolicy
from reports.steps import JOB_STEPS

from .serializers import ExportSpecSerializer, ReportJobRequestSerializer, ReportJobSerializer


class ReportJobViewSet(ScopedModelViewSet):
    """Report jobs: request (202), follow progress, download the file; cancel, retry or confirm (JOB_STEPS)."""

    policy_class = ReportJobPolicy
    steps = JOB_STEPS
    serializer_class = ReportJobSerializer
    filterset_class = ReportJobFilterSet
    search_fields = ["kind", "status"]
    ordering_fields = ["created_at", "status", "kind"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return ReportJob.objects.visible_to(self.request.user).select_related("requested_by")

    @extend_schema(request=ReportJobRequestSerializer, responses={202: ReportJobSerializer})
    def create(self, request, *args, **kwargs):
        ser = ReportJobRequestSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        user = request.user
        if d["kind"] == JobKind.EXPORT:
            job = services.export_request(user=user, spec_name=d["spec"], columns=d.get("columns"),
                                          file_format=d.get("file_format", FileFormat.XLSX),
                                          query=d.get("query", ""), language=d["language"])
        elif d["kind"] == JobKind.ANNUAL_REPORT:
            job = services.annual_report_request(user=user, year=d["year"],
                                                 file_format=d.get("file_format", FileFormat.PDF),
                                                 language=d["language"])
        else:
            job = services.import_request(user=user, target=d["target"], upload=d["source"],
                                          dry_run=d.get("dry_run", True), language=d["language"])
        return Response(ReportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)

    # A download, not a workflow step.
    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        job = self.get_object()
        if not job.is_downloadable:
            raise DomainError(_("There is no file to download for this job."), code="not_ready")
        return serve_file(job.result, download_name=job.result_name)

    # Not workflow steps: a collection read and a template download (DEVELOPING.md, "Workflow steps").
    @extend_schema(responses={200: ExportSpecSerializer(many=True)})
    @action(detail=False, methods=["get"], url_path="export-specs", filter_backends=[])
    def export_specs(self, request):
        return Response(ExportSpecSerializer(available_specs(), many=True).data)

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=False, methods=["get"], url_path="import-template")
    def import_template(self, request):
        if not access_for(request.user).is_college_admin:
            raise PermissionDenied
        target = request.query_params.get("target", "")
        if target not in dict(import_targets()):
            from rest_framework.exceptions import ValidationError

            raise ValidationError({"target": [_("Choose students, teachers or enterprises.")]})
        return template_response(target)


def template_response(target: str) -> HttpResponse:
    resp = HttpResponse(
        template_workbook(target), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    resp["Content-Disposition"] = f'attachment; filename="import-{target}-template.xlsx"'
    return resp
