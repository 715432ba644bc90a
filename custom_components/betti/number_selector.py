"""A number selector for flows that also refuses nan, which passes HA's min and max checks."""

import math
from typing import Any, override

from homeassistant.helpers.selector import NumberSelector
import probatio


class FiniteNumberSelector(NumberSelector):
    """HA's number selector, refusing nan (``"nan" < min`` and ``> max`` are both false)."""

    @override
    def __call__(self, data: Any) -> float:
        value = super().__call__(data)
        if not math.isfinite(value):
            raise probatio.Invalid("not a finite number")  # noqa: TRY003
        return value
