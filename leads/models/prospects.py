"""People who asked for something, recognised by their email."""

from django.db import IntegrityError, models, transaction
from django.db.models import Case, Value, When
from django.db.models.functions import Lower, Replace, StrIndex, Substr
from django.db.models.lookups import GreaterThan
from django.utils.translation import gettext_lazy as _


def untagged_email():
    """The email in lower case without its +tag (amara+rfi@x and Amara@x
    reach one mailbox), as an expression the database keeps in a column. A
    domain has no "+": the first one ends the mailbox's name."""
    email = Lower("email")
    plus, at = StrIndex(email, Value("+")), StrIndex(email, Value("@"))
    tag = Substr(email, plus, at - plus)
    return Case(
        When(GreaterThan(plus, 0), then=Replace(email, tag, Value(""))),
        default=email,
    )


class ProspectQuerySet(models.QuerySet):
    def get_or_create_for_email(self, email):
        """The prospect with this email in any case, created as typed if new.

        Compared with the database's LOWER(), as in the unique index, so the two
        never disagree about which characters have a case.
        """
        matching = self.alias(key=Lower("email")).filter(key=Lower(Value(email)))
        if prospect := matching.first():
            return prospect
        try:
            with transaction.atomic():
                return self.create(email=email)
        except IntegrityError:  # created meanwhile by a concurrent request
            return matching.get()


class Prospect(models.Model):
    """A person who asked for something, recognised by email whatever its case."""

    email = models.EmailField(
        _("email"), help_text=_("As typed in their first request.")
    )
    email_key = models.GeneratedField(
        expression=untagged_email(),
        output_field=models.EmailField(),
        db_persist=True,
        verbose_name=_("mailbox"),
        help_text=_("The email in lower case, without a +tag."),
    )
    created_at = models.DateTimeField(_("first seen"), auto_now_add=True)
    organisation = models.ForeignKey(
        "Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="prospects",
        verbose_name=_("organisation"),
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("merged into"),
        help_text=_(
            "Their requests moved to this prospect; undo the merge to move them back."
        ),
    )
    erased_at = models.DateTimeField(
        _("erased"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When their personal data was erased at their request."),
    )

    objects = ProspectQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("prospect")
        verbose_name_plural = _("prospects")
        permissions = [
            ("erase_prospect", _("Can erase a prospect's personal data")),
            ("export_prospect", _("Can export a prospect's personal data")),
        ]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="prospect_email_unique_ignoring_case",
                violation_error_message=_("A prospect with this email exists."),
            ),
        ]
        indexes = [models.Index(fields=["email_key"], name="prospect_mailbox")]

    def __str__(self):
        return self.email
