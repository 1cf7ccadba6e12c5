"""Write rights for accounts resources."""
from core.api import Policy

from .policy import access_for


class OrganizationPolicy(Policy):
    def can_create(self, user, data=None) -> bool:
        return access_for(user).is_college_admin

    def can_update(self, user, obj) -> bool:
        return access_for(user).is_college_admin

    def can_delete(self, user, obj) -> bool:
        return False  # organisations are deactivated, never deleted (history hangs off them)


class UserPolicy(Policy):
    def can_create(self, user, data=None) -> bool:
        return access_for(user).is_college_admin

    def can_update(self, user, obj) -> bool:
        return access_for(user).is_college_admin

    def can_delete(self, user, obj) -> bool:
        return False

    def can_action(self, user, obj, action: str) -> bool:
        return access_for(user).is_college_admin
