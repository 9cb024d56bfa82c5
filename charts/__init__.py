"""Chart builders: plain functions that take data and return plotly figures (no Streamlit)."""
