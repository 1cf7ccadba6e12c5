from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("reports", views.ReportJobViewSet, basename="reportjob")

urlpatterns = router.urls
