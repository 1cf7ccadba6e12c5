from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("webhooks/endpoints", views.WebhookEndpointViewSet, basename="webhook-endpoint")
router.register("webhooks/deliveries", views.DeliveryViewSet, basename="webhook-delivery")
router.register("chat-channels", views.ChatChannelViewSet, basename="chat-channel")

urlpatterns = router.urls
