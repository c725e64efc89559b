"""The leads admin: each module registers the admins of one subject."""

from .privacy import ErasureRecordAdmin
from .prospects import LeadInline, ProspectAdmin
from .readonly import ReadOnlyAdmin
from .requests import LeadAdmin, NotificationInline
from .routing import RoutingRuleAdmin, RoutingRuleChangeAdmin

__all__ = [
    "ErasureRecordAdmin",
    "LeadAdmin",
    "LeadInline",
    "NotificationInline",
    "ProspectAdmin",
    "ReadOnlyAdmin",
    "RoutingRuleAdmin",
    "RoutingRuleChangeAdmin",
]
