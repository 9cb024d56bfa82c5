"""Chart builders: plain functions that take data and return plotly figures (no Streamlit)."""

import html as _html


def plain(text) -> str:
    """Text from the data (an area, a breakdown, a name) as plotly shows it: plotly renders <a href>, <b>, <br>
    and entities in trace names, titles and hover text, so the text is escaped (plotly turns &lt; back into <)."""
    return _html.escape(str(text), quote=False)
