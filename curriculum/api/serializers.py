from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import User
from accounts.policy import access_for
from core.catalogue import refuse_archived
from core.prefetch import prefetched_rows
from core.serializers import ModelSerializer
from curriculum.choices import GoalDimension, Level
from curriculum.models import (
    Certificate,
    Competency,
    Competition,
    Course,
    CourseCompetency,
    CourseModule,
    CourseProject,
    CourseRevision,
    JobPost,
    JobPostCompetency,
    Program,
    ProgramComment,
    ProgramCourse,
    ProgramGoal,
    ProjectTeam,
    StudentAchievement,
    TeamGrade,
)


class CompetencySerializer(ModelSerializer):
    class Meta:
        model = Competency
        fields = ["id", "code", "name", "name_en", "category", "description", "archived_at"]
        read_only_fields = ["archived_at"]


class CourseModuleSerializer(ModelSerializer):
    class Meta:
        model = CourseModule
        fields = ["id", "name", "kind", "description", "program", "archived_at"]
        read_only_fields = ["archived_at"]


class ProgramGoalSerializer(ModelSerializer):
    dimension = serializers.ChoiceField(choices=GoalDimension.choices)

    class Meta:
        model = ProgramGoal
        fields = ["id", "dimension", "statement", "outcome", "target", "order"]


class ProgramCourseSerializer(ModelSerializer):
    course_code = serializers.CharField(source="course.code", read_only=True)
    course_name = serializers.CharField(source="course.name", read_only=True)

    class Meta:
        model = ProgramCourse
        fields = ["course", "course_code", "course_name", "semester", "is_required"]


class ProgramCommentSerializer(ModelSerializer):
    author_name = serializers.CharField(source="author.__str__", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True, default="")

    class Meta:
        model = ProgramComment
        fields = ["id", "author", "author_name", "organization", "organization_name", "body", "created_at"]
        read_only_fields = ["id", "author", "organization", "created_at"]


class ProgramSerializer(ModelSerializer):
    goals = ProgramGoalSerializer(many=True, read_only=True)
    courses = ProgramCourseSerializer(source="program_courses", many=True, read_only=True)

    class Meta:
        model = Program
        fields = ["id", "major", "cohort_year", "title", "version", "status", "length_years", "summary", "department",
                  "previous", "approved_at", "goals", "courses", "created_at", "updated_at"]
        read_only_fields = ["id", "version", "status", "previous", "approved_at", "created_at", "updated_at"]
        # versions share major and cohort; the service decides when that is allowed
        validators: list = []

    def update(self, instance, validated_data):
        validated_data.pop("major", None)
        validated_data.pop("cohort_year", None)
        return super().update(instance, validated_data)


class ProgramListSerializer(ProgramSerializer):
    """A programme as the list answers it: its goals (three to five) and how many courses it has, without
    the course rows. With ~58 courses a programme, a page of 200 carried 10,000 nested rows (19 MB); the
    rows stay on the detail route, the write and step responses, and the list's ``?expand=courses``."""

    course_count = serializers.IntegerField(read_only=True, help_text=_("Number of courses in the programme."))
    required_course_count = serializers.IntegerField(read_only=True,
                                                     help_text=_("Number of required courses in the programme."))

    class Meta(ProgramSerializer.Meta):
        fields = [f for f in ProgramSerializer.Meta.fields if f != "courses"] + ["course_count",
                                                                                 "required_course_count"]
        read_only_fields = fields


class ProgramExpandedListSerializer(ProgramListSerializer):
    """The list with ``?expand=courses``: each programme's course rows as the detail route gives them."""

    class Meta(ProgramListSerializer.Meta):
        fields = ProgramListSerializer.Meta.fields + ["courses"]
        read_only_fields = fields


class CommentInputSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=4000)


class ReviewNoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class ProgramCourseInputSerializer(serializers.Serializer):
    course = serializers.PrimaryKeyRelatedField(queryset=Course.objects.all())
    semester = serializers.IntegerField(min_value=1, max_value=12)
    is_required = serializers.BooleanField(default=True)


class CourseCoverageSerializer(ModelSerializer):
    competency_code = serializers.CharField(source="competency.code", read_only=True)
    level = serializers.ChoiceField(choices=Level.choices)

    class Meta:
        model = CourseCompetency
        fields = ["competency", "competency_code", "level"]

    def validate_competency(self, value):
        return refuse_archived(value)


class CourseRevisionSerializer(ModelSerializer):
    class Meta:
        model = CourseRevision
        fields = ["id", "revised_on", "summary", "added", "retired", "by", "created_at"]
        read_only_fields = ["id", "by", "created_at"]


class CourseSerializer(ModelSerializer):
    coverage = CourseCoverageSerializer(many=True, read_only=True)
    last_revised = serializers.DateField(read_only=True)
    is_stale = serializers.BooleanField(read_only=True)
    aigc_topics = serializers.ListField(child=serializers.CharField(max_length=60), required=False)
    owner = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False, allow_null=True)

    class Meta:
        model = Course
        fields = ["id", "code", "name", "credits", "theory_hours", "practice_hours", "module", "owner",
                  "description", "aigc_topics", "content_since", "last_revised", "is_stale", "coverage"]

    def validate_module(self, value):
        return refuse_archived(value, keep=[self.instance.module_id] if self.instance is not None else [])

    def validate_owner(self, value):
        if value is not None and not access_for(value).is_teacher:
            raise serializers.ValidationError(_("The owner must be a teacher."))
        return value

    def validate(self, attrs):
        request = self.context.get("request")
        # only the college hands a course to another teacher
        if self.instance is not None and "owner" in attrs and attrs["owner"] != self.instance.owner:
            if request is None or not access_for(request.user).is_college_admin:
                raise serializers.ValidationError({"owner": _("Only the college reassigns a course.")})
        return attrs


class RequirementSerializer(ModelSerializer):
    level = serializers.ChoiceField(choices=Level.choices)

    class Meta:
        model = JobPostCompetency
        fields = ["competency", "level"]


class JobPostSerializer(ModelSerializer):
    requirements = RequirementSerializer(many=True, required=False)

    class Meta:
        model = JobPost
        fields = ["id", "title", "description", "enterprise", "is_current", "requirements", "created_at",
                  "archived_at"]
        read_only_fields = ["id", "created_at", "archived_at"]

    def validate_enterprise(self, value):
        if value is not None and value.kind != "enterprise":
            raise serializers.ValidationError(_("Choose an enterprise."))
        request = self.context.get("request")
        acc = access_for(request.user if request is not None else None)
        # a partner keeps its own posts only; the industry-wide ones (no enterprise) are the college's
        if not acc.is_college_admin and (value is None or value.pk not in acc.enterprise_ids):
            raise serializers.ValidationError(_("Choose your own enterprise."))
        return value

    def validate(self, attrs):
        request = self.context.get("request")
        acc = access_for(request.user if request is not None else None)
        if self.instance is None and "enterprise" not in attrs and not acc.is_college_admin:
            raise serializers.ValidationError({"enterprise": _("Choose your own enterprise.")})
        return attrs

    def validate_requirements(self, value):
        ids = [r["competency"].pk for r in value]
        if len(ids) != len(set(ids)):
            raise serializers.ValidationError(_("Each competency may be listed once."))
        kept = self.instance.requirements.values_list("competency_id", flat=True) if self.instance else []
        refuse_archived([r["competency"] for r in value], keep=kept)
        return value


class LinkedToCatalogueMixin:
    """Competitions and certificates keep the archived competencies they name; new links are to active ones."""

    def validate_competencies(self, value):
        kept = self.instance.competencies.values_list("pk", flat=True) if self.instance is not None else []
        return refuse_archived(list(value), keep=kept)


class CompetitionSerializer(LinkedToCatalogueMixin, ModelSerializer):
    class Meta:
        model = Competition
        fields = ["id", "name", "organizer", "level", "competencies", "courses", "archived_at"]
        read_only_fields = ["archived_at"]


class CertificateSerializer(LinkedToCatalogueMixin, ModelSerializer):
    class Meta:
        model = Certificate
        fields = ["id", "name", "issuer", "level", "competencies", "courses", "archived_at"]
        read_only_fields = ["archived_at"]


class StudentAchievementSerializer(ModelSerializer):
    student_name = serializers.CharField(source="student.__str__", read_only=True)
    evidence = serializers.FileField(write_only=True, required=False)
    has_evidence = serializers.SerializerMethodField()

    class Meta:
        model = StudentAchievement
        fields = ["id", "student", "student_name", "program", "kind", "competition", "certificate", "title",
                  "achieved_on", "evidence", "has_evidence", "status", "verified_by", "verified_at", "review_note",
                  "created_at"]
        read_only_fields = ["id", "student", "status", "verified_by", "verified_at", "review_note", "created_at"]
        # kind/link consistency is a service rule (and a DB check), reported as a field error
        validators: list = []

    def get_has_evidence(self, obj) -> bool:
        return bool(obj.evidence)

    def validate_competition(self, value):
        return refuse_archived(value, keep=[self.instance.competition_id] if self.instance is not None else [])

    def validate_certificate(self, value):
        return refuse_archived(value, keep=[self.instance.certificate_id] if self.instance is not None else [])


class TeamSerializer(ModelSerializer):
    students = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), many=True, write_only=True)
    members = serializers.SerializerMethodField()
    grades = serializers.SerializerMethodField()

    class Meta:
        model = ProjectTeam
        fields = ["id", "name", "students", "members", "grades"]

    def get_members(self, obj) -> list[int]:
        return [m.student_id for m in prefetched_rows(obj, "members")]

    def get_grades(self, obj) -> dict:
        return {g.grader_role: str(g.score) for g in prefetched_rows(obj, "grades")}


class CourseProjectSerializer(ModelSerializer):
    teams = TeamSerializer(many=True, read_only=True)

    class Meta:
        model = CourseProject
        fields = ["id", "course", "industry_project", "title", "term", "mentor", "status", "teacher_weight", "teams",
                  "created_at"]
        read_only_fields = ["id", "status", "created_at"]
        validators: list = []


class GradeInputSerializer(serializers.Serializer):
    team = serializers.IntegerField()
    score = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class TeamGradeSerializer(ModelSerializer):
    class Meta:
        model = TeamGrade
        fields = ["id", "team", "grader_role", "grader", "score", "comment", "graded_at"]


class CoverageRowSerializer(serializers.Serializer):
    competency = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    category = serializers.CharField()
    job_posts = serializers.IntegerField()
    postings = serializers.IntegerField()
    projects = serializers.IntegerField()
    demand = serializers.IntegerField()
    supply = serializers.IntegerField()
    courses = serializers.IntegerField()
    ratio = serializers.CharField(allow_null=True)
    status = serializers.CharField()


class ProgramDiffSerializer(serializers.Serializer):
    """What changed between two versions of a programme (the response of ``programs/{id}/diff/``)."""

    old = serializers.IntegerField()
    new = serializers.IntegerField()
    empty = serializers.BooleanField()
    fields = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))
    goals = serializers.DictField(child=ProgramGoalSerializer(many=True))
    courses = serializers.DictField(child=ProgramCourseSerializer(many=True))
