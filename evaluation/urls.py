"""Rounds, councils, score sheets, decisions and criteria sets, under /evaluation/ (namespace "evaluation")."""

from django.urls import path

from .views import decisions, profiles, rounds, scoring

app_name = "evaluation"

urlpatterns = [
    path("evaluation/rounds/", rounds.RoundListView.as_view(), name="round_list"),
    path("evaluation/rounds/new/", rounds.RoundCreateView.as_view(), name="round_create"),
    path("evaluation/rounds/<int:pk>/", rounds.RoundDetailView.as_view(), name="round_detail"),
    path(
        "evaluation/rounds/<int:pk>/action/<slug:name>/",
        rounds.RoundTransitionView.as_view(),
        name="round_transition",
    ),
    path("evaluation/rounds/<int:pk>/members/add/", rounds.MemberAddView.as_view(), name="member_add"),
    path(
        "evaluation/rounds/<int:pk>/members/<int:member_pk>/remove/",
        rounds.MemberRemoveView.as_view(),
        name="member_remove",
    ),
    path("evaluation/rounds/<int:pk>/products/add/", rounds.AssignView.as_view(), name="assign"),
    path(
        "evaluation/rounds/<int:pk>/products/<int:entry_pk>/remove/",
        rounds.EntryRemoveView.as_view(),
        name="entry_remove",
    ),
    path("evaluation/rounds/<int:pk>/forward/", rounds.ForwardView.as_view(), name="forward"),
    path("evaluation/rounds/<int:pk>/results.xlsx", rounds.RoundExportView.as_view(), name="round_export"),
    path(
        "evaluation/rounds/<int:pk>/decision/new/",
        rounds.DecisionCreateView.as_view(),
        name="decision_create",
    ),
    path("evaluation/my-sheets/", scoring.MySheetsView.as_view(), name="my_sheets"),
    path("evaluation/entries/<int:entry_pk>/", scoring.EntryDetailView.as_view(), name="entry_detail"),
    path("evaluation/entries/<int:entry_pk>/score/", scoring.ScoreSheetView.as_view(), name="score"),
    path(
        "evaluation/entries/<int:entry_pk>/score/revise/",
        scoring.ScoreSheetReviseView.as_view(),
        name="score_revise",
    ),
    path("evaluation/entries/<int:entry_pk>/conflict/", scoring.ConflictView.as_view(), name="conflict"),
    path("evaluation/decisions/", decisions.DecisionListView.as_view(), name="decision_list"),
    path("evaluation/decisions/<int:pk>/", decisions.DecisionDetailView.as_view(), name="decision_detail"),
    path("evaluation/criteria/", decisions.CriteriaListView.as_view(), name="criteria_list"),
    path("evaluation/rule-sets/", profiles.ProfileListView.as_view(), name="profile_list"),
    path("evaluation/criteria/<int:pk>/", decisions.CriteriaDetailView.as_view(), name="criteria_detail"),
]
