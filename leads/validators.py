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
