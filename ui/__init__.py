"""Streamlit-side helpers shared by the pages: state, translations, components. Never builds SQL."""
