"""Template helpers."""

from urllib.parse import quote

from django import forms, template
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from cpmonitor.measures.registry import REPEAT_MEASURES
from cpmonitor.web.words import cell

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


#: A cohort table's dates do not wrap; a gap's band is a GOV.UK tag in its colour.
_NOWRAP = frozenset(("start_date", "end_date", "previous_end"))
_GAP_TAGS = {"within two years": "govuk-tag--red", "over two years": "govuk-tag--blue"}


@register.simple_tag
def cohort_rows(rows, fields):
    """``{% cohort_rows rows fields %}``: the repeat-plans table's body rows, one cell per
    field, values as :func:`cpmonitor.web.words.cell` shows them, each child's reference a
    link to their timeline and the gap band a coloured tag.

    Built here rather than by template loops: a cohort has hundreds of rows of eleven cells,
    and the template engine spent about 80% of the page's time on them.
    """
    names = [f for f, _label in fields]
    timeline = reverse("dashboard:timeline", args=["-"])[:-2]  # the prefix, joined per row
    out = []
    for r in rows:
        cells = []
        for f in names:
            v = r.get(f)
            cls = "govuk-table__cell app-nowrap" if f in _NOWRAP else "govuk-table__cell"
            if f == "child_id" and r.get("ref"):
                href = f"{timeline}{quote(str(r['ref']), safe='')}/"
                inner = format_html('<a class="govuk-link" href="{}">{}</a>', href, v)
            elif f == "gap_group":
                tag = _GAP_TAGS.get(v, "govuk-tag--grey")
                inner = format_html('<strong class="govuk-tag {}">{}</strong>', tag, v)
            else:
                inner = conditional_escape(cell(v, f))
            cells.append(f'<td class="{cls}">{inner}</td>')
        out.append('<tr class="govuk-table__row">' + "".join(cells) + "</tr>")
    return mark_safe("\n".join(out))  # noqa: S308 - every value escaped above
