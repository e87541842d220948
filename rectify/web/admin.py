"""Administration: users, units, categories, the organisation and plugins (admin role only)."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import clock, workflow
from ..extensions import db
from ..labels import ROLE_LABELS, UNIT_KIND_LABELS
from ..models import UNIT_KINDS, Category, Unit, User
from ..services.accounts import accounts, two_factor
from ..services.accounts import tokens as token_service
from ..services.setup import categories, organisation
from . import choices
from .forms import (
    CategoryForm,
    EditUserForm,
    NewUserForm,
    OrganisationForm,
    PlainTextForm,
    ResetPasswordForm,
    UnitForm,
)
from .guards import role_required
from .i18n import language
from .paging import requested_page

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@role_required(workflow.ADMIN)
def _admins_only():
    return None


def _role_and_unit_choices(form) -> None:
    form.role.choices = choices.label_choices(ROLE_LABELS)
    form.unit_id.choices = choices.unit_choices(_("(none)"))


@bp.get("/users")
def users():
    page = db.paginate(select(User).order_by(User.role, User.username),
                       page=requested_page(), per_page=50,
                       error_out=False)
    return render_template("admin/users.html", page=page)


@bp.route("/users/new", methods=["GET", "POST"])
def new_user():
    form = NewUserForm()
    _role_and_unit_choices(form)
    if form.validate_on_submit():
        try:
            user = accounts.create_user(form.username.data, form.password.data, form.role.data,
                                        actor=current_user,
                                        unit_id=form.unit_id.data or None,
                                        display_name=form.display_name.data or "",
                                        email=form.email.data)
        except accounts.AccountError as error:
            flash(str(accounts.ACCOUNT_ERRORS[error.code]), "danger")
        else:
            flash(_("User %(name)s created.", name=user.username), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=None)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def edit_user(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    form = EditUserForm(obj=user)
    _role_and_unit_choices(form)
    if request.method == "GET":
        form.unit_id.data = user.unit_id or 0
    reset_form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            accounts.update_user(user, actor=current_user, role=form.role.data,
                                 unit_id=form.unit_id.data or None,
                                 display_name=form.display_name.data or "", active=form.active.data,
                                 email=form.email.data)
        except accounts.AccountError as error:
            flash(str(accounts.ACCOUNT_ERRORS[error.code]), "danger")
        else:
            flash(_("Changes saved."), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=user, reset_form=reset_form,
                           tokens=token_service.tokens_of(user), revoke_form=PlainTextForm(),
                           now=clock.now())


@bp.post("/users/<int:user_id>/tokens/<int:token_id>/revoke")
def revoke_token(user_id: int, token_id: int):
    """An administrator ends a program's access as the user (a lost laptop, a leaver)."""
    user = db.session.get(User, user_id) or abort(404)
    if not PlainTextForm().validate_on_submit():
        abort(400)
    if not token_service.revoke_for_admin(current_user, user, token_id):
        abort(404)
    flash(_("Token revoked: programs using it can no longer call the API."), "success")
    return redirect(url_for("admin.edit_user", user_id=user.id))


@bp.post("/users/<int:user_id>/password")
def reset_password(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        accounts.set_password(user, form.password.data, actor=current_user)
        flash(_("Password reset for %(name)s.", name=user.username), "success")
    else:
        flash(_("The password must be at least 8 characters."), "danger")
    return redirect(url_for("admin.edit_user", user_id=user.id))


@bp.post("/users/<int:user_id>/two-factor/reset")
def reset_two_factor(user_id: int):
    """For a user who lost both phone and recovery codes (audited)."""
    user = db.session.get(User, user_id) or abort(404)
    if not PlainTextForm().validate_on_submit():
        abort(400)
    two_factor.reset(user, actor=current_user)
    flash(_("Two-factor sign-in reset for %(name)s.", name=user.username), "success")
    return redirect(url_for("admin.edit_user", user_id=user.id))


def _unit_form(unit: Unit | None = None) -> UnitForm:
    form = UnitForm(obj=unit)
    form.kind.choices = choices.label_choices(UNIT_KIND_LABELS)
    form.parent_id.choices = choices.unit_choices(_("(none)"))
    if unit is not None and request.method == "GET":
        form.parent_id.data = unit.parent_id or 0
        form.aliases.data = "\n".join(unit.alias_names)
    return form


@bp.get("/units")
def units():
    all_units = db.session.scalars(select(Unit).order_by(*Unit.official_order())
                                   .options(selectinload(Unit.aliases))).all()
    return render_template("admin/units.html", units=all_units, kinds=UNIT_KINDS)


@bp.route("/units/new", methods=["GET", "POST"])
@bp.route("/units/<int:unit_id>", methods=["GET", "POST"])
def edit_unit(unit_id: int | None = None):
    unit = (db.session.get(Unit, unit_id) or abort(404)) if unit_id else None
    form = _unit_form(unit)
    if form.validate_on_submit():
        try:
            accounts.save_unit(unit, actor=current_user, code=form.code.data, name=form.name.data,
                               name_en=form.name_en.data or "", kind=form.kind.data,
                               parent_id=form.parent_id.data or None, active=form.active.data,
                               position=form.position.data, short_name=form.short_name.data or "",
                               aliases=form.alias_list())
        except accounts.AccountError as error:
            flash(str(accounts.ACCOUNT_ERRORS[error.code]), "danger")
        else:
            flash(_("Changes saved."), "success")
            return redirect(url_for("admin.units"))
    return render_template("admin/unit_form.html", form=form, unit=unit)


@bp.get("/categories")
def category_list():
    return render_template("admin/categories.html", categories=categories.ordered())


@bp.route("/categories/new", methods=["GET", "POST"])
@bp.route("/categories/<int:category_id>", methods=["GET", "POST"])
def edit_category(category_id: int | None = None):
    category = (db.session.get(Category, category_id) or abort(404)) if category_id else None
    form = CategoryForm(obj=category)
    if form.validate_on_submit():
        try:
            categories.save_category(category, actor=current_user, code=form.code.data,
                                     name=form.name.data, name_en=form.name_en.data or "",
                                     position=form.position.data, active=form.active.data)
        except categories.CategoryError as error:
            flash(str(categories.CATEGORY_ERRORS[error.code]), "danger")
        else:
            flash(_("Changes saved."), "success")
            return redirect(url_for("admin.category_list"))
    return render_template("admin/category_form.html", form=form, category=category)


@bp.route("/organisation", methods=["GET", "POST"])
def edit_organisation():
    settings = organisation.current()
    form = OrganisationForm(obj=settings)
    if form.validate_on_submit():
        try:
            organisation.save_organisation(current_user, commit=True, **{
                name: form[name].data or "" for name in organisation.FIELDS})
        except organisation.OrganisationError as error:
            flash(str(organisation.ORGANISATION_ERRORS[error.code]), "danger")
        else:
            flash(_("Changes saved."), "success")
            return redirect(url_for("admin.edit_organisation"))
    return render_template("admin/organisation.html", form=form, settings=settings,
                           document_number=settings.document_number(clock.today().year),
                           lang=language())


@bp.get("/plugins")
def plugins():
    """Loaded plugins, their check types and settings in force, and errors they raised."""
    from ..plugins import check_types, list_plugins, plugin_errors

    return render_template("admin/plugins.html", plugins=list_plugins(current_app),
                           check_types=check_types(current_app),
                           errors=list(reversed(plugin_errors(current_app))))
