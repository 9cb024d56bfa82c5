"""The columns the open data publishes: one definition for the CSV and JSON headers (nb/en) and the table schemas."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Field:
    key: str  # the column in the store's query results
    nb: str  # header in Norwegian (the default)
    en: str  # header with ?lang=en
    type: str  # Frictionless Table Schema type
    about_nb: str
    about_en: str

    def name(self, lang: str) -> str:
        return self.en if lang == "en" else self.nb

    def about(self, lang: str) -> str:
        return self.about_en if lang == "en" else self.about_nb


def _f(key, nb, en, type_, about_nb, about_en) -> Field:
    return Field(key, nb, en, type_, about_nb, about_en)


OBSERVATION = [
    _f("indicator_id", "indikator", "indicator", "string", "Indikatorens id", "The indicator's id"),
    _f(
        "period",
        "periode",
        "period",
        "string",
        "Perioden slik kilden oppgir den: 2023, 2023K1, 2023-24 eller 2019-2021",
        "The period as the source gives it: 2023, 2023K1, 2023-24 or 2019-2021",
    ),
    _f(
        "year",
        "år",
        "year",
        "integer",
        "Referanseåret (skoleår: startåret; flerårige perioder: sluttåret)",
        "The reference year (school year: its first year; multi-year periods: the last year)",
    ),
    _f(
        "area",
        "område",
        "area",
        "string",
        "Området (Asker, en bydel eller en annen kommune)",
        "The area (Asker, a district or another municipality)",
    ),
    _f(
        "breakdown",
        "inndeling",
        "breakdown",
        "string",
        "Tom for totalen, ellers nøkkel=verdi;nøkkel=verdi",
        "Empty for the total, else key=value;key=value",
    ),
    _f(
        "value",
        "verdi",
        "value",
        "number",
        "Verdien i indikatorens enhet (tom når den mangler)",
        "The value in the indicator's unit (empty when missing)",
    ),
    _f(
        "missing",
        "mangler",
        "missing",
        "string",
        "Hvorfor verdien mangler (not_available, confidential, ...)",
        "Why the value is missing (not_available, confidential, ...)",
    ),
    _f(
        "flag",
        "flagg",
        "flag",
        "string",
        "provisional (foreløpig) eller break (brudd i serien)",
        "provisional or break (break in the series)",
    ),
    _f("note", "merknad", "note", "string", "Merknad fra kilden", "Note from the source"),
    _f(
        "upload_id",
        "opplasting",
        "upload",
        "integer",
        "Opplastingen verdien kom med (se ressursen opplastinger)",
        "The upload the value came with (see the resource uploads)",
    ),
    _f(
        "source_file",
        "kildefil",
        "source_file",
        "string",
        "Filen verdien ble lest fra",
        "The file the value was read from",
    ),
    _f("source_row", "kilderad", "source_row", "integer", "Raden i filen", "The row in that file"),
]
UPLOAD = [
    _f("id", "id", "id", "integer", "Opplastingens nummer", "The upload's number"),
    _f(
        "uploaded_at",
        "lastet_opp",
        "uploaded_at",
        "datetime",
        "Når den ble lastet opp (lokal tid)",
        "When it was uploaded (local time)",
    ),
    _f("file_name", "filnavn", "file_name", "string", "Filens navn", "The file's name"),
    _f("file_format", "format", "format", "string", "Formatet filen ble lest som", "The format the file was read as"),
    _f("rows_added", "rader_lagt_til", "rows_added", "integer", "Nye rader", "Rows added"),
    _f("rows_changed", "rader_endret", "rows_changed", "integer", "Endrede rader", "Rows changed"),
    _f(
        "is_example",
        "eksempeldata",
        "example_data",
        "boolean",
        "Illustrerende eksempeldata, ikke statistikk",
        "Illustrative example data, not statistics",
    ),
    _f(
        "state",
        "tilstand",
        "state",
        "string",
        "committed (lagret) eller rolled_back (angret)",
        "committed or rolled_back",
    ),
    _f("rolled_back_at", "angret", "rolled_back_at", "datetime", "Når den ble angret", "When it was rolled back"),
]
GOAL = [
    _f("id", "id", "id", "string", "Bærekraftsmålets nummer", "The SDG's number"),
    _f("name_nb", "navn", "name_nb", "string", "Navn på bokmål", "Name in Norwegian"),
    _f("name_en", "navn_engelsk", "name_en", "string", "Navn på engelsk", "Name in English"),
    _f(
        "ambition_nb",
        "ambisjon",
        "ambition_nb",
        "string",
        "Asker-samfunnets ambisjon (bokmål)",
        "The ambition (Norwegian)",
    ),
    _f("ambition_en", "ambisjon_engelsk", "ambition_en", "string", "Ambisjonen på engelsk", "The ambition (English)"),
]
OBJECTIVE = [
    _f("id", "id", "id", "string", "Delmålets id, f.eks. 13.1", "The objective's id, e.g. 13.1"),
    _f("goal_id", "mål", "goal", "string", "Bærekraftsmålet delmålet hører til", "The goal it belongs to"),
    _f("short_nb", "kortnavn", "short_nb", "string", "Kort navn (bokmål)", "Short name (Norwegian)"),
    _f("short_en", "kortnavn_engelsk", "short_en", "string", "Kort navn (engelsk)", "Short name (English)"),
    _f(
        "text_nb",
        "tekst",
        "text_nb",
        "string",
        "Delmålet slik planen formulerer det",
        "The objective as the plan words it",
    ),
    _f("text_en", "tekst_engelsk", "text_en", "string", "Delmålet på engelsk", "The objective in English"),
]
INDICATOR = [
    _f(
        "id",
        "id",
        "id",
        "string",
        "Indikatorens id (stabil, brukes i URL-ene)",
        "The indicator's id (stable, used in the URLs)",
    ),
    _f("objective", "delmål", "objective", "string", "Delmålet indikatoren måler", "The objective it measures"),
    _f(
        "also_objectives",
        "også_delmål",
        "also_objectives",
        "string",
        "Andre delmål den også måler (kommaseparert)",
        "Other objectives it also measures (comma separated)",
    ),
    _f("name_nb", "navn", "name_nb", "string", "Navn på bokmål", "Name in Norwegian"),
    _f("name_en", "navn_engelsk", "name_en", "string", "Navn på engelsk", "Name in English"),
    _f("unit", "enhet", "unit", "string", "Enheten", "The unit"),
    _f(
        "direction",
        "retning",
        "direction",
        "string",
        "up (høyere er bedre), down (lavere er bedre) eller band",
        "up (higher is better), down (lower is better) or band",
    ),
    _f("baseline_year", "basisår", "baseline_year", "integer", "Basisåret", "The base year"),
    _f(
        "target", "mål_2030", "target_2030", "string", "Målet slik det står i planen", "The target as the plan words it"
    ),
    _f(
        "target_kind",
        "måltype",
        "target_kind",
        "string",
        "absolute, relative, keep eller band",
        "absolute, relative, keep or band",
    ),
    _f("source", "kilde", "source", "string", "Kilde (etat og tabell)", "Source (agency and table)"),
    _f(
        "frequency",
        "oppdateres",
        "frequency",
        "string",
        "Hvor ofte kilden oppdateres",
        "How often the source is updated",
    ),
    _f(
        "status",
        "status",
        "status",
        "string",
        "Statuskode (achieved, on_track, too_slow, limited, moving_away, ...)",
        "Status code (achieved, on_track, too_slow, limited, moving_away, ...)",
    ),
    _f("status_label", "status_tekst", "status_label", "string", "Statusen i ord", "The status in words"),
    _f(
        "explanation",
        "forklaring",
        "explanation",
        "string",
        "Statusen forklart i én setning med tallene",
        "The status explained in one sentence with its numbers",
    ),
    _f("latest_year", "siste_år", "latest_year", "integer", "Siste år med verdi", "Latest year with a value"),
    _f("latest_value", "siste_verdi", "latest_value", "number", "Siste verdi", "Latest value"),
    _f(
        "ratio",
        "forholdstall",
        "ratio",
        "number",
        "Oppnådd / nødvendig endring per år",
        "Achieved / required change per year",
    ),
]


def rename(frame: pd.DataFrame, fields: list[Field], lang: str) -> pd.DataFrame:
    """The frame's columns in field order, headed in the chosen language."""
    keys = [f.key for f in fields if f.key in frame.columns]
    return frame[keys].rename(columns={f.key: f.name(lang) for f in fields})


def for_frame(frame: pd.DataFrame, fields: list[Field]) -> list[Field]:
    return [f for f in fields if f.key in frame.columns]
