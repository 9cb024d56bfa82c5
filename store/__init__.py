"""The data layer: the only package that touches DuckDB (schema and writes in `db`, read queries in `queries`)."""
