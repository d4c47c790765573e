"""Reads of the evidence library: which set a unit's library of a year belongs to, the
leaves a document may be tagged to, the library's list, and the documents waiting on
the leaves of a self-assessment sheet. Each reads in a fixed number of queries."""

from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.apps import apps
from django.db.models import Count, Prefetch

from assessments.entry_selectors import Sheet
from assessments.membership import unit_takes_part
from indexes.applicability import applicable_leaves
from indexes.models import Criterion, IndexSet, Method
from indexes.years import default_year
from plans.library_warnings import document_warnings
from plans.models import LibraryDocument, PlanPhase, PlanTask
from units.models import Unit


def library_sets(unit: Unit) -> list[IndexSet]:
    """The sets that score the unit, latest year first: one library per set."""
    sets = IndexSet.objects.order_by("-year", "code")
    return [index_set for index_set in sets if unit_takes_part(unit, index_set)]


def year_being_run(sets: Iterable[IndexSet], today: date) -> int | None:
    """The year a library or standing page opens on: this calendar year where a set has
    it, else the latest year under way (indexes.years.default_year)."""
    sets = list(sets)
    return today.year if any(s.year == today.year for s in sets) else default_year(sets)


def library_set_for(unit: Unit, year: int) -> IndexSet | None:
    """The set that scores the unit in `year`: its library of that year is kept on it."""
    sets = IndexSet.objects.filter(year=year).order_by("code")
    return next((index_set for index_set in sets if unit_takes_part(unit, index_set)), None)


def taggable_leaves(*, unit: Unit, index_set: IndexSet) -> dict[int, Criterion]:
    """The leaves a library document of the unit may be tagged to, by id in tree order:
    those that apply to the unit (the one applicability definition), survey leaves
    aside (their points come from the survey, never from the unit's evidence)."""
    return {
        pk: leaf
        for pk, leaf in applicable_leaves(index_set=index_set, unit=unit).items()
        if leaf.method != Method.SURVEY
    }


def with_warnings(document: LibraryDocument, leaf_count: int) -> LibraryDocument:
    document.warnings = document_warnings(  # type: ignore[attr-defined]
        document_date=document.document_date,
        year=document.index_set.year,
        leaf_count=leaf_count,
    )
    return document


def taggable_tasks(*, unit: Unit, index_set: IndexSet) -> dict[int, PlanTask]:
    """The improvement-plan tasks a library document of the unit may be tagged to, by id:
    those the unit leads in the issued (or closed) plan of the set's year."""
    tasks = PlanTask.objects.filter(
        lead_unit=unit,
        plan__year=index_set.year,
        plan__phase__in=(PlanPhase.ISSUED, PlanPhase.CLOSED),
    ).only("pk", "position", "title", "plan_id")
    return {task.pk: task for task in tasks.order_by("position", "pk")}


def library_documents(
    *, unit: Unit, index_set: IndexSet, leaf_id: int | None = None
) -> list[LibraryDocument]:
    """The unit's documents of the set's year that are not removed (those tagged to
    `leaf_id` when given), newest first, each with its leaves (`tagged`), its plan tasks
    (`tagged_tasks`) and warnings (four queries)."""
    documents = LibraryDocument.objects.filter(
        unit=unit, index_set=index_set, removed_at__isnull=True
    )
    if leaf_id is not None:
        documents = documents.filter(leaves__pk=leaf_id)
    documents = documents.select_related("uploaded_by").prefetch_related(
        Prefetch(
            "leaves",
            queryset=Criterion.objects.order_by("sort_key").only("pk", "code", "name", "sort_key"),
            to_attr="tagged",
        ),
        Prefetch(
            "plan_tasks",
            queryset=PlanTask.objects.select_related("plan")
            .order_by("position", "pk")
            .only("pk", "title", "plan__year"),
            to_attr="tagged_tasks",
        ),
    )
    listed = []
    for document in documents.order_by("-uploaded_at", "-pk"):
        document.unit, document.index_set = unit, index_set
        listed.append(with_warnings(document, len(document.tagged)))
    return listed


def waiting_documents(*, sheet: Sheet) -> dict[int, list[LibraryDocument]]:
    """Per leaf of the sheet that the unit evidences, the library documents tagged to it
    and not attached to it yet (one query: the tags with their documents)."""
    tags = (
        LibraryDocument.leaves.through.objects.filter(
            librarydocument__unit=sheet.unit,
            librarydocument__index_set=sheet.index_set,
            librarydocument__removed_at__isnull=True,
        )
        .select_related("librarydocument")
        .order_by("librarydocument__uploaded_at", "librarydocument_id")
    )
    pairs = [(tag.criterion_id, tag.librarydocument) for tag in tags]
    counts = Counter(document.pk for _leaf, document in pairs)
    documents: dict[int, LibraryDocument] = {}
    for _leaf, document in pairs:
        if document.pk not in documents:
            document.unit, document.index_set = sheet.unit, sheet.index_set
            documents[document.pk] = with_warnings(document, counts[document.pk])
    rows = {row.id: row for row in sheet.official_rows}
    waiting: dict[int, list[LibraryDocument]] = {}
    for leaf_id, document in pairs:
        row = rows.get(leaf_id)
        if row is None:
            continue  # a leaf that stopped applying, or a survey leaf
        attached = {evidence.file.name for evidence in row.evidence}
        if document.file.name not in attached:
            waiting.setdefault(leaf_id, []).append(documents[document.pk])
    return waiting


def evidence_warnings(*, sheet: Sheet) -> dict[int, list[dict[str, Any]]]:
    """Per leaf, the attached evidence the library warns about: dated outside the year,
    or a library document tagged to too many leaves (one query)."""
    names = {evidence.file.name for row in sheet.rows for evidence in row.evidence}
    leaf_counts = dict(
        LibraryDocument.objects.filter(unit=sheet.unit, file__in=names)
        .annotate(tags=Count("leaves"))
        .values_list("file", "tags")
    )
    flagged: dict[int, list[dict[str, Any]]] = {}
    for row in sheet.rows:
        for evidence in row.evidence:
            warnings = document_warnings(
                document_date=evidence.document_date,
                year=sheet.index_set.year,
                leaf_count=leaf_counts.get(evidence.file.name, 0),
            )
            if warnings:
                flagged.setdefault(row.id, []).append(
                    {"name": evidence.original_name, "warnings": warnings}
                )
    return flagged


def library_document_history(document: LibraryDocument) -> list:
    """Every version of the document, newest first, each with the codes of the leaves it
    was tagged to then (`tag_codes`), in two queries."""
    records = list(
        document.history.select_related("history_user").order_by("-history_date", "-history_id")
    )
    # The table simple_history keeps of each version's tags (m2m_fields=[leaves]).
    tags = apps.get_model("plans", "HistoricalLibraryDocument_leaves")
    codes: dict[int, list[str]] = {}
    for history_id, code in (
        tags.objects.filter(history__in=[record.history_id for record in records])
        .order_by("criterion__sort_key")
        .values_list("history_id", "criterion__code")
    ):
        codes.setdefault(history_id, []).append(code)
    for record in records:
        record.tag_codes = codes.get(record.history_id, [])
    return records
