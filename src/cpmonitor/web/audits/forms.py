"""Case-audit forms: the plan, a case's finding (from the theme list), key learning, a child."""

from __future__ import annotations

from django import forms

from cpmonitor.measures.audits import ANSWER_LABELS, EVIDENCED, FEATURED, GRADES, NO, THEMES, YES
from cpmonitor.periods import PeriodError, parse_period

DATE_HINT = "YYYY-MM-DD, for example 2016-06-30"


class PlanForm(forms.Form):
    title = forms.CharField(
        max_length=200, help_text="For example: Repeat child protection plans, June 2016"
    )
    la = forms.ChoiceField(label="Council (LA code)")
    period = forms.CharField(
        label="Repeat plans starting in",
        max_length=30,
        help_text="The cohort the cases are chosen from: a year (2016-17) or dates "
        "(2016-04-01..2016-06-30)",
    )
    scope = forms.CharField(
        max_length=300,
        required=False,
        help_text="What the audit looks at, in a line. Leave blank for "
        "“Repeat plans starting” and the period",
    )
    audit_date = forms.DateField(
        label="Audit date", input_formats=["%Y-%m-%d"], help_text=f"When it is done. {DATE_HINT}"
    )

    def __init__(self, *args, las: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["la"].choices = [(la, la) for la in las]

    def clean_period(self):
        try:
            return parse_period(self.cleaned_data["period"])
        except PeriodError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_title(self) -> str:
        return self.cleaned_data["title"].strip()


def _featured():
    return [t for t in THEMES if t.kind == FEATURED]


def _evidenced():
    return [t for t in THEMES if t.kind == EVIDENCED]


class FindingForm(forms.Form):
    """A new version of a case's finding: the themes, the judgement, the learning."""

    featured = forms.MultipleChoiceField(
        label="Which of these featured in the case?",
        required=False,
        help_text="Tick all that apply",
        widget=forms.CheckboxSelectMultiple,
    )
    judgement = forms.ChoiceField(label="Judgement", required=False, widget=forms.RadioSelect)
    learning = forms.CharField(
        label="Learning from this case",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What worked, what did not, and what should change. No names",
    )
    complete = forms.BooleanField(label="The audit of this case is complete", required=False)
    based_on = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["featured"].choices = [(t.key, t.label) for t in _featured()]
        self.fields["judgement"].choices = list(GRADES)
        self.questions = []
        for t in _evidenced():
            name = f"q_{t.key}"
            self.fields[name] = forms.ChoiceField(
                label=t.label,
                required=False,
                help_text=t.hint,
                choices=[(a, ANSWER_LABELS[a]) for a in t.answers],
                widget=forms.RadioSelect,
            )
            self.questions.append(self[name])
        self.hints = {t.key: t.hint for t in _featured() if t.hint}

    @classmethod
    def initial_for(cls, latest) -> dict:
        """The form's starting values: the latest version's, or nothing ticked."""
        if latest is None:
            return {"based_on": 0}
        answers = latest.answers
        initial = {
            "based_on": latest.version,
            "featured": [t.key for t in _featured() if answers.get(t.key) == YES],
            "judgement": latest.judgement,
            "learning": latest.learning,
            "complete": latest.complete,
        }
        initial |= {f"q_{t.key}": answers.get(t.key, "") for t in _evidenced()}
        return initial

    def clean(self):
        data = super().clean()
        if data.get("complete"):
            for t in _evidenced():
                if not data.get(f"q_{t.key}"):
                    self.add_error(f"q_{t.key}", f"Answer “{t.label}” to complete the case")
            if not data.get("judgement"):
                self.add_error("judgement", "Choose a judgement to complete the case")
            if not data.get("learning", "").strip():
                self.add_error("learning", "Write the learning from this case to complete it")
        return data

    def answers(self) -> dict[str, str]:
        """Theme key -> answer: ticked themes ``yes``, the rest ``no``; questions as answered."""
        data = self.cleaned_data
        out = {t.key: YES if t.key in data["featured"] else NO for t in _featured()}
        out |= {t.key: data[f"q_{t.key}"] for t in _evidenced() if data.get(f"q_{t.key}")}
        return out


class KeyLearningForm(forms.Form):
    text = forms.CharField(
        label="Key learning",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="The audit's findings in a few paragraphs, as the committee will read them. "
        "Printed in published reports: no names or details that could identify a child or "
        "family. Start lines with “- ” for a bulleted list; a blank line starts a new paragraph",
    )
    based_on = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class AddChildForm(forms.Form):
    child_id = forms.CharField(
        label="LAchildID",
        max_length=40,
        help_text="A child of this family who is not in the cohort (for example a brother or "
        "sister on a first plan), as in the census return",
    )
