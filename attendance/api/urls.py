from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("check-ins", views.CheckInViewSet, basename="check-in")
router.register("leave-requests", views.LeaveRequestViewSet, basename="leave-request")
router.register("calendar-days", views.CalendarDayViewSet, basename="calendar-day")
router.register("attendance-rules", views.AttendanceRulesViewSet, basename="attendance-rules")
router.register("workplaces", views.WorkplaceViewSet, basename="workplace")
router.register("absences", views.AbsenceViewSet, basename="absence")
router.register("working-time-breaches", views.WorkingTimeBreachViewSet, basename="working-time-breach")
router.register("supervision-visits", views.SupervisionVisitViewSet, basename="supervision-visit")
router.register("attendance-sheets", views.AttendanceSheetViewSet, basename="attendance-sheet")

urlpatterns = router.urls
