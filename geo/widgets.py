"""The unit picker as a form widget: every form field that takes a unit renders the one picker
(templates/partials/unit_picker.html) instead of a box for a numeric code."""

from django import forms
from django.template.loader import render_to_string
from django.urls import reverse

from geo.selectors import unit_on


class UnitPickerWidget(forms.Widget):
    """Submits the chosen unit's code under the field's name; the search box itself is submitted nowhere.

    ``url_name`` points the search elsewhere (the citizens' pages use the endpoint that needs no account);
    ``level`` limits the suggestions to one level."""

    def __init__(self, *, url_name: str = "geo:picker", level: str = "", attrs=None):
        super().__init__(attrs)
        self.url_name = url_name
        self.level = level

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        chosen = unit_on(str(value)) if value else None
        url = reverse(self.url_name)
        return render_to_string(
            "partials/unit_picker.html",
            {
                "name": name,
                "input_id": attrs.get("id", f"picker-{name}"),
                "hide_label": True,
                "url": url,
                "chosen": chosen,
                "level": self.level,
            },
        )
