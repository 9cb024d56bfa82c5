-- Asker 2030 store. Catalog tables mirror indicators/catalog/*.yaml (synced at start);
-- observations are keyed by indicator × period × area × breakdown; every change is kept in observation_change.
CREATE TABLE IF NOT EXISTS meta (
    key VARCHAR PRIMARY KEY,
    value VARCHAR
);

CREATE TABLE IF NOT EXISTS goal (
    id VARCHAR PRIMARY KEY,
    sort INTEGER NOT NULL,
    name_nb VARCHAR NOT NULL, name_en VARCHAR NOT NULL,
    ambition_nb VARCHAR NOT NULL, ambition_en VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS objective (
    id VARCHAR PRIMARY KEY,
    goal_id VARCHAR NOT NULL,
    sort INTEGER NOT NULL,
    short_nb VARCHAR NOT NULL, short_en VARCHAR NOT NULL,
    text_nb VARCHAR NOT NULL, text_en VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS indicator (
    id VARCHAR PRIMARY KEY,
    objective_id VARCHAR NOT NULL,
    sort INTEGER NOT NULL,
    name_nb VARCHAR NOT NULL, name_en VARCHAR NOT NULL,
    unit VARCHAR NOT NULL,
    direction VARCHAR NOT NULL,
    baseline_year INTEGER NOT NULL,
    baseline_value DOUBLE,
    target_kind VARCHAR NOT NULL,
    target_json VARCHAR NOT NULL,
    source_agency VARCHAR, source_table VARCHAR, source_variable VARCHAR, source_url VARCHAR,
    sector_nb VARCHAR, sector_en VARCHAR,
    frequency VARCHAR NOT NULL,
    definition_nb VARCHAR, definition_en VARCHAR,
    decimals INTEGER NOT NULL,
    origin VARCHAR NOT NULL,            -- 'catalog' or 'upload' (defined by an analyst)
    definition_yaml VARCHAR             -- the catalog text form, kept for analyst-defined indicators
);

CREATE TABLE IF NOT EXISTS indicator_objective (
    indicator_id VARCHAR NOT NULL,
    objective_id VARCHAR NOT NULL,
    is_primary BOOLEAN NOT NULL,
    PRIMARY KEY (indicator_id, objective_id)
);

CREATE TABLE IF NOT EXISTS upload (
    id INTEGER PRIMARY KEY,
    uploaded_by VARCHAR NOT NULL,
    uploaded_at TIMESTAMP NOT NULL,
    file_name VARCHAR NOT NULL,
    file_sha256 VARCHAR NOT NULL,
    file_format VARCHAR NOT NULL,
    rows_read INTEGER NOT NULL,
    rows_added INTEGER NOT NULL,
    rows_changed INTEGER NOT NULL,
    rows_unchanged INTEGER NOT NULL,
    n_warnings INTEGER NOT NULL,
    report_json VARCHAR,
    is_example BOOLEAN NOT NULL DEFAULT FALSE,
    state VARCHAR NOT NULL,             -- 'committed' or 'rolled_back'
    rolled_back_at TIMESTAMP,
    rolled_back_by VARCHAR
);

CREATE TABLE IF NOT EXISTS observation (
    indicator_id VARCHAR NOT NULL,
    period VARCHAR NOT NULL,            -- '2023', '2023K1', '2023-24', '2009-2023'
    year INTEGER NOT NULL,              -- reference year (school year: start year; multi-year: end year)
    time DOUBLE NOT NULL,               -- fractional year used for trends
    period_kind VARCHAR NOT NULL,       -- year | quarter | school_year | multi_year
    area VARCHAR NOT NULL,              -- 'Asker' by default
    breakdown VARCHAR NOT NULL,         -- '' for the total, else 'key=value;key=value'
    value DOUBLE,                       -- NULL when missing
    missing VARCHAR NOT NULL,           -- '' or why it is missing (not_available, confidential, ...)
    flag VARCHAR NOT NULL,              -- '' | provisional | break
    note VARCHAR NOT NULL,
    upload_id INTEGER NOT NULL,
    source_file VARCHAR NOT NULL,
    source_row INTEGER
    -- Unique on (indicator_id, period, area, breakdown): store.db.apply_upload enforces it set-based.
    -- No PRIMARY KEY on purpose: DuckDB's index on four text columns made a national load (1.3 million rows)
    -- three times slower and the file ten times larger, and no query uses it (docs/benchmarks.md).
);

-- One row per observation an upload inserted or changed, with the values it replaced, so any upload
-- can be rolled back exactly. Rows are never deleted.
CREATE TABLE IF NOT EXISTS observation_change (
    upload_id INTEGER NOT NULL,
    indicator_id VARCHAR NOT NULL,
    period VARCHAR NOT NULL,
    area VARCHAR NOT NULL,
    breakdown VARCHAR NOT NULL,
    action VARCHAR NOT NULL,            -- insert | update
    old_value DOUBLE, old_missing VARCHAR, old_flag VARCHAR, old_note VARCHAR,
    old_year INTEGER, old_time DOUBLE, old_period_kind VARCHAR,
    old_upload_id INTEGER, old_source_file VARCHAR, old_source_row INTEGER,
    new_value DOUBLE, new_missing VARCHAR, new_flag VARCHAR, new_note VARCHAR,
    changed_at TIMESTAMP NOT NULL
);

-- Meetings (store/meetings.py). Commentary (vurdering) per indicator and period: rows are only ever added,
-- so earlier assessments stay readable next to the newest.
CREATE TABLE IF NOT EXISTS commentary (
    id INTEGER PRIMARY KEY,
    indicator_id VARCHAR NOT NULL,
    period VARCHAR NOT NULL,            -- the period the comment is about, e.g. '2023' or '2023K2'
    author VARCHAR NOT NULL,
    written_at TIMESTAMP NOT NULL,
    text VARCHAR NOT NULL,
    planned_action VARCHAR NOT NULL     -- '' when none
);

-- Measures (tiltak) per goal, with a responsible unit and a status; linked to the indicators they should move.
CREATE TABLE IF NOT EXISTS measure (
    id INTEGER PRIMARY KEY,
    goal_id VARCHAR NOT NULL,
    title VARCHAR NOT NULL,
    description VARCHAR NOT NULL,
    responsible VARCHAR NOT NULL,
    status VARCHAR NOT NULL,            -- planned | in_progress | done | stopped
    due_date DATE,
    is_example BOOLEAN NOT NULL DEFAULT FALSE,
    created_by VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_by VARCHAR NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS measure_indicator (
    measure_id INTEGER NOT NULL,
    indicator_id VARCHAR NOT NULL,
    PRIMARY KEY (measure_id, indicator_id)
);
