"""Forms of the evaluation pages: the committee's design forms and the rater's code form.
Every form carries a CSRF token; text goes through :class:`PlainTextForm`'s checks."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange
from wtforms.widgets import CheckboxInput, ListWidget

from .. import evaluation_rules as rules
from ..labels import QUESTION_KIND_LABELS, SHEET_FORM_LABELS
from ..services.evaluation.codes import MAX_BATCH
from ..services.evaluation.design import MAX_INDICATOR_POINTS
from .forms import PlainTextForm


def _sheet_forms() -> list[tuple[str, object]]:
    return [(form, SHEET_FORM_LABELS[form]) for form in rules.SHEET_FORMS]


class NewEvaluationForm(PlainTextForm):
    campaign_id = SelectField(_l("Campaign"), coerce=int)
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    sheet_form = SelectField(_l("Scoring sheet"), choices=_sheet_forms)


GRADE_POINTS = [InputRequired(), NumberRange(0, 1000)]


class SheetForm(PlainTextForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    sheet_form = SelectField(_l("Scoring sheet"), choices=_sheet_forms)
    points_satisfied = IntegerField(_l("Points for 满意"), validators=GRADE_POINTS)
    points_basically_satisfied = IntegerField(_l("Points for 基本满意"), validators=GRADE_POINTS)
    points_dissatisfied = IntegerField(_l("Points for 不满意"), validators=GRADE_POINTS)


class RaterGroupForm(PlainTextForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])
    weight = IntegerField(_l("Weight (%)"), validators=[InputRequired(), NumberRange(0, 100)])
    unit_ids = SelectMultipleField(_l("Units its raters rate"), coerce=int,
                                   widget=ListWidget(prefix_label=False),
                                   option_widget=CheckboxInput())


class IndicatorForm(PlainTextForm):
    name = StringField(_l("Indicator"), validators=[DataRequired(), Length(max=100)])
    max_points = IntegerField(_l("Maximum points"), validators=[
        InputRequired(), NumberRange(1, MAX_INDICATOR_POINTS)])


class QuestionForm(PlainTextForm):
    kind = SelectField(_l("Kind"), choices=lambda: list(QUESTION_KIND_LABELS.items()))
    text = StringField(_l("Question"), validators=[DataRequired(), Length(max=500)])
    options = TextAreaField(_l("Options, one per line"), validators=[Length(max=5000)],
                            description=_l("For single and multiple choice only."))


class IssueCodesForm(PlainTextForm):
    count = IntegerField(_l("Number of codes"), validators=[
        InputRequired(), NumberRange(1, MAX_BATCH)])


class RaterCodeForm(PlainTextForm):
    code = StringField(_l("Rater code"), validators=[DataRequired(), Length(max=20)])
