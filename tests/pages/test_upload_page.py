"""The upload page end to end with AppTest: real files in every format → report → preview → commit → audit → undo."""

from __future__ import annotations

import getpass
import hashlib

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from indicators.catalog import load_catalog
from store import db, queries
from tests.upload_samples import DASHBOARD, SAMPLES, Sample

BY_NAME = {s.name: s for s in SAMPLES}


@pytest.fixture(autouse=True)
def local_mode():
    """Listen on localhost without [auth]: the analyst's own machine (uploads allowed)."""
    old = config.get_option("server.address")
    config.set_option("server.address", "localhost")
    yield
    config.set_option("server.address", old)


@pytest.fixture
def store(example_db):
    con = db.connect(example_db)  # same process as the app: DuckDB shares the open database
    yield con
    con.close()


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_page(page: str = "app_pages/upload.py", lang: str = "nb") -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    if lang == "en":
        at.query_params["lang"] = "en"
    ok(at.run())
    at.switch_page(page)
    return ok(at.run())


def texts(at: AppTest) -> str:
    parts = []
    for kind in ("title", "markdown", "caption", "success", "error", "warning", "info"):
        parts += [str(el.value) for el in getattr(at, kind)]
    return "\n".join(parts)


def upload(at: AppTest, *samples: Sample) -> AppTest:
    at.file_uploader[0].set_value([(s.name, s.data(), s.mime) for s in samples])
    return ok(at.run())


def fix_mapping(at: AppTest, n: int, indicator: str | None, breakdown: list[str]) -> AppTest:
    if indicator:
        at.selectbox(key=f"map_{n}_indicator_id").set_value(indicator)
    at.multiselect(key=f"map_{n}_breakdown").set_value(breakdown)
    apply = [b for b in at.button if b.label == "Les filen på nytt med disse valgene"][n]
    apply.click()
    return ok(at.run())


def commit(at: AppTest) -> AppTest:
    button = at.button(key="upload_commit")
    assert not button.disabled, texts(at)
    button.click()
    return ok(at.run())


def stored(con, indicator, period, area, breakdown):
    s = queries.series(con, indicator, area, breakdown)
    row = s[s["period"] == period]
    assert len(row) == 1, f"{indicator} {period} {area} {breakdown!r} not stored"
    return row.iloc[0]


def tables(at: AppTest, *columns: str) -> list:
    """The data frames on the page that have these columns (st.dataframe keys are not exposed to AppTest)."""
    return [d.value for d in at.dataframe if set(columns) <= set(d.value.columns)]


def report_rows(at: AppTest):
    found = tables(at, "Melding") or tables(at, "Message")
    assert len(found) == 1, texts(at)
    return found[0]


@pytest.mark.parametrize("sample", SAMPLES, ids=[s.name for s in SAMPLES])
def test_each_format_reports_previews_commits_and_rolls_back(store, sample):
    before = db.content_fingerprint(store)["observation"]
    at = open_page()
    assert at.title[0].value == "Last opp data"
    assert "Ingen filer valgt ennå" in texts(at)

    at = upload(at, sample)
    shown = texts(at)
    assert f"Format: {sample.format_label}" in shown, shown
    if sample.blocked:
        assert at.button(key="upload_commit").disabled  # errors block the commit
        report = report_rows(at)
        assert (report["Nivå"] == "Feil").any()
        assert report["Hva du kan gjøre"].str.len().gt(0).all()
        assert "1 fil(er): **1 feil**" in shown
    if "warning" in sample.extra:  # the loader points at the mapping problem before anything is fixed
        assert sample.extra["warning"] in "\n".join(report_rows(at)["Melding"])
    if sample.fix_breakdown is not None:
        # Correct the proposed mapping (the indicator the file is for, which columns are breakdowns) and read the
        # file again; nothing is written yet.
        at = fix_mapping(at, 0, sample.fix_indicator, sample.fix_breakdown)
        assert db.content_fingerprint(store)["observation"] == before
    shown = texts(at)
    assert "**0 feil**" in shown, shown
    for word in sample.details:  # encoding, separator, decimal mark as detected
        assert word in shown, (word, [c.value for c in at.caption])

    # The preview: per indicator new / changed / unchanged, a chart of the series before and after.
    [summary] = tables(at, "Nye", "Endrede", "Uendrede")
    assert {"Nye", "Endrede", "Uendrede"} <= set(summary.columns)
    if sample.counts:
        assert (int(summary["Nye"].sum()), int(summary["Endrede"].sum())) == sample.counts
    assert at.get("plotly_chart"), "no before/after chart"
    assert db.content_fingerprint(store)["observation"] == before  # preview writes nothing

    at = commit(at)
    assert any("lagret som opplasting #" in s.value for s in at.success), texts(at)
    for indicator, period, area, breakdown, value, missing in sample.expected:
        row = stored(store, indicator, period, area, breakdown)
        if value is None:
            assert row["value"] != row["value"] and row["missing"] == missing
        else:
            assert row["value"] == pytest.approx(value)

    audit = queries.uploads(store).iloc[0]
    data = sample.data()
    assert audit["file_name"] == sample.name
    assert audit["state"] == "committed"
    assert audit["uploaded_by"] == f"{getpass.getuser()}@localhost"
    if not sample.name.endswith(".xlsx"):  # openpyxl stamps the time, so each build hashes differently
        assert audit["file_sha256"] == hashlib.sha256(data).hexdigest()
    assert audit["rows_added"] + audit["rows_changed"] > 0

    # Undo on «Opplastinger»: the observation table is exactly as before.
    at.switch_page("app_pages/uploads.py")
    at = ok(at.run())
    assert tables(at, "Fil", "SHA-256 (start)")[0].iloc[0]["Fil"] == sample.name
    upload_id = int(audit["id"])
    assert at.selectbox(key="uploads_pick").value == upload_id
    at.checkbox(key=f"uploads_sure_{upload_id}").check()
    at = ok(at.run())
    at.button(key="uploads_rollback").click()
    at = ok(at.run())
    assert any(f"#{upload_id} er angret" in s.value for s in at.success), texts(at)
    assert db.content_fingerprint(store)["observation"] == before
    assert queries.uploads(store).iloc[0]["state"] == "rolled_back"
    # the picker shows the new state at once (it kept saying «Lagret» after the undo)
    picker = at.selectbox(key="uploads_pick")
    assert picker.value == upload_id and picker.options[0].endswith("(Angret)"), picker.options


def test_several_files_at_once_commit_each_as_its_own_upload(store):
    samples = [
        BY_NAME[n] for n in ("canonical.csv", "ssb-csv2-12439.csv", "ssb-semicolon-06913.csv", "miljodir-utslipp.xlsx")
    ]
    n_before = len(queries.uploads(store))
    at = upload(open_page(), *samples)
    assert "4 fil(er): **0 feil**" in texts(at)
    assert len(tables(at, "Nye", "Endrede", "Uendrede")) == 4
    at = commit(at)
    assert sum("lagret som opplasting #" in s.value for s in at.success) == 4
    audit = queries.uploads(store)
    assert len(audit) == n_before + 4
    assert set(audit["file_name"].head(4)) == {s.name for s in samples}
    # The drop zone is empty again and every page shows the new data (caches were cleared).
    assert "Ingen filer valgt ennå" in texts(at)
    assert stored(store, "befolkningsvekst", "2025", "Asker", "")["value"] == pytest.approx(1.1)


def test_warnings_from_reader_and_store_do_not_block(store):
    """Far outside history, jump, share-vs-percent and gap (loader), shown with hints. (A period after the
    current year is an error now, unless the catalog allows it: tests/etl/test_bad_files.py.)"""
    text = (
        "indicator_id,year,value\n"
        "befolkningsvekst,2025,45.0\n"  # far outside 0.7–1.9 and a jump from 2024
        "valgdeltakelse,2003,0.68\n"  # a share where the series is in percent
        "materialgjenvinning,2026,41.0\n"
    )  # leaves a gap after the stored years
    sample = Sample("warnings.csv", "Kanonisk", (), [])
    at = open_page()
    at.file_uploader[0].set_value([(sample.name, text.encode(), "text/csv")])
    at = ok(at.run())
    report = report_rows(at)
    assert set(report["Nivå"]) == {"Advarsel"}
    messages = "\n".join(report["Melding"])
    assert "langt utenfor seriens historikk" in messages
    assert "en økning på" in messages
    assert "ser ut som andeler" in messages
    assert "mangler år" in messages
    assert report["Hva du kan gjøre"].str.len().gt(0).all()
    assert report["Rad"].notna().any() and report["Fil"].eq("warnings.csv").all()
    assert not at.button(key="upload_commit").disabled  # warnings do not block
    at = commit(at)
    assert stored(store, "befolkningsvekst", "2025", "Asker", "")["value"] == 45.0
    assert queries.uploads(store).iloc[0]["n_warnings"] >= 4


def test_report_in_english(store):
    at = open_page(lang="en")
    assert at.title[0].value == "Upload data"
    at.file_uploader[0].set_value([("bad.csv", b"indicator_id,year,value\nsykefravaer,20x3,5.1\n", "text/csv")])
    at = ok(at.run())
    report = report_rows(at)
    assert list(report.columns) == ["Level", "File", "Row", "Column", "Value", "Message", "What to do"]
    row = report.iloc[0]
    assert (row["Level"], row["File"], row["Row"], row["Column"], row["Value"]) == (
        "Error",
        "bad.csv",
        2,
        "year",
        "20x3",
    )
    assert "is not a period" in row["Message"] and "school year" in row["What to do"]
    assert "**1 errors**" in texts(at)


def test_rollback_refusals_say_why(store):
    semicolon, jsonstat = BY_NAME["ssb-semicolon-06913.csv"], BY_NAME["ssb-jsonstat2-06913.json"]
    at = commit(upload(open_page(), semicolon))
    first = int(queries.uploads(store).iloc[0]["id"])
    at = commit(upload(at, jsonstat))  # changes befolkningsvekst 2024/2025 again
    second = int(queries.uploads(store).iloc[0]["id"])
    at.switch_page("app_pages/uploads.py")
    at = ok(at.run())
    at.selectbox(key="uploads_pick").set_value(first)
    at = ok(at.run())
    at.checkbox(key=f"uploads_sure_{first}").check()
    at = ok(at.run())
    at.button(key="uploads_rollback").click()
    at = ok(at.run())
    assert any(f"#{first} kan ikke angres" in e.value and f"#{second}" in e.value for e in at.error), texts(at)
    assert any(f"Angre #{second} først" in i.value for i in at.info)
    assert queries.uploads(store).set_index("id").loc[first, "state"] == "committed"
    # Newest first works; then the first one can be undone as well.
    for upload_id in (second, first):
        at.selectbox(key="uploads_pick").set_value(upload_id)
        at = ok(at.run())
        at.checkbox(key=f"uploads_sure_{upload_id}").check()
        at = ok(at.run())
        at.button(key="uploads_rollback").click()
        at = ok(at.run())
        assert any(f"#{upload_id} er angret" in s.value for s in at.success), texts(at)
    # Undoing an undone upload is refused with the reason.
    at.selectbox(key="uploads_pick").set_value(first)
    at = ok(at.run())
    at.checkbox(key=f"uploads_sure_{first}").check()
    at = ok(at.run())
    at.button(key="uploads_rollback").click()
    at = ok(at.run())
    assert any("allerede angret" in e.value for e in at.error), texts(at)


def test_new_indicator_is_defined_validated_kept_and_exported(store):
    text = b"indicator_id,year,value\nsykkelandel,2022,7.5\nsykkelandel,2023,8.1\nsykkelandel,2024,8.8\n"
    at = open_page()
    at.file_uploader[0].set_value([("sykkel.csv", text, "text/csv")])
    at = ok(at.run())
    report = report_rows(at)
    assert "sykkelandel" in report["Melding"].iloc[0] and "finnes ikke i katalogen" in report["Melding"].iloc[0]
    assert at.text_input(key="new_0_id").value == "sykkelandel"

    # An incomplete definition is refused with the catalog's own message.
    at.button[[b.label for b in at.button].index("Lagre indikatoren og les filen på nytt")].click()
    at = ok(at.run())
    assert any("kan ikke lagres" in e.value for e in at.error), texts(at)

    fields = {
        "name_nb": "Andel reiser med sykkel",
        "name_en": "Share of trips by bicycle",
        "sector_nb": "Samfunnsutvikling",
        "sector_en": "Community development",
        "agency": "Ruter",
        "table": "Reisevaneundersøkelsen",
        "variable": "Sykkel",
        "tv": "12",
    }
    for key, value in fields.items():
        at.text_input(key=f"new_0_{key}").set_value(value)
    at.text_area(key="new_0_def_nb").set_value("Andel av reiser som gjøres med sykkel.")
    at.text_area(key="new_0_def_en").set_value("Share of trips made by bicycle.")
    at.selectbox(key="new_0_objective").set_value("11.1")
    at.selectbox(key="new_0_unit").set_value("percent")
    at.selectbox(key="new_0_direction").set_value("up")
    at.selectbox(key="new_0_kind").set_value("absolute")
    at.button[[b.label for b in at.button].index("Lagre indikatoren og les filen på nytt")].click()
    at = ok(at.run())
    shown = texts(at)
    assert "`sykkelandel` er lagret" in shown, shown
    assert "**0 feil**" in shown
    yaml_button = at.get("download_button")
    assert yaml_button, "no YAML download"
    at = commit(at)
    assert stored(store, "sykkelandel", "2024", "Asker", "")["value"] == pytest.approx(8.8)
    catalog = db.effective_catalog(store, load_catalog())
    ind = catalog.indicator("sykkelandel")
    assert (ind.origin, ind.unit, ind.objective, ind.target.value) == ("upload", "percent", "11.1", 12.0)


def test_file_over_the_size_limit_is_refused_with_a_clear_message(store):
    mb = config.get_option("server.maxUploadSize")
    big = b"indicator_id,year,value\n" + b"sykefravaer,2020,5.0\n" * (mb * 1_000_000 // 20 + 10)
    before = db.content_fingerprint(store)
    at = open_page()
    at.file_uploader[0].set_value([("stor.csv", big, "text/csv")])
    at = ok(at.run())
    message = report_rows(at)["Melding"].iloc[0]
    assert f"grensen er {mb} MB" in message
    assert at.button(key="upload_commit").disabled
    assert db.content_fingerprint(store) == before


def test_uploads_page_in_english(store):
    at = open_page("app_pages/uploads.py", lang="en")
    assert at.title[0].value == "Uploads"
    [audit] = tables(at, "File", "SHA-256 (start)")
    assert list(audit.columns)[:4] == ["#", "When", "Who", "File"]
    assert audit["State"].str.startswith("Committed").all()
    assert audit["Format"].str.startswith("Canonical").all()
    assert at.button(key="uploads_rollback").disabled  # nothing is undone without ticking the confirmation
