"""What a status report contains, assembled once for PDF and PowerPoint: goals, objectives, each indicator's
status with its explanation, its chart (PNG, rendered once per indicator), the latest commentary, and measures.

Plain Python (no Streamlit). A chart that cannot be drawn is never dropped silently: `build_report` raises
`ChartsMissing` (strict, the default), or marks the indicator so the document prints a visible notice.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import plotly.graph_objects as go

from charts.presentation import presentation_figure
from indicators.catalog import Catalog, Indicator
from indicators.explain import explanation, note_texts
from indicators.format import fmt_date, fmt_value, norm_lang
from indicators.measures import measure_status_text
from indicators.progress import STATUSES, Assessment, status_label
from indicators.status import goal_summary, objective_summary
from indicators.summary import Summary
from indicators.tables import target_text
from store import meetings, queries
from store.status import assess_all

CHART_WIDTH = 1100  # px at scale 1; the PDF and slides scale it to their width
CHART_HEIGHT = 480
CHART_SCALE = 1.5  # sharp on a projector and in print, still small files
CHART_FONT = 17

TEXTS: dict[str, tuple[str, str]] = {
    "title": ("Asker 2030 – statusrapport", "Asker 2030 – status report"),
    "all_goals": ("Alle seks bærekraftsmål", "All six Sustainable Development Goals"),
    "goal_title": ("Mål {id}: {name}", "Goal {id}: {name}"),
    "created": ("Laget {date}", "Created {date}"),
    "data_as_of": ("Data per {date}", "Data as of {date}"),
    "no_data_date": ("Ingen data lastet inn ennå", "No data loaded yet"),
    "example": (
        "Eksempeldata: tallene er illustrerende, ikke offisiell statistikk.",
        "Example data: the figures are illustrative, not official statistics.",
    ),
    "example_measure": ("eksempel", "example"),
    "summary": ("Oversikt over status", "Status overview"),
    "goal_status": ("Status for målet", "Status of the goal"),
    "col_goal": ("Mål", "Goal"),
    "col_objective": ("Delmål", "Objective"),
    "col_indicator": ("Indikator", "Indicator"),
    "col_latest": ("Siste verdi", "Latest value"),
    "col_target": ("Mål for 2030", "2030 target"),
    "col_status": ("Status", "Status"),
    "col_statuses": ("Indikatorer per status", "Indicators per status"),
    "col_measure": ("Tiltak", "Measure"),
    "col_responsible": ("Ansvarlig", "Responsible"),
    "col_due": ("Frist", "Due"),
    "col_indicators": ("Indikatorer", "Indicators"),
    "target": ("Mål", "Target"),
    "latest": ("Siste verdi", "Latest value"),
    "latest_comment": ("Siste vurdering", "Latest assessment"),
    "comment_head": (
        "Siste vurdering, for {period} · {author}, {date}",
        "Latest assessment, for {period} · {author}, {date}",
    ),
    "planned_action": ("Planlagt tiltak", "Planned action"),
    "no_comment": ("Ingen vurdering ennå.", "No assessment yet."),
    "chart_alt": ("Diagram", "Chart"),
    "measures": ("Tiltak", "Measures"),
    "no_measures": ("Ingen tiltak registrert for dette målet.", "No measures registered for this goal."),
    "no_indicators": ("Dette delmålet har ingen indikatorer ennå.", "This objective has no indicators yet."),
    "no_series": ("Ingen målinger for Asker ennå.", "No measurements for Asker yet."),
    "chart_missing": ("Diagrammet mangler: {reason}", "Chart missing: {reason}"),
    "linked_from": ("Hører primært til delmål {id}.", "Belongs mainly to objective {id}."),
    "page": ("Side {n} av {total}", "Page {n} of {total}"),
    "footer": ("Asker 2030 · statusrapport", "Asker 2030 · status report"),
    "method_note": (
        "Status: robust trend (Theil–Sen) sammenlignet med utviklingen som trengs for å nå målet i 2030. "
        "Metoden er beskrevet i docs/methodology.md.",
        "Status: robust trend (Theil–Sen) compared with the change needed to reach the 2030 target. "
        "The method is described in docs/methodology.md.",
    ),
}


def text(key: str, lang: str, **params) -> str:
    nb, en = TEXTS[key]
    s = en if norm_lang(lang) == "en" else nb
    return s.format(**params) if params else s


class ChartsMissing(RuntimeError):
    """One or more charts could not be drawn; `items` are the indicators concerned (with `chart_error`)."""

    def __init__(self, items: list[IndicatorItem]):
        self.items = items
        names = "; ".join(f"{i.indicator.id} ({i.chart_error})" for i in items)
        super().__init__(f"{len(items)} chart(s) could not be drawn: {names}")


def status_text(code: str, lang: str) -> str:
    """Icon + word: a status is never shown by colour alone."""
    return f"{STATUSES[code]['icon']} {status_label(code, lang)}"


def summary_parts(summary: Summary, lang: str) -> list[tuple[str, str]]:
    """[(status code, 'icon label: n'), …] for the statuses that occur."""
    return [(code, f"{status_text(code, lang)}: {n}") for code, n in summary.counts.items() if n]


@dataclass
class Comment:
    period: str
    author: str
    written_at: _dt.datetime
    text: str
    planned_action: str

    def heading(self, lang: str) -> str:
        return text("comment_head", lang, period=self.period, author=self.author, date=fmt_date(self.written_at, lang))


@dataclass
class IndicatorItem:
    indicator: Indicator
    objective_id: str
    name: str
    status: str
    status_text: str
    explanation: str
    notes: list[str]
    target: str
    latest: str
    has_data: bool
    comment: Comment | None
    linked_from: str | None = None  # the primary objective, when shown under a linked one
    figure: go.Figure | None = field(default=None, repr=False)
    chart: bytes | None = field(default=None, repr=False)
    chart_error: str | None = None


@dataclass
class ObjectiveSection:
    id: str
    title: str
    text: str
    summary: Summary
    summary_text: str
    chips: list[tuple[str, str]]  # (status code, 'icon label: n') for the statuses that occur
    items: list[IndicatorItem]


@dataclass
class MeasureItem:
    title: str
    description: str
    responsible: str
    status: str
    status_text: str
    due: str
    indicators: list[str]
    is_example: bool


@dataclass
class GoalSection:
    id: str
    title: str
    ambition: str
    summary: Summary
    summary_text: str
    chips: list[tuple[str, str]]
    objectives: list[ObjectiveSection]
    measures: list[MeasureItem]

    @property
    def items(self) -> list[IndicatorItem]:
        return [i for o in self.objectives for i in o.items]

    def status_rows(self, lang: str) -> list[dict]:
        """The goal's summary table: one row per indicator (first time it appears)."""
        seen, rows = set(), []
        for item in self.items:
            if item.indicator.id in seen:
                continue
            seen.add(item.indicator.id)
            rows.append(
                {
                    "objective": item.objective_id,
                    "indicator": item.name,
                    "latest": item.latest,
                    "target": item.target,
                    "status": item.status,
                    "status_text": item.status_text,
                }
            )
        return rows


@dataclass
class ReportContent:
    lang: str
    title: str
    subtitle: str
    created: str
    data_as_of: str
    example: bool
    goals: list[GoalSection]

    def t(self, key: str, **params) -> str:
        return text(key, self.lang, **params)

    @property
    def items(self) -> list[IndicatorItem]:
        return [i for g in self.goals for i in g.items]

    @property
    def missing_charts(self) -> list[IndicatorItem]:
        return [i for i in self.items if i.has_data and i.chart is None]

    def file_stem(self) -> str:
        goals = "alle-maal" if len(self.goals) > 1 else f"maal-{self.goals[0].id}"
        return f"asker2030-{goals}"


Renderer = Callable[[list[go.Figure]], Sequence["bytes | Exception"]]


_PNG_CACHE: OrderedDict[str, bytes] = OrderedDict()
_PNG_CACHE_SIZE = 300  # about 60 MB at most; the same chart in the PDF and then the PowerPoint is drawn once
_PNG_LOCK = threading.Lock()


def default_renderer(figs: list[go.Figure]) -> list:
    """kaleido in one session for the charts not drawn before in this process (keyed on the figure's JSON)."""
    from exports.images import figures_png

    keys = [hashlib.sha256(f.to_json().encode("utf-8")).hexdigest() for f in figs]
    with _PNG_LOCK:
        known: dict[str, bytes | Exception] = {k: _PNG_CACHE[k] for k in keys if k in _PNG_CACHE}
    todo = [(k, f) for k, f in zip(keys, figs) if k not in known]
    todo = list({k: f for k, f in todo}.items())
    if todo:
        fresh = figures_png([f for _, f in todo], width=CHART_WIDTH, height=CHART_HEIGHT, scale=CHART_SCALE)
        with _PNG_LOCK:
            for (k, _), png in zip(todo, fresh):
                if isinstance(png, (bytes, bytearray)) and png:
                    _PNG_CACHE[k] = bytes(png)
                    while len(_PNG_CACHE) > _PNG_CACHE_SIZE:
                        _PNG_CACHE.popitem(last=False)
                known.setdefault(k, png)
    return [known[k] for k in keys]


def report_figure(ind: Indicator, series, a: Assessment, lang: str, example: bool) -> go.Figure:
    """The goal page's chart (observed, target, required path, trend) with type large enough for print and slides."""
    return presentation_figure(ind, series, a, lang=lang, example=example, height=CHART_HEIGHT, font_size=CHART_FONT)


def _comment(row: dict | None) -> Comment | None:
    if not row:
        return None
    return Comment(
        period=str(row["period"]),
        author=str(row["author"]),
        written_at=row["written_at"],
        text=str(row["text"]),
        planned_action=str(row.get("planned_action") or ""),
    )


def build_report(
    con,
    catalog: Catalog,
    goal_ids: Sequence[str] | None = None,
    lang: str = "nb",
    render: Renderer | None = None,
    strict: bool = True,
    today: _dt.date | None = None,
    assessments: dict[str, Assessment] | None = None,
) -> ReportContent:
    """Assemble a report for some goals (default: all six). Charts are rendered in one batch, once per
    indicator. strict=True raises ChartsMissing when any indicator with data has no chart; strict=False keeps
    the reason in `chart_error` so the documents print a notice in its place."""
    lang = norm_lang(lang)
    render = render or default_renderer
    goal_ids = [str(g) for g in (goal_ids or [g.id for g in catalog.goals])]
    goals = [catalog.goal(g) for g in goal_ids]  # KeyError for an unknown goal id
    assessments = assessments if assessments is not None else assess_all(con, catalog)
    example_ids = queries.example_indicators(con)  # the marker only on charts whose values are still examples
    example = bool(example_ids & {i.id for g in goals for i in catalog.indicators_for_goal(g.id)})
    as_of = queries.data_as_of(con)
    today = today or _dt.date.today()

    all_ids = [i.id for g in goals for o in g.objectives for i in catalog.indicators_for_objective(o.id)]
    latest = meetings.latest_comments(con, all_ids)
    obs = queries.headline_observations(con, list(dict.fromkeys(all_ids)))
    series_by_id = {iid: grp for iid, grp in obs.groupby("indicator_id", sort=False)}

    items_by_id: dict[str, list[IndicatorItem]] = {}
    figures: dict[str, go.Figure] = {}
    goal_sections = []
    for goal in goals:
        objectives = []
        for objective in goal.objectives:
            items = []
            for ind in catalog.indicators_for_objective(objective.id):
                a = assessments.get(ind.id)
                status = a.status if a else "insufficient"
                series = series_by_id.get(ind.id)
                has_data = series is not None and series["value"].notna().any()
                item = IndicatorItem(
                    indicator=ind,
                    objective_id=objective.id,
                    name=ind.name.get(lang),
                    status=status,
                    status_text=status_text(status, lang)
                    + (f" · {status_text('old_data', lang)}" if a and a.stale else ""),
                    explanation=explanation(a, lang) if a else "",
                    notes=note_texts(a, lang) if a else [],
                    target=target_text(ind, lang),
                    latest=(
                        f"{fmt_value(a.latest_value, ind.unit, ind.decimals, lang)} ({a.latest_year})"
                        if a and a.latest_year
                        else "–"
                    ),
                    has_data=bool(has_data),
                    comment=_comment(latest.get(ind.id)),
                    linked_from=ind.objective if ind.objective != objective.id else None,
                )
                if has_data and ind.id not in figures:
                    figures[ind.id] = report_figure(ind, series, a, lang, ind.id in example_ids)
                item.figure = figures.get(ind.id)
                items.append(item)
                items_by_id.setdefault(ind.id, []).append(item)
            osum = objective_summary(catalog, assessments, objective.id)
            objectives.append(
                ObjectiveSection(
                    objective.id,
                    f"{objective.id} {objective.short.get(lang)}",
                    objective.text.get(lang),
                    osum,
                    osum.text(lang),
                    summary_parts(osum, lang),
                    items,
                )
            )
        gsum = goal_summary(catalog, assessments, goal.id)
        goal_sections.append(
            GoalSection(
                goal.id,
                text("goal_title", lang, id=goal.id, name=goal.name.get(lang)),
                goal.ambition.get(lang),
                gsum,
                gsum.text(lang),
                summary_parts(gsum, lang),
                objectives,
                _measures(con, catalog, goal.id, lang),
            )
        )

    _render_charts(figures, items_by_id, render)
    content = ReportContent(
        lang=lang,
        title=text("title", lang),
        subtitle=goal_sections[0].title if len(goal_sections) == 1 else text("all_goals", lang),
        created=text("created", lang, date=fmt_date(today, lang)),
        data_as_of=text("data_as_of", lang, date=fmt_date(as_of, lang)) if as_of else text("no_data_date", lang),
        example=example,
        goals=goal_sections,
    )
    if strict and content.missing_charts:
        raise ChartsMissing(_unique(content.missing_charts))
    return content


def _unique(items: list[IndicatorItem]) -> list[IndicatorItem]:
    seen, out = set(), []
    for i in items:
        if i.indicator.id not in seen:
            seen.add(i.indicator.id)
            out.append(i)
    return out


def _render_charts(
    figures: dict[str, go.Figure], items_by_id: dict[str, list[IndicatorItem]], render: Renderer
) -> None:
    ids = list(figures)
    if not ids:
        return
    try:
        results = list(render([figures[i] for i in ids]))
    except Exception as exc:  # noqa: BLE001 - the whole batch failed: every chart is missing, for one reason
        results = [exc] * len(ids)
    if len(results) != len(ids):
        results = results + [RuntimeError("the renderer returned no image")] * (len(ids) - len(results))
    for iid, result in zip(ids, results):
        ok = isinstance(result, (bytes, bytearray)) and len(result) > 0
        for item in items_by_id[iid]:
            if ok:
                item.chart = bytes(result)  # type: ignore[arg-type]  # `ok` says it is bytes
            else:
                reason = result if isinstance(result, Exception) else "empty image"
                item.chart_error = f"{type(reason).__name__}: {reason}" if isinstance(reason, Exception) else reason


def _measures(con, catalog: Catalog, goal_id: str, lang: str) -> list[MeasureItem]:
    out = []
    for r in meetings.measures(con, goal_id).to_dict("records"):
        names = [catalog.indicator(i).name.get(lang) if catalog.has_indicator(i) else i for i in r["indicator_ids"]]
        out.append(
            MeasureItem(
                title=r["title"],
                description=r["description"],
                responsible=r["responsible"],
                status=r["status"],
                status_text=measure_status_text(r["status"], lang),
                due=fmt_date(r["due_date"], lang) if r["due_date"] else "–",
                indicators=names,
                is_example=bool(r["is_example"]),
            )
        )
    return out
