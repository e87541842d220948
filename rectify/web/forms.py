"""Web forms (Flask-WTF: every form carries a CSRF token)."""

from __future__ import annotations

import re
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, MultipleFileField
from markupsafe import Markup, escape
from wtforms import (
    BooleanField,
    DateField,
    FloatField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields import Field as FormField
from wtforms.validators import (
    DataRequired,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget, html_params

from ..hookspecs import CheckType, Field, field_problems
from ..text import has_control_characters, is_single_line, was_not_utf8


class LongSelect:
    """The widget of :class:`LongSelectField`: the same markup as WTForms' ``Select``."""

    def __call__(self, field: LongSelectField, **kwargs: Any) -> Markup:
        kwargs.setdefault("id", field.id)
        chosen = field.data
        options = "".join(
            f'<option {"selected " if value == chosen else ""}value="{escape(value)}">'
            f"{escape(label)}</option>" for value, label in field.choices)
        return Markup(f"<select {html_params(name=field.name, **kwargs)}>{options}</select>")


# WTForms' own messages for a select box, translated from its catalogue (the "wtforms"
# domain) exactly as for its SelectField; named here so our catalogue does not collect them.
NOT_COERCIBLE = "Invalid Choice: could not coerce."
NOT_A_CHOICE = "Not a valid choice."


class LongSelectField(FormField):
    """A select box of integer ids for long lists (a province's ~1,000 units).

    WTForms' ``SelectField`` wraps every choice in an object when the choices are set, again
    to validate and again to render: ~10 ms of every item list page for 1,000 units. This
    field keeps ``choices`` as the (id, label) pairs it is given, checks the value against
    a set of the ids, and writes the options directly.
    """

    widget = LongSelect()

    def __init__(self, label: Any = None, validators: Any = None, **kwargs: Any) -> None:
        super().__init__(label, validators, **kwargs)
        self.choices: list[tuple[int, str]] = []

    def process_data(self, value: Any) -> None:
        self.data = value if isinstance(value, int) else None

    def process_formdata(self, valuelist: list[str]) -> None:
        if valuelist:
            try:
                self.data = int(valuelist[0])
            except ValueError as exc:
                raise ValueError(self.gettext(NOT_COERCIBLE)) from exc

    def pre_validate(self, form: Any) -> None:
        if not self.process_errors and self.data not in {value for value, _ in self.choices}:
            raise ValidationError(self.gettext(NOT_A_CHOICE))


class PlainTextForm(FlaskForm):
    """The base of every form here: text fields refuse control characters
    (:mod:`rectify.text`), whatever other validators they have, one-line fields line
    breaks and text-direction controls, and text that was not
    UTF-8: Werkzeug decodes such bytes to U+FFFD (\ufffd) silently, which would store
    damaged text."""

    TEXT_FIELDS = ("StringField", "TextAreaField", "PasswordField")
    SINGLE_LINE_FIELDS = ("StringField",)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            if field.type not in self.TEXT_FIELDS:
                continue
            if has_control_characters(field.data or ""):
                field.errors = [*field.errors, _l("Control characters are not allowed.")]
                valid = False
            elif field.type in self.SINGLE_LINE_FIELDS and not is_single_line(field.data or ""):
                field.errors = [
                    *field.errors,
                    _l("Line breaks and text-direction characters are not allowed here.")]
                valid = False
            elif was_not_utf8(field.data or ""):
                field.errors = [*field.errors, _l("The text is not valid UTF-8.")]
                valid = False
        return valid


def submitted_version(field) -> int:
    """The item version a form's hidden field carries, or -1 (a conflict) when it is not
    a plain decimal number a database column holds ("²".isdigit() is True, too)."""
    value = field.data or ""
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 9 else -1


class LoginForm(PlainTextForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=80)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


class ItemForm(PlainTextForm):
    """The select boxes offer what may be chosen, but which ids, units and dates are
    acceptable is the item validation's to say (:mod:`rectify.services.tracking.item_fields`),
    at the field, as for the API and the import."""

    campaign_id = SelectField(_l("Campaign"), coerce=int, validators=[InputRequired()],
                              validate_choice=False)
    lead_unit_id = SelectField(_l("Lead unit"), coerce=int, validators=[InputRequired()],
                               validate_choice=False)
    co_unit_ids = SelectMultipleField(_l("Co-operating units"), coerce=int,
                                      widget=ListWidget(prefix_label=False),
                                      option_widget=CheckboxInput(), validate_choice=False)
    category_id = SelectField(_l("Category"), coerce=int, validators=[InputRequired()],
                              validate_choice=False)
    source = SelectField(_l("Source"), validators=[InputRequired()], validate_choice=False)
    priority = SelectField(_l("Priority"), default="normal", validate_choice=False)
    problem = TextAreaField(_l("Problem"), validators=[DataRequired(), Length(max=5000)])
    requirement = TextAreaField(_l("Requirement"), validators=[DataRequired(), Length(max=5000)])
    due_date = DateField(_l("Due date"), validators=[Optional()],
                         description=_l("Leave empty for the campaign's deadline."))
    due_working_days = IntegerField(
        _l("Or within working days"), validators=[Optional()],
        description=_l("Instead of a date: “15” for 15 个工作日内, counted from today on the "
                       "holiday calendar (调休 included)."))
    responsible_leader = StringField(_l("Responsible leader"), validators=[Length(max=50)])
    responsible_person = StringField(_l("Responsible person"), validators=[Length(max=50)])
    check_type = SelectField(_l("Check type"), validators=[Optional()], validate_choice=False,
                             description=_l("Structured checks a plugin runs before the item "
                                            "may be submitted for verification."))
    version = HiddenField()


class ActionForm(PlainTextForm):
    kind = SelectField(_l("Kind"))
    body = TextAreaField(_l("Text"), validators=[DataRequired(), Length(max=5000)])
    files = MultipleFileField(_l("Attachments"))


class TransitionForm(PlainTextForm):
    """One form for every move: the reason (or, to close, the verification opinion) and,
    to reopen, the new deadline; which a move needs is the workflow's rule."""

    reason = TextAreaField(_l("Reason"), validators=[Length(max=2000)])
    new_due_date = DateField(_l("New due date"), validators=[Optional()])
    version = HiddenField()


class ExtensionRequestForm(PlainTextForm):
    new_due_date = DateField(_l("New due date"), validators=[Optional()])
    working_days = IntegerField(_l("Or working days more"), validators=[Optional()],
                                description=_l("Counted from the current due date on the "
                                               "holiday calendar (调休 included)."))
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)])


class ExtensionDecisionForm(PlainTextForm):
    decision = SelectField(_l("Decision"), choices=[("approve", _l("Approve")),
                                                    ("decline", _l("Decline"))])
    note = TextAreaField(_l("Note"), validators=[Length(max=2000)])
    version = HiddenField()


class PreferencesForm(PlainTextForm):
    locale = SelectField(_l("Language"))


USERNAME_RULE = Regexp(r"^[A-Za-z0-9_.-]+$", message=_l("Letters, digits, '.', '_' and '-' only."))


EMAIL_RULE = Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Not an email address."))


def email_field() -> StringField:
    return StringField(_l("Email"), validators=[Optional(), Length(max=254), EMAIL_RULE],
                       description=_l("Notices are also mailed here when mail is set up."))


class NewUserForm(PlainTextForm):
    username = StringField(_l("Username"),
                           validators=[DataRequired(), Length(max=80), USERNAME_RULE])
    display_name = StringField(_l("Display name"), validators=[Length(max=80)])
    email = email_field()
    role = SelectField(_l("Role"))
    unit_id = SelectField(_l("Unit"), coerce=int)
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(min=8, max=200)])


class EditUserForm(PlainTextForm):
    display_name = StringField(_l("Display name"), validators=[Length(max=80)])
    email = email_field()
    role = SelectField(_l("Role"))
    unit_id = SelectField(_l("Unit"), coerce=int)
    active = BooleanField(_l("Active"))


class ChangePasswordForm(PlainTextForm):
    current_password = PasswordField(_l("Current password"),
                                     validators=[DataRequired(), Length(max=200)])
    new_password = PasswordField(_l("New password"),
                                 validators=[DataRequired(), Length(min=8, max=200)])
    confirm = PasswordField(_l("New password again"),
                            validators=[DataRequired(),
                                        EqualTo("new_password",
                                                message=_l("The two do not match."))])


class ResetPasswordForm(PlainTextForm):
    password = PasswordField(_l("New password"),
                             validators=[DataRequired(), Length(min=8, max=200)])


POSITION_RANGE = NumberRange(min=0, max=999_999)


class UnitForm(PlainTextForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=30), USERNAME_RULE])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])
    short_name = StringField(_l("Short name"), validators=[Length(max=50)],
                             description=_l("As documents write it after the first mention, "
                                            "e.g. 市城管局."))
    name_en = StringField(_l("English name"), validators=[Length(max=200)])
    position = IntegerField(_l("Official order"), validators=[Optional(), POSITION_RANGE],
                            description=_l("Units are listed by this number everywhere."))
    aliases = TextAreaField(_l("Aliases"), validators=[Length(max=2000)],
                            description=_l("Other names the unit goes by, one per line; "
                                           "the problem-list import accepts them."))
    kind = SelectField(_l("Kind"))
    parent_id = SelectField(_l("Parent unit"), coerce=int)
    active = BooleanField(_l("Active"), default=True)

    def alias_list(self) -> list[str]:
        """The aliases typed, one per line (also split at 、 ， ; ；), each once."""
        names = re.split(r"[\n、,，;；]+", self.aliases.data or "")
        return list(dict.fromkeys(name.strip() for name in names if name.strip()))


class CategoryForm(PlainTextForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=30), USERNAME_RULE])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=50)])
    name_en = StringField(_l("English name"), validators=[Length(max=100)])
    position = IntegerField(_l("Order"), default=0, validators=[InputRequired(), POSITION_RANGE])
    active = BooleanField(_l("Active"), default=True,
                          description=_l("An inactive category is no longer offered for new "
                                         "items; items that have it keep it."))


class OrganisationForm(PlainTextForm):
    full_name = StringField(_l("Full name of the committee"),
                            validators=[DataRequired(), Length(max=100)],
                            description=_l("e.g. 某某市人大常委会"))
    short_name = StringField(_l("Short name"), validators=[Length(max=50)],
                             description=_l("Used after the first mention and on the sign-in "
                                            "page, e.g. 市人大常委会."))
    name_en = StringField(_l("English name"), validators=[Length(max=200)])
    city = StringField(_l("City"), validators=[Length(max=50)])
    sender_name = StringField(_l("Sender (signature)"), validators=[Length(max=100)],
                              description=_l("Signs the documents; empty: the full name."))
    doc_prefix = StringField(_l("Document number prefix"), validators=[Length(max=30)],
                             description=_l("e.g. 某人大常函: documents then carry "
                                            "某人大常函〔2026〕 号; empty: no number line."))


def _stage_date(label) -> DateField:
    return DateField(label, validators=[InputRequired()])


class CampaignForm(PlainTextForm):
    """A campaign and its four stages' dates (``<stage>_starts`` / ``<stage>_ends``)."""

    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    year = IntegerField(_l("Year"), validators=[InputRequired(), NumberRange(min=2000, max=2100)])
    theme = StringField(_l("Theme"), validators=[Length(max=200)],
                        description=_l("For example: 转变作风，依法行政"))
    code_prefix = StringField(_l("Code prefix"),
                              validators=[DataRequired(), Length(max=12), USERNAME_RULE],
                              description=_l("Starts every item code, e.g. ZG26-CGJ-001."))
    default_due_date = DateField(_l("Default rectification deadline"),
                                 validators=[InputRequired()])
    unit_ids = SelectMultipleField(_l("Evaluated units"), coerce=int,
                                   widget=ListWidget(prefix_label=False),
                                   option_widget=CheckboxInput())
    self_check_starts = _stage_date(_l("Self-check starts"))
    self_check_ends = _stage_date(_l("Self-check ends"))
    evaluation_starts = _stage_date(_l("Evaluation starts"))
    evaluation_ends = _stage_date(_l("Evaluation ends"))
    inspection_starts = _stage_date(_l("Inspection starts"))
    inspection_ends = _stage_date(_l("Inspection ends"))
    rectification_starts = _stage_date(_l("Feedback and rectification starts"))
    rectification_ends = _stage_date(_l("Feedback and rectification ends"))

    def stage_fields(self, stage: str) -> tuple[DateField, DateField]:
        return self[f"{stage}_starts"], self[f"{stage}_ends"]


class NextCampaignForm(PlainTextForm):
    """Start next year's campaign from this one: what is not copied."""

    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    year = IntegerField(_l("Year"), validators=[InputRequired(), NumberRange(min=2000, max=2100)])
    code_prefix = StringField(_l("Code prefix"),
                              validators=[DataRequired(), Length(max=12), USERNAME_RULE])
    default_due_date = DateField(_l("Default rectification deadline"),
                                 validators=[InputRequired()])


class GroupForm(PlainTextForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])
    leader_name = StringField(_l("Group leader"), validators=[Length(max=50)],
                              description=_l("The 组长, by name."))
    member_ids = SelectMultipleField(_l("Members (committee staff)"), coerce=int,
                                     widget=ListWidget(prefix_label=False),
                                     option_widget=CheckboxInput())
    unit_ids = SelectMultipleField(_l("Units it covers"), coerce=int,
                                   widget=ListWidget(prefix_label=False),
                                   option_widget=CheckboxInput())


class ConfirmForm(PlainTextForm):
    """A consequential act (archiving, moving a stage on) asks the user to tick a box."""

    confirmed = BooleanField(_l("I confirm"), validators=[DataRequired(
        message=_l("Tick the box to confirm."))])


class ListFilterForm(PlainTextForm):
    """The item list's filters, read from the query string (no CSRF: it changes nothing)."""

    class Meta:
        csrf = False

    campaign = SelectField(_l("Campaign"), coerce=int, validators=[Optional()])
    unit = LongSelectField(_l("Unit"), validators=[Optional()])
    category = SelectField(_l("Category"), coerce=int, validators=[Optional()])
    group = SelectField(_l("Inspection group"), coerce=int, validators=[Optional()])
    kind = SelectField(_l("Unit kind"), validators=[Optional()])
    source = SelectField(_l("Source"), validators=[Optional()])
    status = SelectField(_l("Status"), validators=[Optional()])
    raised_from = DateField(_l("Raised from"), validators=[Optional()])
    raised_to = DateField(_l("Raised until"), validators=[Optional()])
    overdue = BooleanField(_l("Overdue only"))
    severe = BooleanField(_l("Severely overdue only"))
    due_within = IntegerField(_l("Due within (days)"), validators=[Optional()])
    q = StringField(_l("Search"), validators=[Optional(), Length(max=100)])
    sort = SelectField(_l("Sort by"), validators=[Optional()])


class CountedUnitsForm(PlainTextForm):
    counted = SelectMultipleField(_l("Co-operating units whose records count"), coerce=int,
                                  widget=ListWidget(prefix_label=False),
                                  option_widget=CheckboxInput(),
                                  description=_l("The lead unit's records always count."))


def counted_units_form(item: Any, locale: str, **kwargs: Any) -> CountedUnitsForm:
    """The committee's choice of whose check records count, one box per co-unit."""
    form = CountedUnitsForm(**kwargs)
    form.counted.choices = [(unit.id, unit.display_name(locale)) for unit in item.co_units]
    return form


# Check records: one input per field a plugin's check type declares --------------------

CHECK_TEXT_MAX_LENGTH = 1000


def _attr(field: Field) -> str:
    """The form attribute (and input name) of a plugin field, clear of FlaskForm's own."""
    return f"check_{field.name}"


def check_field_label(field: Field, locale: str) -> str:
    """The field's title in ``locale`` ("en" or "zh"), with its unit: 限速（km/h）."""
    title = field.title_en if locale == "en" else field.title_zh
    if not field.unit:
        return title
    return f"{title} ({field.unit})" if locale == "en" else f"{title}（{field.unit}）"


class DeclaredBounds:
    """A plugin number field's ``min``/``max``, checked at its input with the words of the
    plugin's own validation (:func:`rectify.hookspecs.field_problems`: 「不能小于0」 for
    ``min=0``; WTForms' Chinese for "at least" says 「必须大于」, which refused 0 in words).
    It also puts ``min``/``max`` on the ``<input type=number>``."""

    def __init__(self, field: Field, locale: str):
        self.field, self.locale = field, locale
        self.field_flags = {name: bound for name, bound in
                            (("min", field.min), ("max", field.max)) if bound is not None}

    def __call__(self, _form: FlaskForm, input_field: FormField) -> None:
        if input_field.data is None:
            return
        problems = field_problems(self.field, input_field.data)
        if problems:
            raise ValidationError(problems[0].text(self.locale))


def _form_field(field: Field, locale: str) -> FormField:
    label = check_field_label(field, locale)
    presence = ([InputRequired()] if field.type in ("int", "float") else [DataRequired()]) \
        if field.required else [Optional()]
    if field.type == "bool":
        return BooleanField(label)
    if field.type in ("int", "float"):
        kind = IntegerField if field.type == "int" else FloatField
        return kind(label, validators=presence + [DeclaredBounds(field, locale)])
    if field.type == "date":
        return DateField(label, validators=presence)
    if field.type == "choice":
        options = [(c.value, c.title_en if locale == "en" else c.title_zh) for c in field.choices]
        blank = [] if field.required else [("", "—")]
        return SelectField(label, choices=blank + options, validators=presence)
    return StringField(label, validators=presence + [Length(max=CHECK_TEXT_MAX_LENGTH)])


def check_record_form(check_type: CheckType, locale: str,
                      values: dict[str, Any] | None = None) -> FlaskForm:
    """A Flask-WTF form (with CSRF) with one input per field of ``check_type``; given a
    stored record's typed ``values``, the form shows them (to correct the record)."""
    attrs = {_attr(f): _form_field(f, locale) for f in check_type.fields}
    form_class = type("CheckRecordForm", (PlainTextForm,), attrs)
    if values is None:
        return form_class()
    return form_class(formdata=None, **{_attr(f): values.get(f.name) for f in check_type.fields})


def plugin_fields(form: FlaskForm, check_type: CheckType) -> list[FormField]:
    """The form's inputs in the order the plugin declared them."""
    return [form[_attr(f)] for f in check_type.fields]


def check_record_values(form: FlaskForm, check_type: CheckType) -> dict[str, Any]:
    """The parsed values by plugin field name; empty optional fields become ``None``."""
    values = {}
    for field in check_type.fields:
        data = form[_attr(field)].data
        if isinstance(data, str):
            data = data.strip() or None
        values[field.name] = bool(data) if field.type == "bool" else data
    return values


DAY_KINDS = (("off", _l("Day off (休)")), ("work", _l("Working day (班)")))


class SpecialDayForm(PlainTextForm):
    """One special day of the working-day calendar (a holiday or a 调休上班 weekend day)."""

    day = DateField(_l("Date"), validators=[InputRequired()])
    kind = SelectField(_l("Kind"), choices=DAY_KINDS, default="off")
    name = StringField(_l("Name"), validators=[Length(max=40)],
                       description=_l("For example 国庆节 or 调休上班."))


class HolidayImportForm(PlainTextForm):
    lines = TextAreaField(_l("Days, one a line"),
                          description=_l("date,休 or 班,name — for example 2027-10-01,休,国庆节 "
                                         "and 2027-10-09,班,国庆节调休上班."))
    file = FileField(_l("Or a CSV file with the same lines"))
