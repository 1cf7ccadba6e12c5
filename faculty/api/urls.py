from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("teachers", views.TeacherProfileViewSet, basename="teacher")
router.register("teacher-placements", views.TeacherPlacementViewSet, basename="teacher-placement")
router.register("trainings", views.TrainingRecordViewSet, basename="training")
router.register("teacher-certificates", views.TeacherCertificateViewSet, basename="teacher-certificate")
router.register("teaching-reforms", views.ReformRecordViewSet, basename="teaching-reform")
router.register("industry-years-declarations", views.IndustryYearsDeclarationViewSet,
                basename="industry-years-declaration")
router.register("part-time-instructors", views.PartTimeInstructorViewSet, basename="part-time-instructor")
router.register("teaching-assignments", views.TeachingAssignmentViewSet, basename="teaching-assignment")
router.register("instructor-evaluations", views.InstructorEvaluationViewSet, basename="instructor-evaluation")
router.register("teacher-awards", views.TeacherAwardViewSet, basename="teacher-award")
router.register("assessments", views.AssessmentViewSet, basename="assessment")

urlpatterns = router.urls
