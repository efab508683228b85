from django import forms
from django.core.exceptions import ValidationError

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def form_add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: per field where the form has that field, else
    above the form. The form keeps what was typed."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class StyledForm(forms.Form):
    """Gives every input Bootstrap's class, so templates render fields without per-field markup."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            # Choices are styled by their label (ui/includes/field.html), not as text boxes.
            if isinstance(
                widget, (forms.RadioSelect, forms.CheckboxSelectMultiple, forms.CheckboxInput, forms.HiddenInput)
            ):
                continue
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            else:
                css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
