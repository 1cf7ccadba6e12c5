"""Domain rules of the faculty app: window edges, standing, dual-qualified rule, pay and score arithmetic."""
import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.domain import Overlap, RuleViolation, TransitionNotAllowed
from faculty import services
from faculty.choices import AwardLevel, CertificateKind, PlacementStatus, ReformKind, Standing
from faculty.models import TeacherAward
from tests.faculty.factories import (
    TeacherCertificateFactory,
    TeacherPlacementFactory,
    TeacherProfileFactory,
    TeachingAssignmentFactory,
    TrainingRecordFactory,
)

AS_OF = dt.date(2026, 6, 30)  # window: 2021-07-01 .. 2026-06-30 with the default five years
pytestmark = pytest.mark.django_db


def counted(profile, start, end, days):
    return TeacherPlacementFactory(teacher=profile, start_date=start, end_date=end, days=days,
                                   status=PlacementStatus.COUNTED)


class TestWindow:
    def test_window_bounds(self):
        assert services.practice_window(AS_OF) == (dt.date(2021, 7, 1), AS_OF)

    def test_window_on_29_february(self):
        assert services.practice_window(dt.date(2024, 2, 29)) == (dt.date(2019, 3, 1), dt.date(2024, 2, 29))

    @pytest.mark.parametrize(
        "start,end,days,expected",
        [
            (dt.date(2021, 6, 1), dt.date(2021, 6, 30), 30, 0),  # ends the day before the window
            (dt.date(2021, 6, 1), dt.date(2021, 7, 1), 31, 1),  # last day is the window's first day
            (dt.date(2021, 7, 1), dt.date(2021, 7, 10), 10, 10),  # starts on the window's first day
            (dt.date(2021, 6, 22), dt.date(2021, 7, 9), 18, 9),  # half inside: half the days
            (dt.date(2021, 6, 22), dt.date(2021, 7, 9), 9, 4),  # pro rata rounds down (4.5 -> 4)
            (dt.date(2026, 6, 21), dt.date(2026, 7, 10), 20, 10),  # runs past as_of: only days up to it
            (dt.date(2026, 7, 1), dt.date(2026, 7, 10), 10, 0),  # the future does not count yet
        ],
    )
    def test_days_inside_window_edges(self, start, end, days, expected):
        profile = TeacherProfileFactory()
        counted(profile, start, end, days)
        standing = services.teacher_standings([profile], AS_OF)[profile.pk]
        assert standing.counted_days == expected

    def test_only_counted_placements_add_days(self):
        profile = TeacherProfileFactory()
        for status, start in [(PlacementStatus.SUBMITTED, 1), (PlacementStatus.CONFIRMED, 2),
                              (PlacementStatus.RETURNED, 3), (PlacementStatus.DRAFT, 4)]:
            TeacherPlacementFactory(teacher=profile, start_date=dt.date(2025, start, 1),
                                    end_date=dt.date(2025, start, 20), days=10, status=status)
        s = services.teacher_standings([profile], AS_OF)[profile.pk]
        assert s.counted_days == 0
        assert s.pending_days == 20  # submitted + confirmed are shown as pending


class TestStanding:
    def test_on_track_at_required(self):
        profile = TeacherProfileFactory()
        counted(profile, dt.date(2023, 1, 1), dt.date(2023, 12, 31), 180)
        assert services.teacher_standings([profile], AS_OF)[profile.pk].status == Standing.ON_TRACK

    def test_at_risk_within_one_yearly_target(self):
        profile = TeacherProfileFactory()
        counted(profile, dt.date(2023, 1, 1), dt.date(2023, 12, 31), 144)  # 180 - 36
        assert services.teacher_standings([profile], AS_OF)[profile.pk].status == Standing.AT_RISK

    def test_behind_beyond_one_yearly_target(self):
        profile = TeacherProfileFactory()
        counted(profile, dt.date(2023, 1, 1), dt.date(2023, 12, 31), 143)
        assert services.teacher_standings([profile], AS_OF)[profile.pk].status == Standing.BEHIND

    def test_new_teacher_target_is_pro_rated(self):
        profile = TeacherProfileFactory(employed_since=dt.date(2024, 9, 1))  # second started year
        counted(profile, dt.date(2025, 1, 1), dt.date(2025, 3, 31), 72)
        s = services.teacher_standings([profile], AS_OF)[profile.pk]
        assert s.expected_days == 72 and s.status == Standing.ON_TRACK

    def test_settings_drive_the_thresholds(self, settings):
        settings.IEI = {**settings.IEI, "TEACHER_PRACTICE_DAYS_PER_5_YEARS": 20,
                        "TEACHER_PRACTICE_YEARLY_TARGET_DAYS": 4}
        profile = TeacherProfileFactory()
        counted(profile, dt.date(2025, 3, 1), dt.date(2025, 3, 31), 20)
        assert services.teacher_standings([profile], AS_OF)[profile.pk].status == Standing.ON_TRACK

    def test_non_specialist_has_no_requirement(self):
        profile = TeacherProfileFactory(is_specialist=False)
        assert services.teacher_standings([profile], AS_OF)[profile.pk].status == Standing.ON_TRACK


class TestDualQualified:
    def test_nothing_means_not_qualified(self):
        profile = TeacherProfileFactory()
        assert services.dual_statuses([profile], AS_OF)[profile.pk].qualified is False

    def test_valid_industry_certificate(self):
        profile = TeacherProfileFactory()
        TeacherCertificateFactory(profile=profile, valid_until=AS_OF)
        assert services.dual_statuses([profile], AS_OF)[profile.pk].qualified is True

    def test_expired_or_teaching_certificate_does_not_count(self):
        profile = TeacherProfileFactory()
        TeacherCertificateFactory(profile=profile, valid_until=AS_OF - dt.timedelta(days=1))
        TeacherCertificateFactory(profile=profile, kind=CertificateKind.TEACHING)
        TeacherCertificateFactory(profile=profile, issued_on=AS_OF + dt.timedelta(days=1))
        assert services.dual_statuses([profile], AS_OF)[profile.pk].qualified is False

    def test_enough_counted_practice_days(self):
        profile = TeacherProfileFactory()
        counted(profile, dt.date(2024, 1, 1), dt.date(2024, 12, 31), 179)
        assert services.dual_statuses([profile], AS_OF)[profile.pk].qualified is False
        counted(profile, dt.date(2025, 1, 1), dt.date(2025, 1, 1), 1)
        assert services.dual_statuses([profile], AS_OF)[profile.pk].qualified is True

    def test_years_in_industry(self):
        profile = TeacherProfileFactory(industry_years=3)
        assert services.dual_statuses([profile], AS_OF)[profile.pk].qualified is True

    def test_rule_from_settings(self, settings):
        settings.FACULTY_DUAL_QUALIFIED_RULE = {"min_industry_years": None, "certificate_kinds": ["teaching"]}
        profile = TeacherProfileFactory(industry_years=10)
        assert services.dual_statuses([profile], AS_OF)[profile.pk].qualified is False
        TeacherCertificateFactory(profile=profile, kind=CertificateKind.TEACHING)
        assert services.dual_statuses([profile], AS_OF)[profile.pk].qualified is True

    def test_ratio_per_department_and_college(self):
        a1 = TeacherProfileFactory(industry_years=5)
        TeacherProfileFactory(department=a1.department)
        b1 = TeacherProfileFactory(industry_years=4)
        college, rows = services.dual_ratios([a1, *a1.department.teacher_profiles.exclude(pk=a1.pk), b1], AS_OF)
        assert (college.qualified, college.total, college.percent) == (2, 3, Decimal("66.7"))
        by_name = {r.name: r for r in rows}
        assert by_name[a1.department.name].percent == Decimal("50.0")
        assert by_name[b1.department.name].percent == Decimal("100.0")


class TestPlacementWorkflow:
    def test_days_cannot_exceed_period(self, enterprise_org):
        profile = TeacherProfileFactory()
        with pytest.raises(ValidationError) as exc:
            services.placement_create(teacher=profile, host=enterprise_org, start_date=dt.date(2025, 1, 1),
                                      end_date=dt.date(2025, 1, 10), days=11, role="剪辑师")
        assert "days" in exc.value.message_dict

    def test_host_must_be_enterprise(self, department):
        profile = TeacherProfileFactory()
        with pytest.raises(ValidationError):
            services.placement_create(teacher=profile, host=department, start_date=dt.date(2025, 1, 1),
                                      end_date=dt.date(2025, 1, 10), days=5, role="剪辑师")

    def test_agreement_must_be_station_with_the_host(self, enterprise_org, other_enterprise_org, college):
        from partnerships.models import Agreement

        profile = TeacherProfileFactory()
        general = Agreement.objects.create(code="G-1", title="合作", kind="general", college=college,
                                           start_date=dt.date(2024, 1, 1), end_date=dt.date(2027, 1, 1))
        general.parties.add(enterprise_org)
        station = Agreement.objects.create(code="W-1", title="工作站", kind="workstation", college=college,
                                           start_date=dt.date(2024, 1, 1), end_date=dt.date(2027, 1, 1))
        station.parties.add(other_enterprise_org)
        base = {"teacher": profile, "host": enterprise_org, "start_date": dt.date(2025, 1, 1),
                "end_date": dt.date(2025, 1, 10), "days": 5, "role": "剪辑师"}
        for agreement in (general, station):
            with pytest.raises(ValidationError) as exc:
                services.placement_create(agreement=agreement, **base)
            assert "agreement" in exc.value.message_dict
        station.parties.add(enterprise_org)
        assert services.placement_create(agreement=station, **base).agreement == station

    def test_full_path_and_refusals(self, enterprise_user, enterprise_org):
        p = TeacherPlacementFactory(host=enterprise_org)
        with pytest.raises(TransitionNotAllowed):
            services.placement_confirm(placement=p, by=enterprise_user)
        services.placement_submit(placement=p, by=p.teacher.user)
        with pytest.raises(TransitionNotAllowed):
            services.placement_submit(placement=p, by=p.teacher.user)
        with pytest.raises(TransitionNotAllowed):
            services.placement_count(placement=p)
        services.placement_confirm(placement=p, by=enterprise_user)
        assert p.confirmed_by == enterprise_user and p.confirmed_at
        with pytest.raises(TransitionNotAllowed):
            services.placement_update(placement=p, role="x")
        services.placement_count(placement=p)
        assert p.status == PlacementStatus.COUNTED
        with pytest.raises(TransitionNotAllowed):
            services.placement_return(placement=p, reason="x")
        from core.workflow import history_for

        assert [h.to_status for h in history_for(p)] == ["counted", "confirmed", "submitted"]
        assert p.history.count() >= 4

    def test_return_needs_reason_and_allows_resubmission(self):
        p = TeacherPlacementFactory(status=PlacementStatus.SUBMITTED)
        with pytest.raises(ValidationError):
            services.placement_return(placement=p, reason="  ")
        services.placement_return(placement=p, reason="请补充实践证明")
        assert p.status == PlacementStatus.RETURNED and p.return_reason == "请补充实践证明"
        services.placement_update(placement=p, days=15)
        services.placement_submit(placement=p)
        p.refresh_from_db()
        assert p.status == PlacementStatus.SUBMITTED and p.return_reason == ""

    def test_overlapping_placements_refused(self):
        first = TeacherPlacementFactory(status=PlacementStatus.SUBMITTED)
        second = TeacherPlacementFactory(teacher=first.teacher, start_date=dt.date(2025, 3, 31),
                                         end_date=dt.date(2025, 4, 10), days=5)
        with pytest.raises(Overlap):
            services.placement_submit(placement=second)
        adjacent = TeacherPlacementFactory(teacher=first.teacher, start_date=dt.date(2025, 4, 1),
                                           end_date=dt.date(2025, 4, 10), days=5)
        services.placement_submit(placement=adjacent)

    def test_only_drafts_deleted(self):
        p = TeacherPlacementFactory(status=PlacementStatus.SUBMITTED)
        with pytest.raises(TransitionNotAllowed):
            services.placement_delete(placement=p)

    def test_profile_ensure_needs_teacher_role(self, student, teacher, department):
        with pytest.raises(RuleViolation):
            services.teacher_profile_ensure(user=student)
        assert services.teacher_profile_ensure(user=teacher).department == department


class TestPayAndScore:
    def test_pay_is_decimal_rounded_half_up(self):
        assert services.compute_pay(Decimal("2.5"), Decimal("0.03")) == Decimal("0.08")  # 0.075 -> 0.08
        assert services.compute_pay(Decimal("32.0"), Decimal("312.50")) == Decimal("10000.00")
        assert services.compute_pay(Decimal("0.1"), Decimal("0.2")) == Decimal("0.02")

    def test_assignment_takes_instructor_rate(self, enterprise_org):
        a = TeachingAssignmentFactory.build()
        instructor = a.instructor
        instructor.enterprise = enterprise_org
        instructor.hourly_rate = Decimal("333.33")
        instructor.save()
        a.course.save()
        assignment = services.assignment_create(instructor=instructor, course=a.course, term="2025-2026-1",
                                                hours=Decimal("3.0"))
        assert assignment.rate == Decimal("333.33") and assignment.pay == Decimal("999.99")
        services.assignment_update(assignment=assignment, hours=Decimal("1.5"))
        assert assignment.pay == Decimal("500.00")  # 499.995 rounds half up

    def test_assignment_bad_term_and_duplicate(self):
        a = TeachingAssignmentFactory()
        with pytest.raises(ValidationError):
            services.assignment_create(instructor=a.instructor, course=a.course, term="2025秋", hours=Decimal("2"))
        with pytest.raises(ValidationError):
            services.assignment_create(instructor=a.instructor, course=a.course, term=a.term, hours=Decimal("2"))

    def test_inactive_instructor_gets_no_assignment(self):
        a = TeachingAssignmentFactory()
        a.instructor.archived_at = timezone.now()
        a.instructor.save()
        with pytest.raises(RuleViolation):
            services.assignment_create(instructor=a.instructor, course=a.course, term="2026-2027-1", hours=Decimal("2"))

    def test_score_breakdown_arithmetic(self, admin_user):
        profile = TeacherProfileFactory()
        # 20 days in 2025 and 10 of 20 in 2024/2025 straddle: only the 2025 part counts
        counted(profile, dt.date(2025, 3, 1), dt.date(2025, 3, 31), 20)
        counted(profile, dt.date(2024, 12, 22), dt.date(2025, 1, 10), 20)
        TrainingRecordFactory(profile=profile, hours=Decimal("12.5"))
        TeachingAssignmentFactory(mentor=profile.user, term="2025-2026-1")
        TeachingAssignmentFactory(mentor=profile.user, term="2024-2025-2")  # other year
        # entered by a college admin: verified by them, so it counts
        services.reform_create(profile=profile, kind=ReformKind.FLIPPED, title="翻转课堂", year=2025, by=admin_user)
        TeacherAward.objects.create(profile=profile, year=2025, title="省级教学能力比赛二等奖",
                                    level=AwardLevel.PROVINCIAL)
        [a] = services.assessment_compute(year=2025, profiles=[profile])
        b = a.breakdown
        assert b["placement_days"] == {"quantity": "30", "weight": "0.50", "points": "15.00"}
        assert b["projects"]["points"] == "10.00"
        assert b["mentored"]["points"] == "3.00"
        assert b["training_hours"]["points"] == "2.50"
        assert b["reforms"]["points"] == "4.00"
        assert b["award_provincial"]["points"] == "12.00"
        assert a.score == Decimal("46.50")
        # recomputing updates the same row and the scheme cap applies
        a.scheme.max_score = Decimal("40.00")
        a.scheme.save()
        [again] = services.assessment_compute(year=2025, profiles=[profile])
        assert again.pk == a.pk and again.score == Decimal("40.00")

    def test_assessment_year_validated(self):
        with pytest.raises(ValidationError):
            services.assessment_compute(year=1999)

    def test_xlsx_export(self):
        from io import BytesIO

        from openpyxl import load_workbook

        profile = TeacherProfileFactory()
        services.assessment_compute(year=2025, profiles=[profile])
        content = services.assessments_xlsx(profile.assessments.select_related("profile__user", "profile__department"))
        ws = load_workbook(BytesIO(content)).active
        assert ws.max_row == 2 and ws.cell(2, 1).value == str(profile.user)


class TestMetrics:
    def test_enterprise_metrics(self, enterprise_org, other_enterprise_org, django_assert_max_num_queries):
        from faculty.metrics import enterprise_metrics

        t1, t2 = TeacherProfileFactory(), TeacherProfileFactory()
        TeacherPlacementFactory(teacher=t1, host=enterprise_org, status=PlacementStatus.CONFIRMED)
        TeacherPlacementFactory(teacher=t1, host=enterprise_org, status=PlacementStatus.COUNTED,
                                start_date=dt.date(2025, 5, 1), end_date=dt.date(2025, 5, 10), days=10)
        TeacherPlacementFactory(teacher=t2, host=enterprise_org, status=PlacementStatus.SUBMITTED,
                                start_date=dt.date(2025, 6, 1), end_date=dt.date(2025, 6, 10), days=10)
        TeacherPlacementFactory(teacher=t2, host=enterprise_org, status=PlacementStatus.COUNTED,
                                start_date=dt.date(2024, 6, 1), end_date=dt.date(2024, 6, 10), days=10)
        with django_assert_max_num_queries(1):
            m = enterprise_metrics([enterprise_org.pk, other_enterprise_org.pk],
                                   start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
        assert m[enterprise_org.pk] == {"teachers_hosted": 1, "teacher_placement_days": 30}
        assert m[other_enterprise_org.pk] == {"teachers_hosted": 0, "teacher_placement_days": 0}
