"""Labels for rows that are not model instances (list pages read ``values_list`` tuples for speed): the same
``get_<field>_display()`` a model gives its choice fields, from the model's own ``TextChoices``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T", bound=type)


def choice_labels(**fields: Any) -> Callable[[T], T]:
    """Class decorator: ``@choice_labels(status=Status)`` adds ``get_status_display()`` (each value a
    ``TextChoices``). As on a model, a value the choices do not know shows as itself."""

    def decorate(cls: T) -> T:
        for name, choices in fields.items():
            labels = {value: str(label) for value, label in choices.choices}

            def get_display(self, _name: str = name, _labels: dict = labels) -> str:
                value = getattr(self, _name)
                return _labels.get(value, value)

            get_display.__name__ = get_display.__qualname__ = f"get_{name}_display"
            setattr(cls, get_display.__name__, get_display)
        return cls

    return decorate
