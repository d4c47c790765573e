from django.urls import path

from exchange.views import hub, scores, sets, survey, units, years

app_name = "exchange"
SCORES = "sets/<slug:code>/scores/<str:kind>/"  # a set's self or appraised scores
urlpatterns = [
    path("", hub.home, name="home"),
    path("sets/template.xlsx", sets.set_template, name="set-template"),
    path("sets/import/", sets.set_import, name="set-import"),
    path("sets/import/confirm/", sets.set_import_confirm, name="set-import-confirm"),
    path("sets/<slug:code>.xlsx", sets.set_export, name="set-export"),
    path(
        "sets/<slug:code>/units/<slug:unit_code>/scores.xlsx",
        scores.unit_scores_export,
        name="unit-scores-export",
    ),
    path(f"{SCORES}import/", scores.score_import, name="score-import"),
    path(f"{SCORES}confirm/", scores.score_import_confirm, name="score-import-confirm"),
    path("sets/<slug:code>/survey/import/", survey.survey_import, name="survey-import"),
    path(
        "sets/<slug:code>/survey/confirm/",
        survey.survey_import_confirm,
        name="survey-import-confirm",
    ),
    path("units.xlsx", years.units_export, name="units-export"),
    path("units/attributes/", units.unit_attributes_import, name="unit-attributes-import"),
    path(
        "units/attributes/confirm/",
        units.unit_attributes_confirm,
        name="unit-attributes-confirm",
    ),
    path("years/<int:year>/results.xlsx", years.year_export, name="year-export"),
    path("years/<int:year>/results.json", years.year_json, name="year-json"),
]
