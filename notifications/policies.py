"""Write rights for notifications: only the recipient acts on a notification; nobody creates one by API."""
from core.api import Policy


class NotificationPolicy(Policy):
    def can_create(self, user, data=None) -> bool:
        return False  # notifications come from services and reminder jobs, never from clients

    def can_update(self, user, obj) -> bool:
        return False

    def can_delete(self, user, obj) -> bool:
        return False

    def can_action(self, user, obj, action: str) -> bool:
        if action == "read_all":  # a step on the user's own collection (obj is None): it touches nothing else
            return bool(getattr(user, "is_authenticated", False))
        return action == "read" and obj is not None and obj.recipient_id == user.pk
