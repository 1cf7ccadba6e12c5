from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("funding-sources", views.FundingSourceViewSet, basename="funding-source")
router.register("budgets", views.BudgetViewSet, basename="budget")
router.register("expenditures", views.ExpenditureViewSet, basename="expenditure")
router.register("training-bases", views.TrainingBaseViewSet, basename="training-base")
router.register("equipment", views.EquipmentViewSet, basename="equipment")
router.register("bookings", views.BookingViewSet, basename="booking")
router.register("incentives", views.IncentiveViewSet, basename="incentive")
router.register("standards", views.StandardViewSet, basename="standard")
router.register("program-evaluations", views.ProgramEvaluationViewSet, basename="program-evaluation")
router.register("evaluation-criteria", views.EvaluationCriterionViewSet, basename="evaluation-criterion")

urlpatterns = router.urls
