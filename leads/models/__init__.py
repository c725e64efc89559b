"""The leads app's models, one module per subject; import them from here."""

from .alerts import (
    Announcement,
    ConsentSource,
    FollowedCountry,
    FollowedTopic,
    Frequency,
    Subscriber,
    SubscriberQuerySet,
)
from .leads import (
    DISPOSABLE_STATUSES,
    OPEN_STATUSES,
    REFERENCE_ALPHABET,
    REFERENCE_LENGTH,
    REFERENCE_PATTERN,
    REFERENCE_PREFIX,
    REQUIREMENTS_MAX_LENGTH,
    SOURCE_FIELDS,
    SUBMITTED_FIELDS,
    UTM_PARAMETERS,
    Lead,
    LeadCountry,
    LeadQuerySet,
    LeadStatus,
    new_reference,
)
from .outbox import (
    EmailKind,
    EmailState,
    OutgoingEmail,
    OutgoingEmailQuerySet,
    stuck_before,
)
from .privacy import ErasureRecord
from .prospects import Prospect, ProspectQuerySet
from .recipients import LeadRecipient, LeadRecipientChange
from .routing import RoutingRule, RoutingRuleChange, RoutingRuleQuerySet
from .sectors import LeadSector, Sector
from .triage import NOTE_MAX_LENGTH, LeadEvent, LeadEventKind, LeadNote

__all__ = [
    "Announcement",
    "ConsentSource",
    "FollowedCountry",
    "FollowedTopic",
    "Frequency",
    "Subscriber",
    "SubscriberQuerySet",
    "DISPOSABLE_STATUSES",
    "EmailKind",
    "EmailState",
    "NOTE_MAX_LENGTH",
    "OPEN_STATUSES",
    "REFERENCE_ALPHABET",
    "REFERENCE_LENGTH",
    "REFERENCE_PATTERN",
    "REFERENCE_PREFIX",
    "REQUIREMENTS_MAX_LENGTH",
    "SOURCE_FIELDS",
    "SUBMITTED_FIELDS",
    "UTM_PARAMETERS",
    "ErasureRecord",
    "Lead",
    "LeadCountry",
    "LeadEvent",
    "LeadEventKind",
    "LeadNote",
    "LeadQuerySet",
    "LeadRecipient",
    "LeadRecipientChange",
    "LeadSector",
    "LeadStatus",
    "OutgoingEmail",
    "OutgoingEmailQuerySet",
    "Prospect",
    "ProspectQuerySet",
    "RoutingRule",
    "RoutingRuleChange",
    "RoutingRuleQuerySet",
    "Sector",
    "new_reference",
    "stuck_before",
]
