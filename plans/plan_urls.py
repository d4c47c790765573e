"""The improvement plan's URLs (included by plans/urls.py, under /plans/)."""

from django.urls import path

from plans.views import plan, plan_reports, plan_tasks

urlpatterns = [
    path("", plan.index, name="index"),
    path("draft/", plan.draft, name="draft"),
    path("<int:year>/", plan.detail, name="detail"),
    path("<int:year>/edit/", plan.edit, name="edit"),
    path("<int:year>/issue/", plan.issue, name="issue"),
    path("<int:year>/close/", plan.close, name="close"),
    path("<int:year>/print/", plan.print_document, name="print"),
    path("<int:year>/tasks.xlsx", plan.export, name="export"),
    path("<int:year>/dashboard/", plan.dashboard, name="dashboard"),
    path("<int:year>/tasks/new/", plan_tasks.task_new, name="task-new"),
    path("<int:year>/tasks/merge/", plan_tasks.tasks_merge, name="tasks-merge"),
    path("<int:year>/tasks/<int:task_id>/", plan_tasks.task, name="task"),
    path("<int:year>/tasks/<int:task_id>/edit/", plan_tasks.task_edit, name="task-edit"),
    path("<int:year>/tasks/<int:task_id>/split/", plan_tasks.task_split, name="task-split"),
    path("<int:year>/tasks/<int:task_id>/remove/", plan_tasks.task_remove, name="task-remove"),
    path(
        "<int:year>/tasks/<int:task_id>/report/<int:period>/",
        plan_reports.report,
        name="report",
    ),
    path("<int:year>/units/<slug:unit_code>/", plan_reports.unit_tasks, name="unit-tasks"),
]
