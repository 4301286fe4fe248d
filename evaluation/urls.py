from django.urls import include, path

urlpatterns = [
    # Dossiers and commune reports: /dossiers/..., namespace "dossiers"
    path("dossiers/", include(("evaluation.urls_dossiers", "dossiers"))),
    # Rounds, councils, score sheets, decisions, certificates: /evaluation/..., namespace "evaluation"
    path("evaluation/", include(("evaluation.urls_rounds", "evaluation"))),
    # Public certificate verification: /verify/<code>/
    path("", include("evaluation.urls_public")),
]
