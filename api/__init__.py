"""Open data: read-only HTTP routes (/api/v1/...) served by the dashboard's own server (see routes.py)."""
