"""Web forms (Flask-WTF: every form carries a CSRF token)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import (
    BooleanField, DateField, HiddenField, IntegerField, PasswordField, SelectField,
    SelectMultipleField, StringField, TextAreaField,
)
from wtforms.widgets import CheckboxInput, ListWidget
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=80)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


class ItemForm(FlaskForm):
    campaign_id = SelectField(_l("Campaign"), coerce=int, validators=[InputRequired()])
    lead_unit_id = SelectField(_l("Lead unit"), coerce=int, validators=[InputRequired()])
    co_unit_ids = SelectMultipleField(_l("Co-operating units"), coerce=int,
                                      widget=ListWidget(prefix_label=False),
                                      option_widget=CheckboxInput())
    category_id = SelectField(_l("Category"), coerce=int, validators=[InputRequired()])
    source = SelectField(_l("Source"), validators=[InputRequired()])
    priority = SelectField(_l("Priority"), default="normal")
    problem = TextAreaField(_l("Problem"), validators=[DataRequired(), Length(max=5000)])
    requirement = TextAreaField(_l("Requirement"), validators=[DataRequired(), Length(max=5000)])
    due_date = DateField(_l("Due date"), validators=[Optional()],
                         description=_l("Leave empty for the campaign's deadline."))
    responsible_leader = StringField(_l("Responsible leader"), validators=[Length(max=50)])
    responsible_person = StringField(_l("Responsible person"), validators=[Length(max=50)])
    version = HiddenField()


class ActionForm(FlaskForm):
    kind = SelectField(_l("Kind"))
    body = TextAreaField(_l("Text"), validators=[DataRequired(), Length(max=5000)])
    files = MultipleFileField(_l("Attachments"))


class TransitionForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[Length(max=2000)])
    version = HiddenField()


class ExtensionRequestForm(FlaskForm):
    new_due_date = DateField(_l("New due date"), validators=[InputRequired()])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)])


class ExtensionDecisionForm(FlaskForm):
    decision = SelectField(_l("Decision"), choices=[("approve", _l("Approve")),
                                                    ("decline", _l("Decline"))])
    note = TextAreaField(_l("Note"), validators=[Length(max=2000)])
    version = HiddenField()


class PreferencesForm(FlaskForm):
    locale = SelectField(_l("Language"))


USERNAME_RULE = Regexp(r"^[A-Za-z0-9_.-]+$", message=_l("Letters, digits, '.', '_' and '-' only."))


class NewUserForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=80), USERNAME_RULE])
    display_name = StringField(_l("Display name"), validators=[Length(max=80)])
    role = SelectField(_l("Role"))
    unit_id = SelectField(_l("Unit"), coerce=int)
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(min=8, max=200)])


class EditUserForm(FlaskForm):
    display_name = StringField(_l("Display name"), validators=[Length(max=80)])
    role = SelectField(_l("Role"))
    unit_id = SelectField(_l("Unit"), coerce=int)
    active = BooleanField(_l("Active"))


class ResetPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(min=8, max=200)])


class UnitForm(FlaskForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=30), USERNAME_RULE])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])
    name_en = StringField(_l("English name"), validators=[Length(max=200)])
    kind = SelectField(_l("Kind"))
    parent_id = SelectField(_l("Parent unit"), coerce=int)
    active = BooleanField(_l("Active"), default=True)


class ListFilterForm(FlaskForm):
    """The item list's filters, read from the query string (no CSRF: it changes nothing)."""

    class Meta:
        csrf = False

    campaign = SelectField(_l("Campaign"), coerce=int, validators=[Optional()])
    unit = SelectField(_l("Unit"), coerce=int, validators=[Optional()])
    category = SelectField(_l("Category"), coerce=int, validators=[Optional()])
    source = SelectField(_l("Source"), validators=[Optional()])
    status = SelectField(_l("Status"), validators=[Optional()])
    overdue = BooleanField(_l("Overdue only"))
    due_within = IntegerField(_l("Due within (days)"), validators=[Optional()])
    q = StringField(_l("Search"), validators=[Optional(), Length(max=100)])
    sort = SelectField(_l("Sort by"), validators=[Optional()])
