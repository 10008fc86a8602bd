"""Forms for conference requests, with GOV.UK date inputs (day, month, year)."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone

from cpmonitor.measures import authorisation as rule

from ..accounts.models import Team


class DateInput(forms.MultiWidget):
    """Three boxes, day / month / year, as the GOV.UK date input."""

    def __init__(self, attrs=None):
        box = {"inputmode": "numeric"}
        super().__init__([forms.TextInput(box), forms.TextInput(box), forms.TextInput(box)], attrs)

    def decompress(self, value):
        return [value.day, value.month, value.year] if value else [None, None, None]


class DateField(forms.MultiValueField):
    """A date from day, month and year, with the GOV.UK error messages."""

    widget = DateInput

    def __init__(self, *, label: str, **kwargs):
        parts = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(parts, label=label, require_all_fields=False, required=True, **kwargs)
        self.error_messages["required"] = f"Enter the {label[0].lower()}{label[1:]}"
        self.error_messages["incomplete"] = self.error_messages["required"]

    def prepare_value(self, value):
        return self.widget.decompress(value) if isinstance(value, date) else value

    def compress(self, values):
        if not values:
            return None
        day, month, year = (str(v or "").strip() for v in values)
        label = self.label
        missing = [n for n, v in (("day", day), ("month", month), ("year", year)) if not v]
        if len(missing) == 3:
            raise forms.ValidationError(self.error_messages["required"])
        if missing:
            raise forms.ValidationError(f"{label} must include a {' and a '.join(missing)}")
        if not (day.isdigit() and month.isdigit() and year.isdigit()) or len(year) != 4:
            raise forms.ValidationError(f"{label} must be a real date, for example 27 3 2016")
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(f"{label} must be a real date") from None

    def clean(self, value):
        # a blank date is "required", not three "this field is required" messages
        if not value or not any(str(v or "").strip() for v in value):
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return self.compress(value)


def _text(label: str, help_text: str = "", required: bool = True, rows: int = 5):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": rows}),
        strip=True,
        error_messages={"required": f"Enter {label[0].lower()}{label[1:]}"},
    )


class RequestForm(forms.Form):
    """Step 1: who the child is, when the enquiry started, and why a conference is needed."""

    child_id = forms.CharField(
        label="LAchildID",
        max_length=40,
        help_text="The child's ID in your case system, as in the census return. For a child "
        "new to the council, the ID the case system has given them.",
        error_messages={"required": "Enter the child's LAchildID"},
    )
    team = forms.ModelChoiceField(
        label="Team",
        queryset=Team.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose your team"},
    )
    s47_start = DateField(
        label="Section 47 enquiry start date",
        help_text="For example, 27 3 2016. The conference is due within 15 working days of it.",
    )
    proposed_date = DateField(
        label="Proposed conference date", help_text="When you plan to hold the conference"
    )
    reasons = _text("Why a conference is needed", "The concerns, and what the enquiry found")

    def __init__(self, *args, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams if teams is not None else Team.objects.none()
        if teams is not None and teams.count() == 1:
            self.fields["team"].initial = teams.first().pk

    def clean_child_id(self) -> str:
        child_id = self.cleaned_data["child_id"].strip()
        if not child_id:
            raise forms.ValidationError("Enter the child's LAchildID")
        return child_id

    def clean_s47_start(self) -> date:
        day = self.cleaned_data["s47_start"]
        if day > timezone.localdate():
            raise forms.ValidationError("Section 47 enquiry start date must be today or earlier")
        return day

    def clean(self):
        data = super().clean()
        start, proposed = data.get("s47_start"), data.get("proposed_date")
        if start and proposed and proposed < start:
            self.add_error(
                "proposed_date", "Proposed conference date must be on or after the enquiry started"
            )
        return data


class ConfirmForm(forms.Form):
    """Step 2: the worker confirms or corrects the history the returns show."""

    history_right = forms.ChoiceField(
        label="Is this the child's full history of child protection plans?",
        choices=[
            ("yes", "Yes, as far as I know"),
            ("no", "No: there are other plans, or something here is wrong"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether this is the child's full history"},
    )
    other_plans = forms.IntegerField(
        label="How many other plans did the child have?",
        help_text="Plans not shown above, for example in another council. 0 if none.",
        min_value=0,
        max_value=30,
        required=False,
        error_messages={
            "invalid": "Enter the number of other plans as a whole number, like 1",
            "min_value": "The number of other plans must be 0 or more",
            "max_value": "The number of other plans must be 30 or fewer",
        },
    )
    other_plans_detail = _text(
        "About the other plans",
        "Which council, roughly when, the category of abuse, as far as known",
        required=False,
        rows=3,
    )
    history_note = _text(
        "What is wrong in the history above",
        "The Group Manager sees this beside the record",
        required=False,
        rows=3,
    )
    what_changed = _text(
        "What has changed since the last plan ended",
        "For a child who has had a plan before: why the earlier work did not last, and what "
        "is different now",
        required=False,
    )

    def __init__(self, *args, needs_what_changed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs_what_changed = needs_what_changed

    def clean(self):
        data = super().clean()
        other = data.get("other_plans") or 0
        data["other_plans"] = other
        if data.get("history_right") == "no":
            if not other and not data.get("history_note"):
                self.add_error(
                    "other_plans",
                    "Enter how many other plans there were, or say what is wrong below",
                )
            if other and not data.get("other_plans_detail"):
                self.add_error("other_plans_detail", "Enter what you know about the other plans")
        elif data.get("history_right") == "yes":
            data["other_plans"] = 0
        if (self.needs_what_changed or other) and not data.get("what_changed"):
            self.add_error("what_changed", "Enter what has changed since the last plan ended")
        return data


class DecisionForm(forms.Form):
    """A Group Manager's decision, always with a written rationale."""

    outcome = forms.ChoiceField(
        label="Your decision",
        choices=[
            (rule.AUTHORISED, "Authorise the conference"),
            (rule.DECLINED, "Decline"),
            (rule.RETURNED, "Return to the social worker for more information"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose your decision"},
    )
    rationale = _text(
        "Rationale",
        "Why you decided this. It is kept with the request and cannot be changed later.",
    )
    seen = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, current: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if current in rule.DECISIONS:  # changing a decision: offer the others
            self.fields["outcome"].choices = [
                c for c in self.fields["outcome"].choices if c[0] != current
            ]
            self.fields["outcome"].label = "Your new decision"


class InformationForm(forms.Form):
    """The worker's answer to a return for more information."""

    text = _text("The information asked for", "The Group Manager sees this beside the request")
    seen = forms.IntegerField(widget=forms.HiddenInput)


class WithdrawForm(forms.Form):
    """The worker withdraws a request still waiting."""

    text = _text("Why you are withdrawing the request", rows=3)
    seen = forms.IntegerField(widget=forms.HiddenInput)
