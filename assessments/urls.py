from django.urls import path

from assessments.views import adjustments, appraisal, entry, finalise, methods, preview

app_name = "assessments"
# A unit's sheet of one set, and one leaf of a unit.
SHEET = "units/<slug:unit_code>/sets/<slug:set_code>/"
LEAF = "units/<slug:unit_code>/leaves/<int:criterion_id>/"
urlpatterns = [
    # The yearly cycle (issue 3): officials' entry, appraisal, publication.
    path("my-unit/", entry.official_board, name="official-board"),
    path(f"{SHEET}self-assessment/", entry.self_assessment, name="self-assessment"),
    path(f"{SHEET}explanation/", entry.explanation, name="explanation"),
    path(LEAF, entry.score_detail, name="score-detail"),
    path(f"{LEAF}preview/", preview.leaf_preview, name="leaf-preview"),
    path("evidence/<int:pk>/", entry.evidence_download, name="evidence-download"),
    path("evidence/<int:pk>/remove/", entry.evidence_remove, name="evidence-remove"),
    path("appraisal/", appraisal.appraisal_board, name="appraisal-board"),
    path(f"{SHEET}appraisal/", appraisal.appraisal, name="appraisal"),
    path(f"{SHEET}appraisal/reopen/", appraisal.appraisal_reopen, name="appraisal-reopen"),
    path("sets/<slug:set_code>/survey-import/", appraisal.survey_import, name="survey-import"),
    path("sets/<slug:set_code>/publish/", appraisal.publish, name="publish"),
    # Finalising every unit with no open item at once (issue 14).
    path("sets/<slug:set_code>/finalise-ready/", finalise.finalise_ready, name="finalise-ready"),
    # Optional methods not held for some units (issue 11).
    path(
        "sets/<slug:set_code>/methods-not-held/",
        methods.methods_not_held,
        name="methods-not-held",
    ),
    path("sets/<slug:set_code>/next-phase/", appraisal.advance_phase, name="advance-phase"),
    path(f"{LEAF}correct/", appraisal.score_correct, name="score-correct"),
    # Bonus and deduction points (issue 6).
    path("sets/<slug:code>/adjustments/", adjustments.adjustments, name="adjustments"),
    path(
        "sets/<slug:code>/adjustments/<int:pk>/withdraw/",
        adjustments.adjustment_withdraw,
        name="adjustment-withdraw",
    ),
]
