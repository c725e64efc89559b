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
    ALERT_SOURCES,
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
    Channel,
    Lead,
    LeadCountry,
    LeadQuerySet,
    LeadStatus,
    new_reference,
)
from .organisations import DuplicatePair, Merge, Organisation
from .outbox import (
    EmailKind,
    EmailState,
    OutboxQuerySet,
    OutboxRow,
    OutgoingEmail,
    stuck_before,
)
from .pipeline import Activity, LostReason, Task, TaskQuerySet
from .privacy import ErasureRecord
from .prospects import Prospect, ProspectQuerySet
from .recipients import LeadRecipient, LeadRecipientChange
from .routing import RoutingRule, RoutingRuleChange, RoutingRuleCountry
from .scoring import ScoringWeights, default_weights
from .sectors import LeadSector, Sector
from .team import TeamChange, TeamChangeKind
from .triage import NOTE_MAX_LENGTH, LeadEvent, LeadEventKind, LeadNote
from .webhooks import Webhook, WebhookDelivery, WebhookEvent, new_secret

__all__ = [
    "Activity",
    "Channel",
    "DuplicatePair",
    "LostReason",
    "Merge",
    "Organisation",
    "ScoringWeights",
    "Task",
    "TaskQuerySet",
    "TeamChange",
    "TeamChangeKind",
    "Webhook",
    "WebhookDelivery",
    "WebhookEvent",
    "default_weights",
    "new_secret",
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
    "ALERT_SOURCES",
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
    "OutboxQuerySet",
    "OutboxRow",
    "Prospect",
    "ProspectQuerySet",
    "RoutingRule",
    "RoutingRuleChange",
    "RoutingRuleCountry",
    "Sector",
    "new_reference",
    "stuck_before",
]
