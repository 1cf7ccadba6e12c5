from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("postings", views.PostingViewSet, basename="posting")
router.register("applications", views.ApplicationViewSet, basename="application")
router.register("placements", views.PlacementViewSet, basename="placement")
router.register("weekly-logs", views.WeeklyLogViewSet, basename="weekly-log")
router.register("intern-evaluations", views.InternEvaluationViewSet, basename="intern-evaluation")
router.register("employment-outcomes", views.EmploymentOutcomeViewSet, basename="employment-outcome")
router.register("safety-incidents", views.SafetyIncidentViewSet, basename="safety-incident")

urlpatterns = router.urls
