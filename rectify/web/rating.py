"""The rater's pages (no account): entering a one-time code, one page per unit of the
rater's group in the official order, the questionnaire, a review, and submitting once.

The code a rater entered is kept in the signed session cookie (the rater's own) and
checked again on every request: a used, unknown or closed code shows a message and
changes nothing. Wrong codes are throttled per address with the sign-in's mechanism
(:mod:`rectify.services.accounts.sign_in`). Nothing here logs a code or an answer.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _

from .. import evaluation_rules as rules
from ..extensions import db
from ..labels import RATER_MESSAGES
from ..models import RaterCode, Unit
from ..services.accounts import sign_in
from ..services.evaluation import rating
from ..services.evaluation.codes import normalise
from .evaluation_forms import RaterCodeForm
from .forms import PlainTextForm

bp = Blueprint("rating", __name__, url_prefix="/rate")

CODE_KEY = "rater_code"
# The "account" wrong rater codes count against in the sign-in throttle; no username can
# contain "#", so no real account shares its count.
THROTTLE_ACCOUNT = "#rater-code"


@bp.after_request
def _never_cached(response: Response) -> Response:
    """A rater's pages show their answers: no shared or browser cache keeps them."""
    response.headers["Cache-Control"] = "no-store"
    return response


def _address() -> str:
    return request.remote_addr or "unknown"


def _refused(reason: str, status: int = 200):
    session.pop(CODE_KEY, None)
    return render_template("rating/refused.html", message=RATER_MESSAGES[reason]), status


def _current_code() -> RaterCode | str:
    """The code of this rater's session, or why it opens nothing."""
    typed = session.get(CODE_KEY)
    if not typed:
        return "unknown"
    try:
        return rating.open_code(typed)
    except rating.CodeRefused as refused:
        return refused.reason


@bp.route("/", methods=["GET", "POST"])
def enter_code():
    form = RaterCodeForm()
    if request.method == "GET":
        form.code.data = request.args.get("code", "")[:20]
        return render_template("rating/enter.html", form=form)
    if not form.validate_on_submit():
        return render_template("rating/enter.html", form=form), 400
    wait = sign_in.minutes_locked(THROTTLE_ACCOUNT, _address())
    if wait:
        flash(_("Too many wrong codes. Try again in %(minutes)s minutes.", minutes=wait),
              "danger")
        return render_template("rating/enter.html", form=form), 429
    try:
        rating.open_code(form.code.data)
    except rating.CodeRefused as refused:
        if refused.reason == "unknown":
            sign_in.record_failure(THROTTLE_ACCOUNT, _address())
        flash(str(RATER_MESSAGES[refused.reason]), "danger")
        return render_template("rating/enter.html", form=form)
    session[CODE_KEY] = normalise(form.code.data)
    return redirect(url_for("rating.unit_page", number=1))


def _unit_scores(design: rules.SheetDesign) -> dict[int, int | str] | None:
    """The posted scores of one unit, or ``None`` when a value is not a whole number."""
    if design.sheet_form == rules.GRADES:
        grade = request.form.get("grade", "")
        return {rules.GRADE_KEY: grade} if grade else {}
    scores: dict[int, int | str] = {}
    for indicator_id in design.indicator_max:
        value = request.form.get(f"points-{indicator_id}", "").strip()
        if value:
            if not value.isdigit():
                return None
            scores[indicator_id] = int(value)
    return scores


@bp.route("/units/<int:number>", methods=["GET", "POST"])
def unit_page(number: int):
    code = _current_code()
    if isinstance(code, str):
        return _refused(code)
    design = rating.sheet_design(code.group)
    if not 1 <= number <= len(design.unit_ids):
        return redirect(url_for("rating.unit_page", number=1))
    unit_id = design.unit_ids[number - 1]
    form, problem = PlainTextForm(), None
    if form.validate_on_submit():
        scores = _unit_scores(design)
        problem = "points_out_of_range" if scores is None else \
            rating.save_unit(code, unit_id, scores)
        if problem is None:
            following = number + 1 if number < len(design.unit_ids) else None
            return redirect(url_for("rating.unit_page", number=following) if following
                            else url_for("rating.questionnaire"))
    saved = rating.draft_scores(code).get(unit_id, {})
    return render_template(
        "rating/unit.html", form=form, code=code, design=design, number=number,
        unit=db.session.get(Unit, unit_id), saved=saved, grade_key=rules.GRADE_KEY,
        problem=RATER_MESSAGES[problem] if problem else None,
        posted=request.form if problem else None), 400 if problem else 200


@bp.route("/questions", methods=["GET", "POST"])
def questionnaire():
    code = _current_code()
    if isinstance(code, str):
        return _refused(code)
    evaluation = code.group.evaluation
    if not evaluation.questions:
        return redirect(url_for("rating.review"))
    form, problems = PlainTextForm(), {}
    if form.validate_on_submit():
        problems = dict((qid, problem) for problem, qid in
                        rating.save_answers(code, _posted_answers(evaluation.questions)))
        if not problems:
            return redirect(url_for("rating.review"))
    return render_template("rating/questions.html", form=form, code=code,
                           questions=evaluation.questions, answers=rating.draft_answers(code),
                           units=code.group.units, problems=problems,
                           messages=RATER_MESSAGES), 400 if problems else 200


def _posted_answers(questions) -> dict[int, rules.Answer]:
    answers: dict[int, rules.Answer] = {}
    for question in questions:
        field = f"q-{question.id}"
        if question.kind == rules.TEXT:
            answers[question.id] = request.form.get(field, "").strip()
        elif question.kind == rules.SINGLE:
            value = request.form.get(field, "")
            if value:
                answers[question.id] = int(value) if value.isdigit() else -1
        else:
            values = request.form.getlist(field)
            answers[question.id] = [int(v) if v.isdigit() else -1 for v in values]
    return answers


@bp.get("/review")
def review():
    code = _current_code()
    if isinstance(code, str):
        return _refused(code)
    design = rating.sheet_design(code.group)
    problems = rules.sheet_problems(design, rating.draft_scores(code), rating.draft_answers(code))
    return render_template("rating/review.html", form=PlainTextForm(), code=code,
                           design=design, problems=problems, messages=RATER_MESSAGES,
                           units={u.id: u for u in code.group.units},
                           questions={q.id: q for q in code.group.evaluation.questions})


@bp.post("/submit")
def submit():
    code = _current_code()
    if isinstance(code, str):
        return _refused(code)
    if not PlainTextForm().validate_on_submit():
        flash(_("The form expired; please submit again."), "danger")
        return redirect(url_for("rating.review"))
    try:
        rating.submit(code)
    except rating.SheetIncomplete:
        flash(_("The sheet is not complete yet."), "danger")
        return redirect(url_for("rating.review"))
    except rating.CodeRefused as refused:
        return _refused(refused.reason)
    session.pop(CODE_KEY, None)
    return redirect(url_for("rating.done"))


@bp.get("/done")
def done():
    return render_template("rating/done.html")
