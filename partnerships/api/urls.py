from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("enterprises", views.EnterpriseViewSet, basename="enterprise")
router.register("associations", views.AssociationViewSet, basename="association")
router.register("agreements", views.AgreementViewSet, basename="agreement")
router.register("order-classes", views.OrderClassViewSet, basename="order-class")
router.register("industry-projects", views.IndustryProjectViewSet, basename="industry-project")
router.register("contact-logs", views.ContactLogViewSet, basename="contact-log")

urlpatterns = router.urls
