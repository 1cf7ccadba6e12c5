"""Every write of the training system and the rules it keeps (CONVENTIONS.md rule 1)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts.policy import access_for
from core.catalogue import catalogue_save
from core.domain import RuleViolation, TransitionNotAllowed
from core.events import emit, emit_created
from core.workflow import transition

from .choices import (
    AchievementKind,
    AchievementStatus,
    CourseProjectStatus,
    GoalDimension,
    GraderRole,
    ProgramStatus,
)
from .models import (
    Certificate,
    Competency,
    Competition,
    Course,
    CourseCompetency,
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
    TeamMember,
)

PROGRAM_EDITABLE_FIELDS = ("title", "length_years", "summary", "department")


def listed(items) -> str:
    """Names run together in a message, with the language's own separator (“、” in Chinese)."""
    return pgettext("list separator", ", ").join(str(i) for i in items)


# --- programmes ---------------------------------------------------------------------------------

def _require_draft(program: Program) -> None:
    if program.status != ProgramStatus.DRAFT:
        raise TransitionNotAllowed(_("Only a draft programme can be changed; create a new version instead."))


def _require_own_department(by, department) -> None:
    """A department administrator puts programmes only in a department they administer (a college admin anywhere)."""
    acc = access_for(by)
    if acc.is_college_admin or not acc.is_department_admin:
        return
    if department is None or not acc.administers_department(department.pk):
        raise ValidationError({"department": _("Choose a department you administer.")})


@transaction.atomic
def program_create(*, by, major: str, cohort_year: int, title: str, length_years: int = 3, summary: str = "",
                   department=None) -> Program:
    """Version 1 of a programme; later versions come from program_new_version()."""
    _require_own_department(by, department)
    if Program.objects.filter(major=major, cohort_year=cohort_year).exists():
        raise ValidationError({"major": _("A programme for this major and cohort exists; create a new version of it.")})
    program = Program(major=major, cohort_year=cohort_year, title=title, length_years=length_years, summary=summary,
                      department=department, version=1, created_by=by if by and by.is_authenticated else None)
    program.full_clean()
    program.save()
    emit_created(program, actor=by)
    return program


@transaction.atomic
def program_update(*, program: Program, by, **fields) -> Program:
    program = Program.objects.select_for_update().get(pk=program.pk)
    _require_draft(program)
    if "department" in fields and fields["department"] != program.department:
        _require_own_department(by, fields["department"])
    for name, value in fields.items():
        if name in PROGRAM_EDITABLE_FIELDS:
            setattr(program, name, value)
    program.full_clean()
    program.save()
    return program


@transaction.atomic
def program_goal_add(*, program: Program, by, dimension: str, statement: str, outcome: str, target: str = "",
                     order: int = 0) -> ProgramGoal:
    _require_draft(Program.objects.select_for_update().get(pk=program.pk))
    goal = ProgramGoal(program=program, dimension=dimension, statement=statement, outcome=outcome, target=target,
                       order=order)
    goal.full_clean()
    goal.save()
    return goal


@transaction.atomic
def program_goal_remove(*, goal: ProgramGoal, by) -> None:
    _require_draft(Program.objects.select_for_update().get(pk=goal.program_id))
    goal.delete()


@transaction.atomic
def program_course_set(*, program: Program, by, course: Course, semester: int = 1,
                       is_required: bool = True) -> ProgramCourse:
    _require_draft(Program.objects.select_for_update().get(pk=program.pk))
    if not 1 <= int(semester) <= program.length_years * 2:
        raise ValidationError({"semester": _("The semester lies outside the length of the programme.")})
    row, _created = ProgramCourse.objects.update_or_create(
        program=program, course=course, defaults={"semester": semester, "is_required": is_required}
    )
    return row


@transaction.atomic
def program_course_remove(*, program: Program, by, course: Course) -> None:
    _require_draft(Program.objects.select_for_update().get(pk=program.pk))
    ProgramCourse.objects.filter(program=program, course=course).delete()


def _check_goal_triad(program: Program) -> None:
    present = set(ProgramGoal.objects.filter(program=program).exclude(outcome="").values_list("dimension", flat=True))
    missing = [label for value, label in GoalDimension.choices if value not in present]
    if missing:
        raise RuleViolation(
            _("A programme needs at least one goal with a measurable outcome in each dimension; missing: %(dims)s.")
            % {"dims": listed(missing)},
            code="goals_incomplete",
        )


@transaction.atomic
def program_submit(*, program: Program, by) -> Program:
    """Draft → in review: enterprises and the association may now comment."""
    if program.status == ProgramStatus.DRAFT:
        _check_goal_triad(program)
    return transition(program, sources=[ProgramStatus.DRAFT], target=ProgramStatus.IN_REVIEW, by=by)


@transaction.atomic
def program_return(*, program: Program, by, note: str = "") -> Program:
    """In review → draft, for changes the reviewers asked for."""
    return transition(program, sources=[ProgramStatus.IN_REVIEW], target=ProgramStatus.DRAFT, by=by, note=note)


@transaction.atomic
def program_approve(*, program: Program, by) -> Program:
    """In review → approved; the version approved before it (same major and cohort) becomes superseded."""
    # lock every version of the programme so two approvals of sibling versions serialise here
    siblings = list(
        Program.objects.select_for_update().filter(major=program.major, cohort_year=program.cohort_year).order_by("pk")
    )
    program.status = next(p.status for p in siblings if p.pk == program.pk)
    if program.status != ProgramStatus.IN_REVIEW:
        raise TransitionNotAllowed(
            _("Not allowed while the status is “%(status)s”.") % {"status": program.get_status_display()}
        )
    # supersede first: the partial unique key allows one approved version at any moment
    for other in siblings:
        if other.pk != program.pk and other.status == ProgramStatus.APPROVED:
            transition(other, sources=[ProgramStatus.APPROVED], target=ProgramStatus.SUPERSEDED, by=by,
                       note=_("Superseded by version %(v)s.") % {"v": program.version}, lock=False)
    return transition(program, sources=[ProgramStatus.IN_REVIEW], target=ProgramStatus.APPROVED, by=by,
                      extra_updates={"approved_at": timezone.now()}, lock=False)


@transaction.atomic
def program_comment(*, program: Program, by, body: str) -> ProgramComment:
    """Reviewers comment only while the version is in review."""
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write a comment.")})
    current = Program.objects.select_for_update().get(pk=program.pk)
    if current.status != ProgramStatus.IN_REVIEW:
        raise TransitionNotAllowed(_("Comments are taken only while the programme is in review."))
    acc = access_for(by)
    org_ids = sorted(acc.enterprise_ids | acc.association_ids) or sorted(acc.organization_ids)
    comment = ProgramComment.objects.create(program=current, author=by,
                                            organization_id=org_ids[0] if org_ids else None, body=body)
    emit("curriculum.program.commented", current, actor=by, comment=comment.pk)
    return comment


@transaction.atomic
def program_new_version(*, program: Program, by) -> Program:
    """A draft copy (goals and courses) of an approved or superseded version, numbered after the last one."""
    siblings = list(
        Program.objects.select_for_update().filter(major=program.major, cohort_year=program.cohort_year).order_by("pk")
    )
    source = next(p for p in siblings if p.pk == program.pk)
    if source.status not in (ProgramStatus.APPROVED, ProgramStatus.SUPERSEDED):
        raise TransitionNotAllowed(_("A new version is made from an approved or superseded version."))
    if any(p.status in (ProgramStatus.DRAFT, ProgramStatus.IN_REVIEW) for p in siblings):
        raise RuleViolation(_("A newer version is already being drafted or reviewed."), code="version_open")
    new = Program.objects.create(
        major=source.major, cohort_year=source.cohort_year, title=source.title, length_years=source.length_years,
        summary=source.summary, department=source.department, previous=source,
        version=max(p.version for p in siblings) + 1, created_by=by if by and by.is_authenticated else None,
    )
    ProgramGoal.objects.bulk_create([
        ProgramGoal(program=new, dimension=g.dimension, statement=g.statement, outcome=g.outcome, target=g.target,
                    order=g.order)
        for g in source.goals.all()
    ])
    ProgramCourse.objects.bulk_create([
        ProgramCourse(program=new, course_id=pc.course_id, semester=pc.semester, is_required=pc.is_required)
        for pc in source.program_courses.all()
    ])
    emit_created(new, actor=by, previous=source.pk)
    return new


# --- courses ------------------------------------------------------------------------------------

@transaction.atomic
def course_add_revision(*, course: Course, by, revised_on: dt.date, summary: str, added: str = "",
                        retired: str = "") -> CourseRevision:
    """Records what changed in a course; the latest revision date is what the stale flag reads."""
    if revised_on > timezone.localdate():
        raise ValidationError({"revised_on": _("A revision cannot be dated in the future.")})
    if not (added or "").strip() and not (retired or "").strip():
        raise ValidationError({"added": _("Say what content was added or retired.")})
    rev = CourseRevision(course=course, revised_on=revised_on, summary=summary, added=added, retired=retired,
                         by=by if by and by.is_authenticated else None)
    rev.full_clean()
    rev.save()
    return rev


@transaction.atomic
def course_set_coverage(*, course: Course, competency: Competency, level: int, by=None) -> CourseCompetency:
    row, _created = CourseCompetency.objects.update_or_create(course=course, competency=competency,
                                                              defaults={"level": level})
    row.full_clean()
    return row


@transaction.atomic
def course_remove_coverage(*, course: Course, competency_id: int, by=None) -> None:
    CourseCompetency.objects.filter(course=course, competency_id=competency_id).delete()


@transaction.atomic
def job_post_set_requirement(*, job_post: JobPost, competency: Competency, level: int) -> JobPostCompetency:
    row, _created = JobPostCompetency.objects.update_or_create(job_post=job_post, competency=competency,
                                                               defaults={"level": level})
    row.full_clean()
    return row


# --- student achievements -----------------------------------------------------------------------

@transaction.atomic
def achievement_submit(*, student, kind: str, title: str, achieved_on: dt.date, competition: Competition | None = None,
                       certificate: Certificate | None = None, program: Program | None = None,
                       evidence=None) -> StudentAchievement:
    if not access_for(student).is_student:
        raise ValidationError({"student": _("Only students record achievements.")})
    if achieved_on > timezone.localdate():
        raise ValidationError({"achieved_on": _("The date cannot be in the future.")})
    if kind == AchievementKind.AWARD and (competition is None or certificate is not None):
        raise ValidationError({"competition": _("An award names the competition and no certificate.")})
    if kind == AchievementKind.CERTIFICATE and (certificate is None or competition is not None):
        raise ValidationError({"certificate": _("A certificate achievement names the certificate and no competition.")})
    ach = StudentAchievement(student=student, kind=kind, title=title, achieved_on=achieved_on,
                             competition=competition, certificate=certificate, program=program)
    if evidence:
        ach.evidence = evidence
    ach.full_clean()
    ach.save()
    emit_created(ach, actor=student)  # the college verifies it
    return ach


def achievement_is_open(achievement: StudentAchievement) -> bool:
    """A student changes or withdraws an achievement only until the college has decided on it."""
    return achievement.status == AchievementStatus.SUBMITTED


@transaction.atomic
def achievement_update(*, achievement: StudentAchievement, by, **fields) -> StudentAchievement:
    current = StudentAchievement.objects.select_for_update().get(pk=achievement.pk)
    if not achievement_is_open(current):
        raise TransitionNotAllowed(_("A verified or rejected achievement can no longer be changed."))
    for name in ("title", "achieved_on", "program", "evidence"):
        if name in fields:
            setattr(current, name, fields[name])
    if current.achieved_on > timezone.localdate():
        raise ValidationError({"achieved_on": _("The date cannot be in the future.")})
    current.full_clean()
    current.save()
    return current


@transaction.atomic
def achievement_withdraw(*, achievement: StudentAchievement, by) -> None:
    current = StudentAchievement.objects.select_for_update().get(pk=achievement.pk)
    if not achievement_is_open(current):
        raise TransitionNotAllowed(_("A verified or rejected achievement can no longer be withdrawn."))
    current.delete()


@transaction.atomic
def achievement_verify(*, achievement: StudentAchievement, by, note: str = "") -> StudentAchievement:
    if not achievement.evidence:
        raise RuleViolation(_("An achievement is verified against its evidence; none was uploaded."),
                            code="evidence_missing")
    return transition(achievement, sources=[AchievementStatus.SUBMITTED], target=AchievementStatus.VERIFIED, by=by,
                      note=note, extra_updates={"verified_by": by, "verified_at": timezone.now(),
                                                "review_note": note[:300]})


@transaction.atomic
def achievement_reject(*, achievement: StudentAchievement, by, note: str = "") -> StudentAchievement:
    if not (note or "").strip():
        raise ValidationError({"note": _("Say why the achievement is rejected.")})
    return transition(achievement, sources=[AchievementStatus.SUBMITTED], target=AchievementStatus.REJECTED, by=by,
                      note=note, extra_updates={"verified_by": by, "verified_at": timezone.now(),
                                                "review_note": note[:300]})


# --- project-based teaching ---------------------------------------------------------------------

# The statuses of partnerships' IndustryProject in which a course may adopt one (its open and running ones).
ADOPTABLE_PROJECT_STATUSES = ("open", "in_progress")


@transaction.atomic
def course_project_adopt(*, course: Course, industry_project, by, title: str, term: str,
                         mentor=None, teacher_weight: Decimal = Decimal("0.60")) -> CourseProject:
    """Adopts an enterprise's open or running industry project as a project of a course."""
    # partnerships sits above curriculum: its model is reached through the relation CourseProject declares
    industry_projects = CourseProject._meta.get_field("industry_project").related_model.objects
    ip = industry_projects.select_for_update().get(pk=industry_project.pk)
    if ip.status not in ADOPTABLE_PROJECT_STATUSES:
        raise RuleViolation(_("Only an open or running industry project can be adopted."), code="project_not_open")
    if mentor is not None and ip.enterprise_id not in access_for(mentor).enterprise_ids:
        raise ValidationError({"mentor": _("The mentor must be staff of the enterprise that posted the project.")})
    cp = CourseProject(course=course, industry_project=ip, title=title, term=term, mentor=mentor,
                       teacher_weight=teacher_weight)
    cp.full_clean()
    cp.save()
    emit_created(cp, actor=by)  # the enterprise and its mentor learn their project is taught
    return cp


@transaction.atomic
def course_project_start(*, project: CourseProject, by) -> CourseProject:
    return transition(project, sources=[CourseProjectStatus.PLANNED], target=CourseProjectStatus.RUNNING, by=by)


@transaction.atomic
def course_project_complete(*, project: CourseProject, by) -> CourseProject:
    return transition(project, sources=[CourseProjectStatus.RUNNING], target=CourseProjectStatus.COMPLETED, by=by)


@transaction.atomic
def team_create(*, project: CourseProject, by, name: str, students: list) -> ProjectTeam:
    """A team of students; a student works in one team per project (checked here, kept by a unique key)."""
    project = CourseProject.objects.select_for_update().get(pk=project.pk)
    if project.status == CourseProjectStatus.COMPLETED:
        raise TransitionNotAllowed(_("Teams cannot change once the project is completed."))
    if not students:
        raise ValidationError({"students": _("A team needs at least one student.")})
    not_students = [str(s) for s in students if not access_for(s).is_student]
    if not_students:
        raise ValidationError({"students": _("Not students: %(names)s.") % {"names": listed(not_students)}})
    taken = TeamMember.objects.filter(project=project, student__in=students).select_related("student")
    if taken:
        raise ValidationError({"students": _("Already in another team of this project: %(names)s.")
                               % {"names": listed(m.student for m in taken)}})
    if ProjectTeam.objects.filter(project=project, name=name).exists():
        raise ValidationError({"name": _("This project already has a team of that name.")})
    team = ProjectTeam.objects.create(project=project, name=name)
    TeamMember.objects.bulk_create([TeamMember(team=team, project=project, student=s) for s in students])
    return team


def grader_role_for(user, project: CourseProject) -> str | None:
    """The teacher who owns the course grades as teacher; the mentor or the enterprise's staff as mentor."""
    acc = access_for(user)
    if project.course.owner_id == user.pk or acc.is_college_admin:
        return GraderRole.TEACHER
    if project.mentor_id == user.pk or project.industry_project.enterprise_id in acc.enterprise_ids:
        return GraderRole.MENTOR
    return None


@transaction.atomic
def team_grade(*, team: ProjectTeam, by, score: Decimal, comment: str = "") -> TeamGrade:
    project = CourseProject.objects.select_for_update().select_related("course", "industry_project").get(
        pk=team.project_id)
    if project.status == CourseProjectStatus.PLANNED:
        raise TransitionNotAllowed(_("Teams are graded once the project is running."))
    role = grader_role_for(by, project)
    if role is None:
        raise RuleViolation(_("Only the course teacher or the enterprise mentor grades teams."), code="not_grader")
    score = Decimal(score)
    if not Decimal("0") <= score <= Decimal("100"):
        raise ValidationError({"score": _("The score lies between 0 and 100.")})
    try:
        with transaction.atomic():
            grade, _created = TeamGrade.objects.update_or_create(
                team=team, grader_role=role, defaults={"grader": by, "score": score, "comment": comment}
            )
    except IntegrityError as exc:  # two first grades at once: the unique key keeps one
        raise RuleViolation(_("This team was graded at the same moment; reload and try again."),
                            code="conflict") from exc
    return grade


def team_final_score(*, teacher: Decimal | None, mentor: Decimal | None, teacher_weight: Decimal) -> Decimal | None:
    """Weighted final grade; it exists only when both the teacher and the mentor have graded."""
    if teacher is None or mentor is None:
        return None
    return (teacher * teacher_weight + mentor * (Decimal("1") - teacher_weight)).quantize(Decimal("0.01"))


def latest_revision_dates(course_ids) -> dict[int, dt.date]:
    return dict(CourseRevision.objects.filter(course_id__in=course_ids).values("course_id")
                .annotate(d=Max("revised_on")).values_list("course_id", "d"))


@transaction.atomic
def job_post_replace_requirements(*, job_post: JobPost, requirements: list[tuple[Competency, int]]) -> None:
    """Replaces the competencies a job post requires (one level per competency)."""
    seen = [c.pk for c, _level in requirements]
    if len(seen) != len(set(seen)):
        raise ValidationError({"requirements": _("Each competency may be listed once.")})
    JobPostCompetency.objects.filter(job_post=job_post).exclude(competency_id__in=seen).delete()
    for competency, level in requirements:
        job_post_set_requirement(job_post=job_post, competency=competency, level=level)


@transaction.atomic
def job_post_save(*, job_post: JobPost, by, requirements: list[tuple[Competency, int]]) -> JobPost:
    """Saves a job post (new or changed) with the competencies it requires, all or nothing."""
    catalogue_save(obj=job_post, by=by)
    job_post_replace_requirements(job_post=job_post, requirements=requirements)
    return job_post


@transaction.atomic
def catalogue_delete(*, obj: models.Model, by) -> None:
    """Deletes a catalogue row unless records hang off it (programmes, achievements), which would lose history."""
    try:
        with transaction.atomic():
            obj.delete()
    except models.ProtectedError as exc:
        raise RuleViolation(_("This record is still in use (for example by a programme or an achievement)."),
                            code="in_use") from exc
