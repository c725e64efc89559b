"""The leads admin: each module registers the admins of one subject."""

from .alerts import SubscriberAdmin
from .leads import EmailInline, LeadAdmin
from .pipeline import LostReasonAdmin
from .privacy import ErasureRecordAdmin
from .prospects import LeadInline, ProspectAdmin
from .readonly import ReadOnlyAdmin
from .routing import (
    LeadRecipientAdmin,
    LeadRecipientChangeAdmin,
    RoutingRuleAdmin,
    RoutingRuleChangeAdmin,
)

__all__ = [
    "SubscriberAdmin",
    "ErasureRecordAdmin",
    "LeadAdmin",
    "LeadInline",
    "LeadRecipientAdmin",
    "LeadRecipientChangeAdmin",
    "LostReasonAdmin",
    "EmailInline",
    "ProspectAdmin",
    "ReadOnlyAdmin",
    "RoutingRuleAdmin",
    "RoutingRuleChangeAdmin",
]
