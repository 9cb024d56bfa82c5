"""A goal page's indicator as one HTML card: name, target, status, sentence, chart picture, data table, embed code
and comments in one st.html element. Streamlit draws each markdown element with its own markdown parser and styled
wrappers; two dozen indicators of nine elements each kept the browser busy ~1 s before the first status showed
(docs/benchmarks.md). Plain HTML is parsed by the browser itself. Every text from the data is escaped here."""

from __future__ import annotations

import json
import re
from html import escape

from charts.text_alternative import chart_summary, chart_table

# One small style sheet per page (st.html with only a <style> takes no room). Sizes as Streamlit's own text.
STYLE = """<style>
.a2030-card p { margin: 0 0 0.5rem 0; }
.a2030-card .muted, .a2030-card .chart-summary { font-size: 0.875rem; color: #6c6c6c; }
.a2030-card picture img { width: 100%; height: auto; display: block; }
.a2030-card details { margin: 0.25rem 0 0.5rem 0; border: 1px solid rgba(49,51,63,0.2); border-radius: 0.5rem; }
.a2030-card summary { cursor: pointer; padding: 0.4rem 0.75rem; min-height: 24px; }
.a2030-card summary:focus-visible { outline: 2px solid #1c5c99; outline-offset: 2px; }
.a2030-card details > div { padding: 0 0.75rem 0.5rem 0.75rem; overflow-x: auto; }
.a2030-card table { border-collapse: collapse; font-size: 0.875rem; }
.a2030-card th, .a2030-card td { border-bottom: 1px solid rgba(49,51,63,0.15); padding: 0.2rem 0.6rem;
  text-align: right; white-space: nowrap; }
.a2030-card th:first-child, .a2030-card td:first-child { text-align: left; }
.a2030-card pre { white-space: pre-wrap; word-break: break-all; font-size: 0.8rem; background: #f0f2f6;
  padding: 0.5rem; border-radius: 0.25rem; margin: 0; }
.a2030-icon { font-family: "Material Symbols Rounded"; font-weight: 400; font-style: normal; font-size: 1.15em;
  line-height: 1; vertical-align: -0.2em; display: inline-block; user-select: none; }
.a2030-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 30rem), 1fr)); gap: 1rem; }
.a2030-box { border: 1px solid rgba(49,51,63,0.2); border-radius: 0.5rem; padding: 1rem; min-width: 0; }
.a2030-links a { margin-right: 1.25rem; }
.a2030-card h2 { font-size: 1.5rem; font-weight: 600; line-height: 1.2; margin: 1.5rem 0 0 0; padding: 0.5rem 0 0 0;
  scroll-margin-top: 4rem; }
.a2030-rule { border: none; height: 2px; background: rgba(49,51,63,0.2); margin: 0.5rem 0 1rem 0; }
.a2030-note { background: rgba(28,131,225,0.1); color: #0054a3; border-radius: 0.5rem; padding: 1rem; }
.a2030-card h3 { font-size: 1rem; font-weight: 600; margin: 0 0 0.25rem 0; padding: 0; }
</style>"""


def text(value) -> str:
    """Text from the data (names, comments, targets) as itself: no tag or entity in it takes effect."""
    return escape(str(value), quote=True)


def lines(value) -> str:
    """Text from the data that may run over several lines (a comment): escaped, its line breaks kept."""
    return text(value).replace("\n", "<br>")


def table_data(frame, caption: str) -> str:
    """A small frame of text cells as the JSON a closed disclosure carries (TABLES builds the table when it is
    opened): ~130 elements a chart less for the browser to sanitize, parse and style while the page opens."""
    cells = [[str(v) for v in row] for row in frame.itertuples(index=False)]
    return json.dumps({"caption": str(caption), "columns": [str(c) for c in frame.columns], "rows": cells})


# Run once per browser tab (the goal page's first HTML element carries it): when a disclosure with table data is
# opened, its table is built from the data with textContent, so no text from the data is parsed as HTML.
TABLES = """<script>(() => {
  if (window.__a2030Tables) return;
  window.__a2030Tables = true;
  document.addEventListener('toggle', (event) => {
    const box = event.target;
    if (!(box instanceof HTMLDetailsElement) || !box.open || !box.dataset.a2030Table) return;
    const data = JSON.parse(box.dataset.a2030Table);
    delete box.dataset.a2030Table;
    const table = document.createElement('table');
    const caption = table.createCaption();
    caption.className = 'muted';
    caption.textContent = data.caption;
    const head = table.createTHead().insertRow();
    for (const name of data.columns) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = name;
      head.appendChild(th);
    }
    const body = table.createTBody();
    for (const row of data.rows) {
      const tr = body.insertRow();
      for (const value of row) tr.insertCell().textContent = value;
    }
    box.querySelector(':scope > div').replaceChildren(table);
  }, true);  // toggle does not bubble: listened for on the way down
})();</script>"""


def icon(name: str) -> str:
    """A Material Symbols icon, as Streamlit draws its own (the font is the one its menu already loaded); hidden
    from screen readers, which read the text beside it."""
    return f"<span class='a2030-icon' aria-hidden='true'>{name}</span>"


def details(summary: str, body: str, icon_name: str = "", table: str | None = None) -> str:
    """A native disclosure: reachable by Tab, opened with Enter or Space, its contents parsed only as HTML; with
    `table` (table_data's JSON) an empty one whose table TABLES builds when it is opened."""
    mark = icon(icon_name) + " " if icon_name else ""
    data = f' data-a2030-table="{text(table)}"' if table is not None else ""
    return f"<details{data}><summary>{mark}{text(summary)}</summary><div>{body}</div></details>"


def link(href: str, label: str, icon_name: str = "", download: str | None = None) -> str:
    """A link (href made by us: a page of this app, an anchor, an open-data route) with an icon before its text."""
    mark = icon(icon_name) + " " if icon_name else ""
    extra = f' download="{text(download)}"' if download else ""
    return f'<a href="{text(href)}"{extra}>{mark}{text(label)}</a>'


def chart_text(fig, lang: str, caption: str, fmt=None, periods=None) -> tuple[str, str]:
    """The chart's summary (escaped, one line) and its data as table_data captioned `caption`; made once per
    figure and language and kept on the figure (a goal page's figures are frozen: shown unchanged on every view)."""
    known = fig.__dict__.setdefault("_card_texts", {})
    got = known.get(lang)
    if got is None:
        summary = text(re.sub(r"\s*\n\s*", " ", str(chart_summary(fig, lang, fmt, periods))))
        got = known[lang] = (summary, table_data(chart_table(fig, lang, fmt, periods), caption))
    return got


def picture(urls: tuple[str, str], alt: str) -> str:
    """The wide image in the page's column and the narrow one, laid out for a phone, below 640 px."""
    wide, narrow = urls
    return (
        f'<picture class="chart-image"><source media="(max-width: 640px)" srcset="{narrow}">'
        f'<img src="{wide}" alt="{alt}" decoding="async"></picture>'
    )


def chart(urls: tuple[str, str], summary: str, table: str, table_label: str) -> str:
    """A chart as its pictures, its summary under them (hidden from screen readers, which read the alt text) and
    its data table behind a disclosure; summary and table as chart_text() gives them."""
    return (
        f"{picture(urls, summary)}<p class='chart-summary' aria-hidden='true'>{summary}</p>"
        f"{details(table_label, '', 'table', table=table)}"
    )


def comment_html(row: dict, heading: str, action_label: str) -> str:
    out = f"<p>{lines(row['text'])}<br><span class='muted'>{lines(heading)}</span>"
    if row.get("planned_action"):
        out += f"<br><b>{text(action_label)}:</b> {lines(row['planned_action'])}"
    return out + "</p>"
