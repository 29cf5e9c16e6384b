"""The overview dashboard: four charts, each drawn from one of the canned queries.

Reads the canned queries that ``publish.queries`` loads from ``publish/queries/*.sql``;
writes nothing (returns the ``datasette-dashboards`` plugin configuration that
``python -m rcc_archive.publish.queries`` puts into ``datasette_metadata.json``).

datasette-dashboards draws Vega-Lite charts with the vega, vega-lite and vega-embed
scripts it ships in its own wheel, so the dashboard works offline. Each chart runs
exactly its canned query's SQL, so the numbers in a chart are the rows that query's page
shows and exports (CSV, JSON) — the links card says where.
"""

from __future__ import annotations

from typing import Any

SLUG = "oversikt"
# Chart slug -> (canned query, Vega-Lite display).
CHARTS: dict[str, tuple[str, dict[str, Any]]] = {
    "dokument": (
        "documents_by_region",
        {
            "mark": {"type": "bar", "tooltip": True},
            "encoding": {
                "y": {"field": "region_name", "type": "nominal", "title": "Region"},
                "x": {"field": "documents", "type": "quantitative", "title": "Dokument"},
                "color": {"field": "doc_type", "type": "nominal", "title": "Typ"},
            },
        },
    ),
    "planperioder": (
        "plans_timeline",
        {
            "mark": {"type": "bar", "tooltip": True, "cornerRadius": 2, "opacity": 0.75},
            "height": 220,
            "transform": [
                {"filter": "datum.period_start != null"},
                {
                    "calculate": "datum.period_end == null ? datum.period_start + 1"
                    " : datum.period_end + 1",
                    "as": "period_stop",
                },
            ],
            "encoding": {
                "y": {"field": "region_name", "type": "nominal", "title": "Region"},
                "x": {
                    "field": "period_start",
                    "type": "quantitative",
                    "title": "År",
                    "scale": {"zero": False},
                    "axis": {"format": "d", "tickMinStep": 1},
                },
                "x2": {"field": "period_stop"},
                "color": {"field": "plan", "type": "nominal", "title": "Plan"},
                "tooltip": [
                    {"field": "title", "title": "Plan"},
                    {"field": "period_start", "title": "Från"},
                    {"field": "period_end", "title": "Till"},
                    {"field": "status", "title": "Status"},
                ],
            },
        },
    ),
    "term": (
        "term_by_region",
        {
            "mark": {"type": "bar", "tooltip": True},
            "encoding": {
                "y": {"field": "region_name", "type": "nominal", "title": "Region", "sort": "-x"},
                "x": {
                    "field": "percent_of_pages",
                    "type": "quantitative",
                    "title": "Andel av plansidorna (%)",
                },
                "tooltip": [
                    {"field": "region_name", "title": "Region"},
                    {"field": "pages_with_term", "title": "Sidor med termen"},
                    {"field": "pages", "title": "Sidor"},
                    {"field": "percent_of_pages", "title": "%"},
                ],
            },
        },
    ),
    "andringar": (
        "changes_per_run",
        {
            "mark": {"type": "bar", "tooltip": True},
            "encoding": {
                "x": {"field": "run_id", "type": "ordinal", "title": "Körning"},
                "y": {"field": "changes", "type": "quantitative", "title": "Ändringar"},
                "color": {"field": "change", "type": "nominal", "title": "Ändring"},
            },
        },
    ),
}
CHART_TITLES = {
    "dokument": "Dokument per region och typ",
    "planperioder": "Planperioder per region (cancerplaner)",
    "term": "Andel plansidor som nämner en term",
    "andringar": "Ändringar per körning",
}


def dashboard_config(queries: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Return the datasette-dashboards configuration for the overview dashboard."""
    charts: dict[str, Any] = {}
    for slug, (query, display) in CHARTS.items():
        charts[slug] = {
            "title": CHART_TITLES[slug],
            "db": "archive",
            "query": queries[query]["sql"],
            "library": "vega-lite",
            "display": display,
        }
    links = "\n".join(
        f"- [{queries[query]['title']}](/archive/{query}) — "
        f"[CSV](/archive/{query}.csv?{_blank_params(queries[query])}_size=max)"
        for query, _ in CHARTS.values()
    )
    charts["data"] = {
        "title": "Data bakom diagrammen",
        "library": "markdown",
        "display": "Varje diagram bygger på en sparad fråga; öppna den för att se raderna "
        "eller ladda ner dem:\n\n" + links,
    }
    return {
        SLUG: {
            "title": "Översikt: regionala cancerplaner",
            "description": "Dokument per region och typ, cancerplanernas perioder, hur ofta "
            "planerna nämner en term och vad varje körning ändrade.",
            "settings": {"allow_fullscreen": False},
            "filters": {
                "term": {
                    "name": "Term (för andelen plansidor)",
                    "type": "text",
                    "default": "screening",
                },
            },
            "layout": [["dokument", "planperioder"], ["term", "andringar"], ["data", "data"]],
            "charts": charts,
        }
    }


def _blank_params(query: dict[str, Any]) -> str:
    # A canned query's page asks for every parameter; blank ones mean "all".
    values = {"term": "screening"}
    return "".join(f"{name}={values.get(name, '')}&" for name in query.get("params", []))
