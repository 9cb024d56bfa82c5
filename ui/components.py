"""Small Streamlit building blocks shared by pages: banners, status badges, language switch, downloads."""

from __future__ import annotations

import functools
import re

import streamlit as st

from indicators.format import fmt_date, fmt_value
from ui import auth, i18n, state
from ui.i18n import N_, t


def store_error(exc: Exception) -> None:
    st.error(f"**{t('store_error')}.** {getattr(exc, 'message', str(exc))}")
    hint = getattr(exc, "hint", "")
    if hint:
        st.info(f"**{t('store_hint')}:** {hint}")


# Ids built at run time below, t(f"lang_{code}"), marked for extraction (docs/translations.md).
_LANGUAGE_IDS = (N_("lang_nb"), N_("lang_en"))


def language_switch() -> None:
    current = i18n.lang()
    choice = st.segmented_control(
        t("language"), ["nb", "en"], default=current, key="lang_switch", format_func=lambda code: t(f"lang_{code}")
    )
    if choice and choice != current:
        st.session_state["lang"] = choice
        if choice == "nb":
            st.query_params.pop("lang", None)
        else:
            st.query_params["lang"] = choice
        st.rerun()
    page_language()


def page_language() -> None:
    """WCAG 3.1.1 (language of page): Streamlit always serves <html lang="en">, so screen readers would read the
    bokmål pages with English pronunciation. The tag is set to the chosen language on every change."""
    st.html(f"<script>document.documentElement.lang = {i18n.lang()!r};</script>", unsafe_allow_javascript=True)


def data_dates(period=None, indicator_ids=None) -> None:
    """Under a page's title: "Data per 2024 · Databasen oppdatert 1. des. 2026". The period is the newest one of
    the data the page shows: `period` when the page knows it (a chosen series, a selection), else the latest year
    of Asker's figures for `indicator_ids` (None: every indicator), from the assessments of this data version."""
    text = data_dates_text(period, indicator_ids)
    if text:
        st.caption(text)


def data_dates_text(period=None, indicator_ids=None) -> str:
    """The words of data_dates(), for a page that draws them inside its own HTML."""
    if period is None:
        assessments = state.assessments()
        years = [
            a.latest_year
            for iid, a in assessments.items()
            if a.latest_year is not None and (indicator_ids is None or iid in indicator_ids)
        ]
        period = max(years) if years else None
    parts = [t("data_period", period=period) + f" ({t('data_period_help')})"] if period is not None else []
    as_of = state.data_as_of()
    if as_of is not None:
        parts.append(t("store_updated", date=fmt_date(as_of, i18n.lang())))
    return " · ".join(parts)


def example_banner(indicator_ids=None) -> None:
    """Shown while values from the bundled example data remain: on any page while any do, or, given the page's
    indicators, only while one of them still has example values (real data replaces them)."""
    if indicator_ids is None:
        show = state.shows_example_data()  # once per data version
    else:
        show = bool(set(indicator_ids) & state.example_indicators())
    if show:
        st.warning(t("example_banner"), icon=":material/science:")


# Ids built at run time below, t(f"request_{decision.reason}") for the refusals among auth.REASONS, marked for
# extraction (docs/translations.md).
_REFUSAL_IDS = (
    N_("request_cross_origin"),
    N_("request_host_not_local"),
    N_("request_proxied"),
    N_("request_remote"),
)


def sidebar_footer() -> None:
    as_of = state.data_as_of()
    if as_of is not None:
        st.caption(t("store_updated", date=fmt_date(as_of, i18n.lang())))
    if state.shows_example_data():
        st.markdown(f":orange-badge[:material/science: {t('example_badge')}]")  # in a caption: below 4.5:1
    # Every page links the accessibility statement (required of public bodies' web solutions).
    st.page_link(
        "app_pages/accessibility.py", label=t("nav_a11y"), icon=":material/accessibility:", query_params=link_params()
    )
    decision = auth.decision()
    if decision.mode == "oidc":
        if auth.signed_in():
            st.caption(t("signed_in_as", who=auth.display_name() or "?"))
            if decision.reason in ("email_unverified", "no_verified_identity"):
                st.caption(t("role_unverified"))
            if st.button(t("sign_out")):
                st.logout()
        elif st.button(t("sign_in")):
            st.login()
    elif decision.mode == "local":
        st.caption(
            t("role_local")
            if decision.role == auth.ANALYST
            else t("role_local_refused", why=t(f"request_{decision.reason}"))
        )
    else:
        st.caption(t("role_open"))


# --- statuses ------------------------------------------------------------------------------------------
from html import escape  # noqa: E402

from charts.contrast import NON_TEXT, darken_until  # noqa: E402
from indicators.progress import STATUSES, status_label  # noqa: E402
from indicators.summary import Summary  # noqa: E402


def status_chip(code: str, count: int | None = None, label: str | None = None) -> str:
    """HTML for a status: icon + word (+ count), coloured from a colour-blind-safe palette with black text.

    Screen readers read the word (and count) only: the icon is aria-hidden, since "north east arrow" would say
    nothing. The light fills are below 3:1 against the page, so each chip has a border of its own hue darkened to
    at least 3:1 (WCAG 1.4.11); the text is black on the fill (at least 4.5:1, tests/test_contrast.py)."""
    s = STATUSES[code]
    text = f"<span aria-hidden='true'>{s['icon']}</span> {escape(label or status_label(code, i18n.lang()))}"
    if count is not None:
        text += f": <b>{count}</b>"
    return (
        f"<span class='status-chip' data-status='{code}' style='background:{s['colour']};"
        f"color:{s['text_colour']};border:2px solid {chip_border(code)};"
        f"padding:1px 7px;border-radius:10px;margin:2px 4px 2px 0;display:inline-block;"
        f"font-size:0.92em;max-width:100%'>{text}</span>"
    )


@functools.cache  # a few statuses, asked for every chip of every view
def chip_border(code: str) -> str:
    return darken_until(STATUSES[code]["colour"], NON_TEXT)


def plain_text(text: str) -> str:
    """Text from the data shown as itself inside markdown that also carries our own HTML (unsafe_allow_html):
    no tag, entity or markdown syntax in it takes effect."""
    from ui.meetings_view import md_escape

    return md_escape(escape(str(text), quote=False))


_MD_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation mark: CommonMark lets each be escaped
_AUTOLINK = re.compile(r"(?i)(?<=[a-z])(?=://)|(?<=www)(?=\.)|(?=@)")


def md_text(text) -> str:
    """Text from a file (a file or sheet name, an area, a breakdown) inside st.markdown, captions, alerts,
    expander and progress labels, shown as itself: every punctuation mark is escaped (no link, **bold**,
    :red[colour], $maths$ or heading), and a word joiner (U+2060, invisible) breaks what GFM would turn into a
    link by itself (http://…, www.…, name@host), which escaping does not stop. Streamlit shows raw HTML as text."""
    flat = " ".join(str(text).split())
    return _MD_PUNCT.sub(r"\\\1", _AUTOLINK.sub("\u2060", flat))


def status_badge(code: str) -> None:
    st.markdown(status_chip(code), unsafe_allow_html=True)


def old_data_chip(a) -> str:
    """Beside the status of an assessment whose latest value is older than its update frequency allows: the grey
    «Gamle data» chip saying from when the latest figure is; nothing for current data."""
    if not a.stale:
        return ""
    return status_chip("old_data", label=t("old_data_since", period=a.latest_year))


def assessment_badge(a) -> None:
    """An assessment's status chip, and the "old data" chip beside it when its latest value is too old."""
    st.markdown(status_chip(a.status) + old_data_chip(a), unsafe_allow_html=True)


def summary_chips(summary: Summary, show_zero: bool = False) -> str:
    """The status mix of an objective or goal, e.g. '✔ Målet er nådd: 2 ↗ I rute: 1 ? For lite data: 1'."""
    parts = [status_chip(code, n) for code, n in summary.counts.items() if n or show_zero]
    return "".join(parts) or status_chip("insufficient", 0)


def link_params(**params) -> dict:
    """Query parameters for st.page_link that keep the chosen language."""
    out = {k: v for k, v in params.items() if v is not None}
    if i18n.lang() != "nb":
        out["lang"] = i18n.lang()
    return out


# --- downloads -----------------------------------------------------------------------------------------
from exports.tables import to_csv_bytes, to_excel_bytes  # noqa: E402


def downloads(df, name: str, fig=None, key: str = "", container=None, title: str = "") -> None:
    """CSV, Excel and (for charts) PNG download buttons; files are made only when clicked.
    df: a frame, or a function returning one (called only when a file is made). The buttons go into `container`
    (e.g. a horizontal container the caller shares with a link), else into a new row of their own."""
    key = key or name
    frame = df if callable(df) else (lambda: df)
    row = container if container is not None else st.container(horizontal=True, gap="small")
    row.download_button(
        t("download_csv"),
        data=lambda: to_csv_bytes(frame()),
        file_name=f"{name}.csv",
        mime="text/csv",
        key=f"csv-{key}",
        icon=":material/download:",
        on_click="ignore",
    )
    row.download_button(
        t("download_xlsx"),
        data=lambda: to_excel_bytes(frame()),
        file_name=f"{name}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"xlsx-{key}",
        icon=":material/download:",
        on_click="ignore",
    )
    if fig is not None:
        from exports.images import figure_png, warm

        warm()  # the image is made when clicked: have its browser ready by then (≤ 1.5 s instead of 3-8 s)
        row.download_button(
            t("download_png"),
            data=lambda: figure_png(fig, title=title),
            file_name=f"{name}.png",
            mime="image/png",
            key=f"png-{key}",
            icon=":material/image:",
            on_click="ignore",
        )


def downloads_menu(df, name: str, fig=None, key: str = "", container=None, title: str = "") -> None:
    """The same buttons behind one «Last ned» popover, drawn only once it is opened (opening reruns the page).
    For pages that repeat them for every chart (a goal page: two dozen charts, three buttons each, which cost
    every view of every viewer though few download anything). The open state is st.session_state[f"dl-{key}"]."""
    key = key or name
    menu = (container or st).popover(
        t("download_menu"), icon=":material/download:", key=f"dl-{key}", on_change="rerun", help=t("download_help")
    )
    if menu.open:
        with menu:
            downloads(df, name, fig, key=key, title=title)


# --- tables -----------------------------------------------------------------------------------------------
from indicators.format import fmt_datetime, fmt_number  # noqa: E402


def _auto_number(v, lang: str) -> str:
    """A number with as few decimals as it needs, up to two (counts stay whole, 0.1 MB shows as 0,1)."""
    f = float(v)
    return fmt_number(f, next(d for d in (0, 1, 2) if round(f, d) == round(f, 2)), lang)


def display_frame(frame, formats: dict | None = None, lang: str | None = None):
    """The frame as the screen shows it: the named columns through their formatter (a value with its unit),
    other float columns as Norwegian numbers, times as dates (``1. des. 2026 12:38``); missing cells as –.
    Streamlit's own number formats cannot write a decimal comma, and a pandas Styler costs ~0.3 s a table per
    view, so the cells become text; the same frame with its numbers is what the downloads carry."""
    import pandas as pd

    lang = lang or i18n.lang()
    formats = dict(formats or {})
    out = frame.copy(deep=False)
    for name in out.columns:
        column = out[name]
        fmt = formats.get(name)
        if fmt is None and pd.api.types.is_datetime64_any_dtype(column):
            fmt = lambda v: fmt_datetime(v, lang)  # noqa: E731
        elif fmt is None and pd.api.types.is_float_dtype(column):
            fmt = lambda v: _auto_number(v, lang)  # noqa: E731
        elif fmt is None:
            if not column.hasnans:
                continue
            fmt = str  # Streamlit writes an empty cell as "None": in any language that is not the word for it
        out[name] = [
            "–" if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v) else fmt(v)
            for v in column.tolist()
        ]
    return out


def table(
    frame, formats: dict | None = None, download: str | None = None, key: str | None = None, shown=None, **kwargs
) -> None:
    """A people table (headers already in the page's language): st.dataframe of its display_frame, numbers
    right-aligned, and with `download` (a file name) CSV and Excel buttons carrying the same headers and the
    numbers themselves. `shown`: an already formatted display frame (cached by the caller for big tables)."""
    import pandas as pd

    shown = display_frame(frame, formats) if shown is None else shown
    numeric = [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c]) or c in (formats or {})]
    config = {c: st.column_config.TextColumn(alignment="right") for c in numeric}
    config.update(kwargs.pop("column_config", {}))
    st.dataframe(shown, hide_index=True, column_config=config, key=key, **kwargs)
    if download:
        downloads(frame, download, key=f"table-{key or download}")


@st.cache_resource(show_spinner=False, max_entries=32)
def _observations_tables(version, indicator_id: str, lang: str):
    from indicators.tables import observations_frame

    ind = state.catalog().indicator(indicator_id)
    data = observations_frame(state.indicator_table(indicator_id, "observations"), lang)
    value = tables_col("value", lang)
    return data, display_frame(data, {value: value_formatter(ind, lang)}, lang)


def tables_col(key: str, lang: str) -> str:
    from indicators.tables import OBSERVATION_COLUMNS

    nb, en = OBSERVATION_COLUMNS[key]
    return en if lang == "en" else nb


def observations_tables(ind, lang: str):
    """(frame for downloads, frame for the screen) of every stored row of one indicator, once per data version."""
    return _observations_tables(state.data_version(), ind.id, lang)


# --- charts with a text alternative -----------------------------------------------------------------------
from charts.text_alternative import chart_summary, chart_table  # noqa: E402


def chart(
    fig,
    key: str,
    fmt=None,
    periods=None,
    theme: str | None = "streamlit",
    config: dict | None = None,
    table: bool = True,
    summary_visible: bool = True,
) -> None:
    """A plotly chart with its text alternative (WCAG 1.1.1): a one-sentence summary under it and its data as a
    real HTML table in an expander (reachable by Tab, opened with Enter, read as a table by screen readers).
    fmt formats a value (with its unit); periods maps x values to period labels (2023K1, 2023-24).
    table=False where the same numbers are already in a table right beside the chart (or inside an expander,
    which cannot hold another). Three elements (caption, expander, one markdown table), and for a figure shown
    unchanged many times (the goal pages' frozen figures) the text is made once per figure."""
    lang = i18n.lang()
    st.plotly_chart(fig, key=key, theme=theme, config=config or {"displaylogo": False})
    summary, table_md = text_alternative(fig, lang, fmt, periods)
    if summary_visible:
        st.caption(summary)
    else:  # read by screen readers, not drawn (the meeting view's screens have no room): the usual clip pattern
        st.markdown(f"<span style='{SR_ONLY}'>{summary}</span>", unsafe_allow_html=True)
    if table:
        with st.expander(t("chart_table"), icon=":material/table:"):
            st.markdown(table_md)


SR_ONLY = (
    "position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);"
    "white-space:nowrap;border:0"
)


def text_alternative(fig, lang: str, fmt=None, periods=None) -> tuple[str, str]:
    """The chart's summary sentence and its data as a markdown table (cells escaped: names can come from uploads).
    Kept on the figure object itself (as charts.frozen keeps its dict): the same figure always draws the same."""
    known = fig.__dict__.setdefault("_text_alternatives", {})
    got = known.get(lang)
    if got is None:
        frame = chart_table(fig, lang, fmt, periods)
        cell = plain_text  # escapes | too, so a name cannot break the table
        lines = ["| " + " | ".join(cell(c) for c in frame.columns) + " |", "|" + "---|" * len(frame.columns)]
        lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in frame.itertuples(index=False)]
        got = known[lang] = (plain_text(chart_summary(fig, lang, fmt, periods)), "\n".join(lines))
    return got


def value_formatter(ind, lang: str):
    """Values of one indicator as the charts and tables write them (unit, decimals, Norwegian or English)."""
    return lambda v: fmt_value(v, ind.unit, ind.decimals, lang)


def period_labels(series) -> dict:
    """x position (time) -> period label (2023, 2023K1, 2023-24) of a series frame."""
    if series is None or series.empty or "time" not in series:
        return {}
    return dict(zip(series["time"], series["period"]))
