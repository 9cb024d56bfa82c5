"""The source line under a chart: short lines (a phone's picture is 340 px wide) that never start with « · »."""

from charts.indicator import NOTE_CHARS, base_layout, note_lines, target_label_px


def test_a_long_source_is_wrapped_between_words_and_the_margin_grows_with_its_lines():
    note = "Kilde: Asker kommune, tabell Beregnet fra boligpriser (Eiendom Norge) og inntekt (SSB) · Eksempeldata"
    lines = note_lines(note)
    assert " ".join(lines) == note  # nothing lost, nothing added
    assert len(lines) == 3 and all(len(line) <= NOTE_CHARS + 2 for line in lines)
    assert not any(line.startswith("·") for line in lines)
    import plotly.graph_objects as go

    fig = base_layout(go.Figure(), "", "nb", note)
    assert fig.layout.annotations[0].text == "<br>".join(lines)
    assert fig.layout.margin.b == 60 + 2 * 16
    assert base_layout(go.Figure(), "", "nb", "Kilde: SSB, tabell 06913").layout.margin.b == 60


def test_the_target_value_gets_a_right_margin_as_wide_as_its_text():
    assert target_label_px("75 900 t") > target_label_px("7,0") > 9
    assert target_label_px("1,50 ‰", font_size=18, star=25) > target_label_px("1,50 ‰")
