"""Template helpers for the conference pages: status tags, deadlines, GOV.UK form parts."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from cpmonitor.measures import authorisation as rule

register = template.Library()

#: state -> (label, GOV.UK tag colour)
STATES = {
    rule.AWAITING: ("Waiting for a decision", "govuk-tag--blue"),
    rule.RETURNED: ("Returned for information", "govuk-tag--yellow"),
    rule.AUTHORISED: ("Authorised", "govuk-tag--green"),
    rule.DECLINED: ("Declined", "govuk-tag--purple"),
    rule.NOT_REQUIRED: ("Authorisation not needed", "govuk-tag--grey"),
    rule.WITHDRAWN: ("Withdrawn", "govuk-tag--grey"),
}


@register.simple_tag
def state_tag(state: str):
    """A request's state as a GOV.UK tag."""
    label, colour = STATES.get(state, (state, ""))
    return format_html('<strong class="govuk-tag {}">{}</strong>', colour, label)


@register.simple_tag
def days_left(left: int, is_open: bool = True):
    """Working days to the conference deadline; overdue stands out (red tag)."""
    if not is_open:
        return "–"
    if left < 0:
        late = -left
        words = "Overdue" if late == 1 else f"Overdue by {late} working days"
        return format_html('<strong class="govuk-tag govuk-tag--red">{}</strong>', words)
    if left == 0:
        return format_html('<strong class="govuk-tag govuk-tag--orange">Due today</strong>')
    words = f"{left} working day{'s' if left != 1 else ''}"
    if left <= 3:
        return format_html('<strong class="govuk-tag govuk-tag--orange">{} left</strong>', words)
    return f"{words} left"


@register.filter
def date_parts(field) -> list[str]:
    """A GOV.UK date field's day, month and year as typed (or from its initial date)."""
    value = field.value() or ["", "", ""]
    return ["" if v is None else str(v) for v in value]


@register.filter
def plural(count, word: str) -> str:
    """``3|plural:"plan"`` -> ``3 plans``."""
    return f"{count} {word}{'' if count == 1 else 's'}"


@register.filter
def category(code: str | None) -> str:
    """A category of abuse code in words (``NEG`` -> ``Neglect``), from :mod:`cpmonitor.codes`."""
    from cpmonitor.codes import in_words

    return in_words(code, "category")


@register.filter
def about(days: int | None) -> str:
    """A number of days also in rough years and months: ``214`` -> ``about 7 months``."""
    if days is None:
        return ""
    if days < 31:
        return ""
    months = round(days / 30.4375)
    years, months = divmod(months, 12)
    parts = [f"{years} year{'s' if years != 1 else ''}"] if years else []
    if months:
        parts.append(f"{months} month{'s' if months != 1 else ''}")
    return "about " + " ".join(parts) if parts else ""
