"""The goal page's HTML cards (ui/cards.py): text from the data never becomes markup, tables and disclosures are
the real elements screen readers know, and a hostile comment on a real goal page stays text."""

from __future__ import annotations

import html
from html.parser import HTMLParser

import pandas as pd

from store import db, meetings
from tests.pages.test_pages import run_page
from ui import cards

HOSTILE = "<img src=x onerror=alert(1)> & \"quoted\" 'single' </div><script>alert(2)</script>"


class Tags(HTMLParser):
    """The start tags of a piece of HTML, as a browser's parser finds them."""

    def __init__(self, body: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(body)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_text_from_the_data_is_escaped_everywhere():
    out = cards.text(HOSTILE)
    assert not Tags(out).tags and html.unescape(out) == HOSTILE
    assert [t for t, _ in Tags(cards.details(HOSTILE, "")).tags] == ["details", "summary", "div"]
    link = cards.link("indikator?indikator=a&lang=en", HOSTILE, "arrow_forward", download=HOSTILE)
    tags = Tags(link).tags
    assert [t for t, _ in tags] == ["a", "span"]
    assert tags[0][1]["href"] == "indikator?indikator=a&lang=en" and tags[0][1]["download"] == HOSTILE
    comment = cards.comment_html({"text": HOSTILE + "\nline two", "planned_action": HOSTILE}, HOSTILE, "Tiltak")
    assert [t for t, _ in Tags(comment).tags] == ["p", "br", "br", "span", "br", "b"]  # its line break kept


def test_a_table_travels_as_data_in_its_closed_disclosure():
    """The chart's table is JSON in an attribute of its disclosure (built by cards.TABLES when opened): hostile
    text in it is an attribute value, not markup, and comes back unchanged."""
    import json

    frame = pd.DataFrame({"Periode": ["2023", "2024"], HOSTILE: ["1,5 %", HOSTILE]})
    out = cards.details("Tallene i diagrammet", "", "table", table=cards.table_data(frame, HOSTILE))
    tags = Tags(out).tags
    assert [t for t, _ in tags] == ["details", "summary", "span", "div"]  # nothing else, whatever the data says
    data = json.loads(tags[0][1]["data-a2030-table"])
    assert data == {"caption": HOSTILE, "columns": ["Periode", HOSTILE], "rows": [["2023", "1,5 %"], ["2024", HOSTILE]]}
    # the builder sets text only: no innerHTML, and the cells' scope for screen readers
    assert "innerHTML" not in cards.TABLES and "textContent" in cards.TABLES and "scope = 'col'" in cards.TABLES


def test_picture_has_the_narrow_source_for_phones_and_the_alt_text():
    out = cards.picture(("/chart-images/a.webp", "/chart-images/b.webp"), cards.text(HOSTILE))
    tags = Tags(out).tags
    assert [t for t, _ in tags] == ["picture", "source", "img"]
    assert tags[1][1] == {"media": "(max-width: 640px)", "srcset": "/chart-images/b.webp"}
    assert tags[2][1]["src"] == "/chart-images/a.webp" and tags[2][1]["alt"] == HOSTILE


def test_a_hostile_comment_on_a_goal_page_stays_text(example_db):
    with db.writer(example_db, who="test") as con:
        meetings.add_comment(con, "klimagassutslipp", "2023", "Analytiker", HOSTILE, HOSTILE)
    at = run_page("app_pages/goal_13.py")
    bodies = [el.proto.body for el in at.get("html")]
    card = next(b for b in bodies if "alert(1)" in b)
    assert not any(t in ("img", "script") for t, _ in Tags(card).tags)
    assert cards.text(HOSTILE) in card
