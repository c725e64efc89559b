"""The signed hidden value every rendered form carries.

It says when the form was rendered (a script posts too fast, or replays an
old form) and where the visitor came from (the briefing, the referring domain,
the UTM parameters: see .attribution), so none of that is taken from the POST
on trust.
"""

import time
from dataclasses import asdict, dataclass, field, replace

from django.conf import settings
from django.core import signing

from .attribution import first_touch

SALT = "leads.request-form"


class Expired(Exception):
    """Rendered too long ago; ``stamp`` is still genuine and can be renewed."""

    def __init__(self, stamp):
        super().__init__("form stamp expired")
        self.stamp = stamp


@dataclass(frozen=True)
class Stamp:
    briefing_id: int | None = None
    referrer_domain: str = ""
    utm: dict = field(default_factory=dict)
    privacy_notice_version: str = ""
    # Issued again after a form was sent back to be checked (too old, or too
    # fast): the person has filled it in already and may send it straight away.
    renewed: bool = False
    age: float = 0.0

    @classmethod
    def for_request(cls, request, briefing=None):
        referrer, utm = first_touch(request)
        return cls(
            briefing_id=briefing.pk if briefing else None,
            referrer_domain=referrer,
            utm=utm,
            privacy_notice_version=settings.LEADS_PRIVACY_NOTICE_VERSION,
        )

    def renew(self):
        return replace(self, renewed=True).sign()

    def sign(self):
        payload = asdict(self)
        del payload["age"]
        return signing.TimestampSigner(salt=SALT).sign_object(payload, compress=True)

    @classmethod
    def unsign(cls, value):
        """The stamp in ``value``: BadSignature if forged, Expired if too old."""
        signer = signing.TimestampSigner(salt=SALT)
        payload = signer.unsign_object(value)
        # Verified above, so the timestamp in the middle is the one we wrote.
        signed_at = signing.b62_decode(value.rsplit(signer.sep, 2)[1])
        try:
            stamp = cls(**payload, age=time.time() - signed_at)
        except TypeError as exc:  # signed by an older release of this form
            raise signing.BadSignature("unknown stamp format") from exc
        if stamp.age > settings.LEADS_MAX_FORM_AGE_SECONDS:
            raise Expired(stamp)
        return stamp
