from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def check_date_of_birth(born: date) -> date:
    """A youth's date of birth: not in the future, and not before 1990."""
    if born > date.today():
        raise ValidationError(_("The date of birth cannot be in the future."))
    if born.year < 1990:
        raise ValidationError(_("Check the year: that date is too long ago."))
    return born
