import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# Line and paragraph separators end a line in some mail clients and parsers.
LINE_SEPARATORS = {"\u2028", "\u2029"}
MULTILINE_ALLOWED = {"\n", "\r", "\t"}


@deconstructible
class ControlCharacterValidator:
    """Refuse control characters: they have no place in a name or an address.

    NUL is left to Django's own ProhibitNullCharactersValidator, which every
    form CharField already runs, so the person sees one message, not two.
    """

    code = "control_characters"

    def __init__(self, *, allow_newlines=False):
        self.allow_newlines = allow_newlines
        self.message = (
            _("Remove the invisible control characters from this text.")
            if allow_newlines
            else _("Use a single line, without line breaks or control characters.")
        )

    def __call__(self, value):
        allowed = MULTILINE_ALLOWED if self.allow_newlines else set()
        for char in str(value):
            if char == "\x00" or char in allowed:
                continue
            if unicodedata.category(char) == "Cc" or char in LINE_SEPARATORS:
                raise ValidationError(self.message, code=self.code)

    def __eq__(self, other):
        return (
            isinstance(other, ControlCharacterValidator)
            and self.allow_newlines == other.allow_newlines
        )


single_line = ControlCharacterValidator()
multiline = ControlCharacterValidator(allow_newlines=True)


# Format characters (Unicode category Cf: bidirectional overrides, embeddings,
# isolates and marks, zero-width spaces and joiners, soft hyphens, tags) reorder
# or hide what staff read, so that a name displays as something it is not or
# two different names look the same; so do the blank "filler" letters.
FILLERS = {"\u034f", "\u115f", "\u1160", "\u3164", "\uffa0"}


def is_invisible(char):
    return unicodedata.category(char) == "Cf" or char in FILLERS


def no_invisible_characters(value):
    if any(is_invisible(char) for char in str(value)):
        raise ValidationError(
            _(
                "Remove the invisible formatting characters (such as text-direction "
                "or zero-width marks) from this text."
            ),
            code="invisible_characters",
        )


def plain_email_address(value):
    """Refuse what Django's EmailValidator accepts but no prospect uses and some
    mail systems mishandle: quoted local parts ("a b"@example.com), IP literals
    (a@[192.0.2.1]) and dotless domains (a@localhost). Anything else it refuses
    is left to it, so the person sees one message."""
    local, at, domain = str(value).rpartition("@")
    if at and (local.startswith('"') or domain.startswith("[") or "." not in domain):
        raise ValidationError(
            _("Enter an ordinary email address, such as name@example.com."),
            code="unusual_email",
        )
