"""Files users take away: tables (CSV/Excel), chart images, PDF and PowerPoint reports. No Streamlit here."""
