"""URLs of the plans app, all under /plans/ in the namespace "plans"."""

from django.urls import include, path

from .views import board, funding, plan, reports, tasks, training

app_name = "plans"

# Annual plans, cycle board, targets, tasks, training, funding, reports.
plans_patterns = [
    # plans
    path("", plan.PlanListView.as_view(), name="list"),
    path("new/", plan.PlanCreateView.as_view(), name="create"),
    path("current/", plan.CurrentPlanView.as_view(), name="current"),
    path("<int:pk>/", plan.PlanDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", plan.PlanEditView.as_view(), name="edit"),
    path("<int:pk>/publish/", plan.PlanPublishView.as_view(), name="publish"),
    path("<int:pk>/copy/", plan.PlanCopyView.as_view(), name="copy"),
    path("<int:pk>/history/", plan.PlanHistoryView.as_view(), name="history"),
    path("<int:pk>/versions/<int:number>/", plan.PlanVersionView.as_view(), name="version"),
    path("<int:pk>/legal-bases/", plan.LegalBasesView.as_view(), name="legal_bases"),
    path("<int:pk>/milestones/", plan.MilestonesView.as_view(), name="milestones"),
    path("<int:pk>/windows/", plan.StepWindowsView.as_view(), name="step_windows"),
    path("<int:pk>/windows/prefill/", plan.PrefillWindowsView.as_view(), name="prefill_windows"),
    path("<int:pk>/targets/", plan.TargetsView.as_view(), name="targets"),
    path("targets/<int:pk>/value/", plan.TargetValueView.as_view(), name="target_value"),
    path("<int:pk>/dashboard/", plan.DashboardView.as_view(), name="dashboard"),
    path("<int:pk>/export.xlsx", plan.ExportView.as_view(), name="export"),
    path("<int:pk>/plan.pdf", plan.PlanPdfView.as_view(), name="pdf"),
    # product list and the six-step board
    path("<int:pk>/products/", board.PlanProductListView.as_view(), name="products"),
    path("<int:pk>/products/add/", board.ProductAddView.as_view(), name="product_add"),
    path("products/<int:pk>/remove/", board.ProductRemoveView.as_view(), name="product_remove"),
    path("<int:pk>/board/", board.BoardView.as_view(), name="board"),
    path("<int:pk>/board/<str:code>/", board.BoardDistrictView.as_view(), name="board_district"),
    # tasks
    path("<int:pk>/tasks/new/", tasks.TaskCreateView.as_view(), name="task_create"),
    path("<int:pk>/tasks/from-library/", tasks.TaskFromTemplatesView.as_view(), name="task_from_templates"),
    path("tasks/", tasks.TaskListView.as_view(), name="task_list"),
    path("tasks/<int:pk>/", tasks.TaskDetailView.as_view(), name="task_detail"),
    path("tasks/<int:pk>/edit/", tasks.TaskEditView.as_view(), name="task_edit"),
    path("tasks/<int:pk>/do/<slug:action>/", tasks.TaskTransitionView.as_view(), name="task_transition"),
    path("tasks/<int:pk>/report/", tasks.TaskReportView.as_view(), name="task_report"),
    path("tasks/<int:pk>/spawn/", tasks.TaskSpawnView.as_view(), name="task_spawn"),
    path("attachments/<int:pk>/", tasks.AttachmentView.as_view(), name="attachment"),
    path("duties/", tasks.DutyTemplateListView.as_view(), name="duty_list"),
    path("duties/new/", tasks.DutyTemplateFormView.as_view(), name="duty_create"),
    path("duties/<int:pk>/edit/", tasks.DutyTemplateFormView.as_view(), name="duty_edit"),
    # training
    path("<int:pk>/training/", training.TrainingListView.as_view(), name="training_list"),
    path("<int:pk>/training/new/", training.TrainingCreateView.as_view(), name="training_create"),
    path("training/<int:pk>/", training.TrainingDetailView.as_view(), name="training_detail"),
    path("training/<int:pk>/edit/", training.TrainingEditView.as_view(), name="training_edit"),
    path("training/<int:pk>/attendees/", training.TrainingAttendeesView.as_view(), name="training_attendees"),
    path("attendances/<int:pk>/remove/", training.AttendanceRemoveView.as_view(), name="attendance_remove"),
    # funding
    path("<int:pk>/funding/", funding.FundingView.as_view(), name="funding"),
    path(
        "<int:pk>/funding/allocations/new/", funding.AllocationCreateView.as_view(), name="allocation_create"
    ),
    path(
        "<int:pk>/funding/disbursements/new/",
        funding.DisbursementCreateView.as_view(),
        name="disbursement_create",
    ),
    path("<int:pk>/funding/<str:code>/", funding.FundingLocalityView.as_view(), name="funding_locality"),
    # periodic reports and revenue figures
    path("reports/", reports.ReportListView.as_view(), name="report_list"),
    path("reports/new/", reports.ReportCreateView.as_view(), name="report_create"),
    path("reports/<int:pk>/", reports.ReportDetailView.as_view(), name="report_detail"),
    path("reports/<int:pk>/edit/", reports.ReportEditView.as_view(), name="report_edit"),
    path("reports/<int:pk>/submit/", reports.ReportSubmitView.as_view(), name="report_submit"),
    path("reports/<int:pk>/return/", reports.ReportReturnView.as_view(), name="report_return"),
    path("revenue/", reports.RevenueListView.as_view(), name="revenue_list"),
    path("revenue/new/", reports.RevenueCreateView.as_view(), name="revenue_create"),
]

urlpatterns = [
    path("plans/", include(plans_patterns)),
]
