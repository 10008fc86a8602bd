"""Template helpers."""

from django import forms, template

from cpmonitor.measures.registry import REPEAT_MEASURES

register = template.Library()


@register.filter
def measure_label(name: str) -> str:
    """``{{ "plans_started"|measure_label }}``: a repeat-plan measure's label from the measures
    registry (:data:`cpmonitor.measures.registry.REPEAT_MEASURES`, as the command line and the
    report label it), without the command line's indent."""
    try:
        return REPEAT_MEASURES[name].label.strip()
    except KeyError:
        raise KeyError(f"{name!r} is not a measure in cpmonitor.measures.registry") from None


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
