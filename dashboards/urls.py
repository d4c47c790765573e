from django.urls import path

from dashboards.views import exports, field, scorecard, year

app_name = "dashboards"
urlpatterns = [
    path("", year.year_dashboard, name="year-dashboard"),
    path("print/", year.ranking_print, name="ranking-print"),
    path("export/ranking.xlsx", exports.ranking_export, name="ranking-export"),
    path("export/scores.xlsx", exports.matrix_export, name="matrix-export"),
    path("<int:year>/units/<slug:unit_code>/", scorecard.unit_scorecard, name="unit-scorecard"),
    path("sets/<slug:set_code>/fields/<str:field_code>/", field.field_view, name="field-view"),
]
