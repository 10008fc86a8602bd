"""Template helpers."""

from django import forms, template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``{{ row|get_item:name }}``: a dictionary value by a variable key."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def anchor(field) -> str:
    """The id of a field's first input, which an error summary links to.

    Radios and multi-part inputs (a GOV.UK date) have no single id: their first part's.
    """
    widget = field.field.widget
    if isinstance(widget, forms.MultiWidget | forms.RadioSelect):
        return f"{field.auto_id}_0"
    return field.auto_id
