"""Reading an index-set file: its problems, and the plain values in it."""

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import yaml
from django.db.models import Field, Model
from django.utils.translation import gettext as _

from indexes import scoring
from indexes.messages import describe_problem
from indexes.models import Criterion

CHILD_KEYS = ("criteria", "sub_criteria")
CODE_PATTERN = re.compile(r"[0-9A-Za-z]+(\.[0-9A-Za-z]+)*")
WINDOWS = ("self_assessment", "appraisal", "explanation")
MAX_POINTS_LIMIT = Decimal("10000")  # Criterion.max_points has four digits before the point


def text_limit(model: type[Model], field_name: str) -> int:
    """The max_length of a model's text field, which the checks compare lengths with."""
    field = model._meta.get_field(field_name)
    if not isinstance(field, Field) or field.max_length is None:
        raise TypeError(f"{model.__name__}.{field_name} has no max_length")
    return field.max_length


CODE_MAX_LENGTH = text_limit(Criterion, "code")
NAME_MAX_LENGTH = text_limit(Criterion, "name")


@dataclass(frozen=True)
class ImportProblem:
    """One reason a file cannot be imported; `where` is a node code or a key path."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class IndexSetImportError(Exception):
    """The import was refused; nothing was written. `problems` says why."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


# --- reading --------------------------------------------------------------------------


def load_index_set_yaml(text: str) -> dict:
    """The file's data; a syntax error or a file that is not a mapping is refused."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        reason = getattr(error, "problem", None) or str(error)
        if mark is not None:
            message = _("The file is not valid YAML (line {line}, column {column}): {reason}.")
            message = message.format(line=mark.line + 1, column=mark.column + 1, reason=reason)
        else:
            message = _("The file is not valid YAML: {reason}.").format(reason=reason)
        raise IndexSetImportError([ImportProblem("yaml", message)]) from error
    if not isinstance(data, dict):
        message = _('The file must hold "index_set" and "fields", not a {kind}.')
        raise IndexSetImportError([ImportProblem("yaml", message.format(kind=type(data).__name__))])
    return data


# --- plain values ---------------------------------------------------------------------


class Invalid(ValueError):
    """A value that cannot be read; its message is already translated."""


def decimal_of(raw: Any) -> Decimal:
    """A number from YAML: int, float (read as written), or text with "." or ","."""
    if isinstance(raw, bool) or raw is None:
        raise Invalid(_('"{value}" is not a number.').format(value=raw))
    try:
        return scoring.to_decimal(repr(raw) if isinstance(raw, float) else raw)
    except (scoring.ScoringError, TypeError) as error:
        raise Invalid(_('"{value}" is not a number.').format(value=raw)) from error


def two_places(raw: Any) -> Decimal:
    number = decimal_of(raw)
    if 100 % number.as_integer_ratio()[1] != 0:
        raise Invalid(_("{value} has more than two decimals.").format(value=raw))
    return number


def percent_of(raw: Any) -> Decimal:
    number = two_places(raw)
    if not 0 <= number <= 100:
        raise Invalid(_("{value} % is outside 0 to 100.").format(value=raw))
    return number


def date_of(raw: Any) -> date:
    """A date as YAML reads it (2023-03-10), or text as 2023-03-10 or 10/03/2023."""
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, str):
        for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return datetime.strptime(raw.strip(), pattern).date()
            except ValueError:
                continue
    raise Invalid(_('"{value}" is not a date (write 2023-03-10).').format(value=raw))


def text_of(raw: Any) -> str:
    return raw.strip() if isinstance(raw, str) else ""


def plain(value: Any) -> Any:
    """Decimals in messages as people write them: 6.5, not 6.50 or 3.0."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return value


def scoring_problem(where: str, problem: scoring.ScoringError) -> ImportProblem:
    params = {key: plain(value) for key, value in problem.params.items()}
    if params.get("parameter") == "max_points":
        params["parameter"] = "max"
    text = describe_problem(scoring.ScoringError(problem.code, params, problem.message))
    return ImportProblem(where, text.removeprefix(f"{where}: "))


# --- the tree ---------------------------------------------------------------------------
