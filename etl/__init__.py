"""Asker 2030 ETL: read indicator files, validate them and load them into DuckDB."""
