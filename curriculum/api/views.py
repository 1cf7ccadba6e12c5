from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from accounts.policy import access_for
from core.api import ScopedModelViewSet
from core.catalogue import catalogue_delete
from core.parsers import reject_repeated
from core.prefetch import prefetched
from core.uploads import serve_file
from curriculum import selectors, services
from curriculum.choices import CompetencyCategory, CoverageClass
from curriculum.filtersets import (
    CertificateFilterSet,
    CompetencyFilterSet,
    CompetitionFilterSet,
    CourseFilterSet,
    CourseModuleFilterSet,
    CourseProjectFilterSet,
    JobPostFilterSet,
    ProgramFilterSet,
    StudentAchievementFilterSet,
)
from curriculum.models import (
    Certificate,
    Competency,
    Competition,
    Course,
    CourseCompetency,
    CourseModule,
    CourseProject,
    JobPost,
    JobPostCompetency,
    Program,
    ProgramCourse,
    ProjectTeam,
    StudentAchievement,
    TeamMember,
)
from curriculum.policies import (
    CataloguePolicy,
    CoursePolicy,
    CourseProjectPolicy,
    JobPostPolicy,
    ProgramPolicy,
    StudentAchievementPolicy,
)
from curriculum.steps import (
    ACHIEVEMENT_STEPS,
    CERTIFICATE_STEPS,
    COMPETENCY_STEPS,
    COMPETITION_STEPS,
    COURSE_MODULE_STEPS,
    COURSE_PROJECT_STEPS,
    JOB_POST_STEPS,
    PROGRAM_STEPS,
)

from . import serializers as s


class CatalogueViewSet(ScopedModelViewSet):
    """A catalogue of the competency map (core/catalogue.py): archive and restore are its steps, and a
    delete goes through only while nothing refers to the entry (409 ``in_use`` otherwise)."""

    def perform_destroy(self, instance):
        catalogue_delete(obj=instance, by=self.request.user)


class CompetencyViewSet(CatalogueViewSet):
    steps = COMPETENCY_STEPS
    serializer_class = s.CompetencySerializer
    filterset_class = CompetencyFilterSet
    policy_class = CataloguePolicy
    search_fields = ["code", "name", "name_en"]
    ordering_fields = ["code", "name", "category"]

    def get_queryset(self):
        return Competency.objects.visible_to(self.request.user)


class CourseModuleViewSet(CatalogueViewSet):
    steps = COURSE_MODULE_STEPS
    serializer_class = s.CourseModuleSerializer
    filterset_class = CourseModuleFilterSet
    policy_class = CataloguePolicy
    search_fields = ["name", "description"]
    ordering_fields = ["name", "kind"]

    def get_queryset(self):
        return CourseModule.objects.visible_to(self.request.user)


# An expanded page of 200 programmes carried about 10,000 course rows (19 MB, 310-370 ms at scale 10, where the
# plain list takes 27 ms; 50 programmes, 2,900 rows, still 110-170 ms): an expanded page holds at most this many
# programmes (about 1,200 course rows), a larger page_size is served this many with the next page linked, as a
# page_size over 200 is served 200.
EXPANDED_MAX_PAGE_SIZE = 20

EXPAND_COURSES = OpenApiParameter(
    "expand", str, enum=["courses"],
    description="courses: each programme carries its course rows (`courses`, as on the detail route) beside "
                f"`course_count`; such a page holds at most {EXPANDED_MAX_PAGE_SIZE} programmes. Without it the "
                "list answers the counts only.")


@extend_schema_view(list=extend_schema(parameters=[EXPAND_COURSES], responses=s.ProgramListSerializer(many=True)))
class ProgramViewSet(ScopedModelViewSet):
    """Programme versions; the workflow steps (submit, return, approve, new-version) come from PROGRAM_STEPS.

    The list answers each programme with its goals (three to five) and its course counts; the course rows
    (~58 a programme, 10,000 for a page of 200) are on the detail route, in every write and step response,
    and in the list with ``?expand=courses`` (pages of at most ``EXPANDED_MAX_PAGE_SIZE`` programmes).
    """

    serializer_class = s.ProgramSerializer
    steps = PROGRAM_STEPS
    filterset_class = ProgramFilterSet
    policy_class = ProgramPolicy
    search_fields = ["title", "major"]
    ordering_fields = ["cohort_year", "major", "version", "status", "updated_at"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def expands_courses(self) -> bool:
        """``?expand=courses`` on the list; any other value, or the parameter twice, is a 400."""
        params = getattr(self.request, "query_params", None)
        if self.action != "list" or params is None or "expand" not in params:
            return False
        reject_repeated(params, "expand")
        if params["expand"] != "courses":
            raise ValidationError({"expand": [_("Only “courses” can be expanded.")]})
        return True

    @property
    def paginator(self):
        paginator = super().paginator
        if paginator is not None and self.expands_courses():
            paginator.max_page_size = min(paginator.max_page_size, EXPANDED_MAX_PAGE_SIZE)
        return paginator

    def get_serializer_class(self):
        if self.action == "list":
            return s.ProgramExpandedListSerializer if self.expands_courses() else s.ProgramListSerializer
        return s.ProgramSerializer

    def get_queryset(self):
        as_list = self.action == "list"
        qs = Program.objects.visible_to(self.request.user).select_related("department").prefetch_related(
            prefetched("goals", as_list=as_list))
        if as_list:
            qs = selectors.with_course_counts(qs)
        if not as_list or self.expands_courses():
            # Of a course the rows show its code and name only (ProgramCourseSerializer).
            rows = ProgramCourse.objects.select_related("course").only(
                "program_id", "course_id", "semester", "is_required", "course__code", "course__name")
            qs = qs.prefetch_related(prefetched("program_courses", rows, as_list=as_list))
        return qs

    def perform_create(self, serializer):
        d = serializer.validated_data
        serializer.instance = services.program_create(
            by=self.request.user, major=d["major"], cohort_year=d["cohort_year"], title=d["title"],
            length_years=d.get("length_years", 3), summary=d.get("summary", ""), department=d.get("department"),
        )

    def perform_update(self, serializer):
        serializer.instance = services.program_update(program=serializer.instance, by=self.request.user,
                                                      **serializer.validated_data)

    # not a step: adds a child row (a goal) to a draft and answers with it
    @extend_schema(request=s.ProgramGoalSerializer, responses=s.ProgramGoalSerializer)
    @action(detail=True, methods=["post"])
    def goals(self, request, pk=None):
        program = self.get_object()
        ser = s.ProgramGoalSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        goal = services.program_goal_add(program=program, by=request.user, **ser.validated_data)
        return Response(s.ProgramGoalSerializer(goal).data, status=status.HTTP_201_CREATED)

    # not a step: adds or changes a child row (a course of the draft) and answers with it
    @extend_schema(request=s.ProgramCourseInputSerializer, responses=s.ProgramCourseSerializer)
    @action(detail=True, methods=["post"], url_path="courses")
    def set_course(self, request, pk=None):
        program = self.get_object()
        ser = s.ProgramCourseInputSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        row = services.program_course_set(program=program, by=request.user, **ser.validated_data)
        return Response(s.ProgramCourseSerializer(row).data, status=status.HTTP_201_CREATED)

    # not a step: a sub-resource, GET lists the review comments and POST adds one (a child row)
    @extend_schema(methods=["post"], request=s.CommentInputSerializer, responses={201: s.ProgramCommentSerializer})
    @extend_schema(methods=["get"], responses={200: s.ProgramCommentSerializer(many=True)})
    @action(detail=True, methods=["get", "post"])
    def comment(self, request, pk=None):
        program = self.get_object()
        if request.method == "POST":
            ser = s.CommentInputSerializer(data=request.data)
            ser.is_valid(raise_exception=True)
            c = services.program_comment(program=program, by=request.user, body=ser.validated_data["body"])
            return Response(s.ProgramCommentSerializer(c).data, status=status.HTTP_201_CREATED)
        rows = program.comments.select_related("author", "organization")
        return Response(s.ProgramCommentSerializer(rows, many=True).data)

    # not a step: a read-only comparison of two versions
    @extend_schema(parameters=[OpenApiParameter("against", int, description="id of the older version")],
                   responses=s.ProgramDiffSerializer)
    @action(detail=True, methods=["get"])
    def diff(self, request, pk=None):
        new = self.get_object()
        against = request.query_params.get("against") or new.previous_id
        if not str(against or "").isdigit():
            return Response({"detail": str(_("Name the version to compare with (?against=id).")), "code": "invalid",
                             "errors": {"against": [str(_("A valid version id is required."))]}},
                            status=status.HTTP_400_BAD_REQUEST)
        old = get_object_or_404(self.get_queryset(), pk=int(against))
        d = selectors.program_diff(old, new)
        return Response({
            "old": old.pk, "new": new.pk, "empty": d["empty"],
            "fields": [{**f, "old": str(f["old"] or ""), "new": str(f["new"] or "")} for f in d["fields"]],
            "goals": {k: [s.ProgramGoalSerializer(g[1] if isinstance(g, tuple) else g).data for g in v]
                      for k, v in d["goals"].items()},
            "courses": {k: [s.ProgramCourseSerializer(c[1] if isinstance(c, tuple) else c).data for c in v]
                        for k, v in d["courses"].items()},
        })


class CourseViewSet(ScopedModelViewSet):
    serializer_class = s.CourseSerializer
    filterset_class = CourseFilterSet
    policy_class = CoursePolicy
    search_fields = ["code", "name"]
    ordering_fields = ["code", "name", "credits", "last_revised"]

    def get_queryset(self):
        return selectors.with_freshness(
            Course.objects.visible_to(self.request.user).select_related("module", "owner")
        ).prefetch_related(prefetched("coverage", CourseCompetency.objects.select_related("competency"),
                                      as_list=self.action == "list"))

    def perform_create(self, serializer):
        # read back through the scope for the freshness annotations the answer carries
        serializer.instance = self.get_queryset().get(pk=serializer.save().pk)

    perform_update = perform_create

    def perform_destroy(self, instance):
        services.catalogue_delete(obj=instance, by=self.request.user)

    # not a step: a sub-resource, GET lists the revisions and POST records one (a child row)
    @extend_schema(methods=["post"], request=s.CourseRevisionSerializer, responses={201: s.CourseRevisionSerializer})
    @extend_schema(methods=["get"], responses={200: s.CourseRevisionSerializer(many=True)})
    @action(detail=True, methods=["get", "post"])
    def revisions(self, request, pk=None):
        course = self.get_object()
        if request.method == "POST":
            ser = s.CourseRevisionSerializer(data=request.data)
            ser.is_valid(raise_exception=True)
            rev = services.course_add_revision(course=course, by=request.user, **ser.validated_data)
            return Response(s.CourseRevisionSerializer(rev).data, status=status.HTTP_201_CREATED)
        return Response(s.CourseRevisionSerializer(course.revisions.all(), many=True).data)

    # not a step: sets a child row (the level at which the course covers a competency)
    @extend_schema(request=s.CourseCoverageSerializer, responses=s.CourseCoverageSerializer)
    @action(detail=True, methods=["post"])
    def coverage(self, request, pk=None):
        course = self.get_object()
        ser = s.CourseCoverageSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        row = services.course_set_coverage(course=course, **ser.validated_data)
        return Response(s.CourseCoverageSerializer(row).data, status=status.HTTP_201_CREATED)


class JobPostViewSet(CatalogueViewSet):
    steps = JOB_POST_STEPS
    serializer_class = s.JobPostSerializer
    filterset_class = JobPostFilterSet
    policy_class = JobPostPolicy
    search_fields = ["title", "description"]
    ordering_fields = ["title", "created_at"]

    def get_queryset(self):
        return JobPost.objects.visible_to(self.request.user).prefetch_related(
            prefetched("requirements", JobPostCompetency.objects.select_related("competency"),
                       as_list=self.action == "list")
        )

    def _save(self, serializer):
        reqs = serializer.validated_data.pop("requirements", None)
        post = serializer.save()
        if reqs is not None:
            services.job_post_replace_requirements(
                job_post=post, requirements=[(r["competency"], r["level"]) for r in reqs]
            )
        serializer.instance = self.get_queryset().get(pk=post.pk)

    perform_create = _save
    perform_update = _save


class CompetitionViewSet(CatalogueViewSet):
    steps = COMPETITION_STEPS
    serializer_class = s.CompetitionSerializer
    filterset_class = CompetitionFilterSet
    policy_class = CataloguePolicy
    search_fields = ["name", "organizer"]
    ordering_fields = ["name", "level"]

    def get_queryset(self):
        as_list = self.action == "list"
        return Competition.objects.visible_to(self.request.user).prefetch_related(
            prefetched("competencies", as_list=as_list), prefetched("courses", as_list=as_list))


class CertificateViewSet(CatalogueViewSet):
    steps = CERTIFICATE_STEPS
    serializer_class = s.CertificateSerializer
    filterset_class = CertificateFilterSet
    policy_class = CataloguePolicy
    search_fields = ["name", "issuer"]
    ordering_fields = ["name", "level"]

    def get_queryset(self):
        as_list = self.action == "list"
        return Certificate.objects.visible_to(self.request.user).prefetch_related(
            prefetched("competencies", as_list=as_list), prefetched("courses", as_list=as_list))


class StudentAchievementViewSet(ScopedModelViewSet):
    """A student's awards and certificates with evidence; college admins verify or reject them."""

    serializer_class = s.StudentAchievementSerializer
    steps = ACHIEVEMENT_STEPS
    filterset_class = StudentAchievementFilterSet
    policy_class = StudentAchievementPolicy
    search_fields = ["title", "student__username", "student__display_name"]
    ordering_fields = ["achieved_on", "created_at", "status"]

    def get_queryset(self):
        return StudentAchievement.objects.visible_to(self.request.user).select_related("student")

    def perform_create(self, serializer):
        serializer.instance = services.achievement_submit(student=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.achievement_update(achievement=serializer.instance, by=self.request.user,
                                                          **serializer.validated_data)

    def perform_destroy(self, instance):
        services.achievement_withdraw(achievement=instance, by=self.request.user)

    # not a step: a file download
    @extend_schema(request=None, responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"])
    def evidence(self, request, pk=None):
        return serve_file(self.get_object().evidence)


class CourseProjectViewSet(ScopedModelViewSet):
    """Industry projects adopted by courses, their student teams and grades."""

    serializer_class = s.CourseProjectSerializer
    steps = COURSE_PROJECT_STEPS
    filterset_class = CourseProjectFilterSet
    policy_class = CourseProjectPolicy
    search_fields = ["title", "term"]
    ordering_fields = ["created_at", "term", "status"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return CourseProject.objects.visible_to(self.request.user).select_related(
            "course", "industry_project"
        ).prefetch_related(
            prefetched("teams", ProjectTeam.objects.prefetch_related(
                prefetched("members", TeamMember.objects.only("id", "team_id", "student_id"),
                           as_list=self.action == "list"),
                prefetched("grades", as_list=self.action == "list")),
                as_list=self.action == "list")
        )

    def perform_create(self, serializer):
        d = serializer.validated_data
        serializer.instance = services.course_project_adopt(
            course=d["course"], industry_project=d["industry_project"], by=self.request.user, title=d["title"],
            term=d["term"], mentor=d.get("mentor"), teacher_weight=d.get("teacher_weight", services.Decimal("0.60")),
        )

    # not a step: creates a child row (a team) and answers with the project
    @extend_schema(request=s.TeamSerializer, responses=s.CourseProjectSerializer)
    @action(detail=True, methods=["post"])
    def teams(self, request, pk=None):
        project = self.get_object()
        ser = s.TeamSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        services.team_create(project=project, by=request.user, name=ser.validated_data["name"],
                             students=ser.validated_data["students"])
        return self.fresh_response(project, status.HTTP_201_CREATED)

    # not a step: writes a child row (one grader's grade of one team) and answers with it
    @extend_schema(request=s.GradeInputSerializer, responses=s.TeamGradeSerializer)
    @action(detail=True, methods=["post"])
    def grade(self, request, pk=None):
        project = self.get_object()
        ser = s.GradeInputSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        team = get_object_or_404(ProjectTeam, pk=ser.validated_data["team"], project=project)
        g = services.team_grade(team=team, by=request.user, score=ser.validated_data["score"],
                                comment=ser.validated_data["comment"])
        return Response(s.TeamGradeSerializer(g).data)


class CoveragePermission(permissions.BasePermission):
    message = _("Coverage analysis is for the college, enterprises and the association.")

    def has_permission(self, request, view) -> bool:
        acc = access_for(request.user)
        return acc.is_college_admin or acc.is_teacher or acc.is_enterprise or acc.is_association


class CoverageViewSet(viewsets.GenericViewSet):
    """Read-only coverage rows, one per competency: demand (job posts, postings, projects) against course
    coverage, classified gap / thin / covered / surplus. Enterprise partners see the competencies they asked for."""

    permission_classes = [permissions.IsAuthenticated, CoveragePermission]
    serializer_class = s.CoverageRowSerializer
    filterset_class = None

    @extend_schema(parameters=[
        OpenApiParameter("category", str, enum=CompetencyCategory.values),
        OpenApiParameter("status", str, enum=CoverageClass.values),
    ])
    def list(self, request):
        category = request.query_params.get("category") or None
        wanted = request.query_params.get("status") or None
        errors = {}
        if category and category not in CompetencyCategory.values:
            errors["category"] = [str(_("Unknown category."))]
        if wanted and wanted not in CoverageClass.values:
            errors["status"] = [str(_("Unknown coverage class."))]
        if errors:
            return Response({"detail": next(iter(errors.values()))[0], "code": "invalid", "errors": errors},
                            status=status.HTTP_400_BAD_REQUEST)
        acc = access_for(request.user)
        scoped = acc.enterprise_ids if (acc.is_enterprise and not acc.is_college_admin and not acc.is_teacher) \
            else None
        rows = [r.as_dict() for r in selectors.coverage_rows(enterprise_ids=scoped, category=category)
                if wanted is None or r.status == wanted]
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(page)

    def get_queryset(self):  # the schema generator asks; rows come from the selector
        return Competency.objects.none()
