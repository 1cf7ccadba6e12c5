from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("programs", views.ProgramViewSet, basename="program")
router.register("course-modules", views.CourseModuleViewSet, basename="course-module")
router.register("courses", views.CourseViewSet, basename="course")
router.register("competencies", views.CompetencyViewSet, basename="competency")
router.register("job-posts", views.JobPostViewSet, basename="job-post")
router.register("competitions", views.CompetitionViewSet, basename="competition")
router.register("certificates", views.CertificateViewSet, basename="certificate")
router.register("student-achievements", views.StudentAchievementViewSet, basename="student-achievement")
router.register("course-projects", views.CourseProjectViewSet, basename="course-project")
router.register("coverage", views.CoverageViewSet, basename="coverage")

urlpatterns = router.urls
