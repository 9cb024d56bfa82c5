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
    rolled_back_by VARCHAR,
    source_url VARCHAR                  -- the API request a fetched upload came from (NULL for files); see
                                        -- store.db._migrate for stores made before it existed
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

-- One row per observation an upload changed, with the values it replaced, so any upload can be rolled back
-- exactly. Rows an upload inserted need no copy: they are the observations that carry its upload_id (until a later
-- upload changes them, whose change row then holds them as old values). Rolling an upload back records its
-- inserted rows here as 'insert' before deleting them, so the audit keeps them. Rows are never deleted.
-- (Stores written before 2026-11-26 also hold an 'insert' row for every inserted observation; both read alike.)
CREATE TABLE IF NOT EXISTS observation_change (
    upload_id INTEGER NOT NULL,
    indicator_id VARCHAR NOT NULL,
    period VARCHAR NOT NULL,
    area VARCHAR NOT NULL,
    breakdown VARCHAR NOT NULL,
    action VARCHAR NOT NULL,            -- insert | update | delete (an example value real data replaced)
    old_value DOUBLE, old_missing VARCHAR, old_flag VARCHAR, old_note VARCHAR,
    old_year INTEGER, old_time DOUBLE, old_period_kind VARCHAR,
    old_upload_id INTEGER, old_source_file VARCHAR, old_source_row INTEGER,
    new_value DOUBLE, new_missing VARCHAR, new_flag VARCHAR, new_note VARCHAR,
    changed_at TIMESTAMP NOT NULL
);

-- Every row each upload inserted or changed (old → new), whether recorded in observation_change or implied by
-- observation.upload_id. The audit (uploads page, indicator history) and rollback read this, never the parts.
CREATE OR REPLACE VIEW observation_history AS
SELECT upload_id, indicator_id, period, area, breakdown, action, old_value, old_missing, old_flag, old_note,
       old_upload_id, new_value, new_missing, new_flag, new_note
FROM observation_change
UNION ALL  -- inserted and unchanged since
SELECT o.upload_id, o.indicator_id, o.period, o.area, o.breakdown, 'insert', NULL, NULL, NULL, NULL, NULL,
       o.value, o.missing, o.flag, o.note
FROM observation o
WHERE NOT EXISTS (SELECT 1 FROM observation_change c WHERE c.upload_id = o.upload_id
                  AND c.indicator_id = o.indicator_id AND c.period = o.period AND c.area = o.area
                  AND c.breakdown = o.breakdown)
UNION ALL  -- inserted, then changed by a later upload that is still in force: its change row holds the values
SELECT c.old_upload_id, c.indicator_id, c.period, c.area, c.breakdown, 'insert', NULL, NULL, NULL, NULL, NULL,
       c.old_value, c.old_missing, c.old_flag, c.old_note
FROM observation_change c JOIN upload u ON u.id = c.upload_id AND u.state = 'committed'
WHERE c.action IN ('update', 'delete')
  AND NOT EXISTS (SELECT 1 FROM observation_change x WHERE x.upload_id = c.old_upload_id
                  AND x.indicator_id = c.indicator_id AND x.period = c.period AND x.area = c.area
                  AND x.breakdown = c.breakdown);

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

-- One row per indicator each `python -m etl fetch` (or the indicator page's button) tried: when, from where, what
-- it changed and, when it failed, why in plain words (store/fetches.py writes it; the Datakvalitet page reads it).
CREATE TABLE IF NOT EXISTS fetch_run (
    id INTEGER PRIMARY KEY,
    run_id VARCHAR NOT NULL,            -- one command or button press; several indicators share it
    indicator_id VARCHAR NOT NULL,
    agency VARCHAR NOT NULL,
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP NOT NULL,
    state VARCHAR NOT NULL,             -- changed | unchanged | failed
    triggered_by VARCHAR NOT NULL,
    requests INTEGER NOT NULL,          -- source requests made (each committed as its own upload)
    request_urls VARCHAR NOT NULL,      -- JSON list of the request URLs
    upload_ids VARCHAR NOT NULL,        -- JSON list of the uploads it committed
    rows_read INTEGER NOT NULL,
    rows_added INTEGER NOT NULL,
    rows_changed INTEGER NOT NULL,
    rows_unchanged INTEGER NOT NULL,
    rows_removed INTEGER NOT NULL,      -- example values the real data replaced
    error_code VARCHAR,                 -- NULL when it worked
    error_nb VARCHAR,
    error_en VARCHAR
);
