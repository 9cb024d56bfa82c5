"""Message templates (bokmål and English, with a hint) for every problem the file readers can report."""

from __future__ import annotations

from etl.validation import template

# --- the file as a whole --------------------------------------------------------------------------
E_EMPTY = template(
    "empty_file",
    "Filen er tom.",
    "The file is empty.",
    "Eksporter filen på nytt fra kilden; den må ha en overskriftsrad og minst én datarad.",
    "Export the file again from the source; it needs a header row and at least one data row.",
)
E_TOO_LARGE = template(
    "file_too_large",
    "Filen er {size_mb} MB; grensen er {limit_mb} MB.",
    "The file is {size_mb} MB; the limit is {limit_mb} MB.",
    "Del filen i flere mindre filer (f.eks. én per indikator eller tiår).",
    "Split the file into smaller files (e.g. one per indicator or decade).",
)
E_TOO_MANY_ROWS = template(
    "too_many_rows",
    "Filen har minst {rows} rader; grensen er {limit} rader.",
    "The file has at least {rows} rows; the limit is {limit} rows.",
    "Del filen i flere mindre filer.",
    "Split the file into smaller files.",
)
E_TOO_MANY_COLUMNS = template(
    "too_many_columns",
    "Filen har {columns} kolonner; grensen er {limit}.",
    "The file has {columns} columns; the limit is {limit}.",
    "En eksport med én kolonne per periode eller måltall kan lastes ned med færre kolonner (eller i langt format). "
    "Grensen kan heves med miljøvariabelen {setting}.",
    "An export with one column per period or measure can be downloaded with fewer columns (or in long format). "
    "The limit can be raised with the environment variable {setting}.",
)
E_TOO_MANY_CELLS = template(
    "too_many_cells",
    "Filen har minst {cells} celler ({rows} rader × {columns} kolonner); grensen er {limit}.",
    "The file has at least {cells} cells ({rows} rows × {columns} columns); the limit is {limit}.",
    "Del filen i flere mindre filer. Grensen kan heves med miljøvariabelen {setting}.",
    "Split the file into smaller files. The limit can be raised with the environment variable {setting}.",
)
E_XLSX_UNPACKED = template(
    "xlsx_unpacks_too_large",
    "Excel-filen pakkes ut til {size_mb} MB; grensen er {limit_mb} MB.",
    "The Excel file unpacks to {size_mb} MB; the limit is {limit_mb} MB.",
    "Lagre arket som CSV, eller del arbeidsboken opp. Grensen kan heves med miljøvariabelen {setting}.",
    "Save the sheet as CSV, or split the workbook. The limit can be raised with the environment variable {setting}.",
)
E_ODS = template(
    "ods_not_supported",
    "Filen er et OpenDocument-regneark (.ods, f.eks. fra LibreOffice), som ikke kan leses.",
    "The file is an OpenDocument spreadsheet (.ods, e.g. from LibreOffice), which cannot be read.",
    "Lagre den som .xlsx eller CSV («Lagre som» i LibreOffice), eller last ned CSV fra kilden.",
    "Save it as .xlsx or CSV (“Save as” in LibreOffice), or download CSV from the source.",
)
E_ZIP_ARCHIVE = template(
    "zip_archive",
    "Filen er et ZIP-arkiv, ikke {expected_nb} (arkivet inneholder {members}).",
    "The file is a ZIP archive, not {expected_en} (the archive holds {members}).",
    "Pakk ut arkivet og last opp filen(e) i det.",
    "Unpack the archive and upload the file(s) inside it.",
)
E_BINARY = template(
    "binary_file",
    "Filen ser ikke ut som tekst, CSV, JSON eller Excel (den inneholder binære data).",
    "The file does not look like text, CSV, JSON or Excel (it contains binary data).",
    "Last opp en CSV-, JSON-stat- eller .xlsx-fil slik den kom fra kilden.",
    "Upload a CSV, JSON-stat or .xlsx file as it came from the source.",
)
E_NUL = template(
    "nul_bytes",
    "Filen inneholder NUL-tegn (byte 0), første gang på rad {row}.",
    "The file contains NUL characters (byte 0), first on row {row}.",
    "Filen er trolig skadet eller lagret i et uvanlig format; eksporter den på nytt fra kilden.",
    "The file is probably damaged or saved in an unusual format; export it again from the source.",
)
E_ENCODING = template(
    "encoding_unknown",
    "Tegnkodingen kan ikke gjenkjennes (verken UTF-8, UTF-16, Windows-1252 eller ISO-8859-1).",
    "The character encoding cannot be recognised (not UTF-8, UTF-16, Windows-1252 or ISO-8859-1).",
    "Lagre filen som «CSV UTF-8» og last den opp igjen.",
    "Save the file as “CSV UTF-8” and upload it again.",
)
W_UTF16 = template(
    "utf16_decoded",
    "Filen er lagret som {encoding}; den ble lest og omkodet.",
    "The file is saved as {encoding}; it was read and converted.",
)
W_MIXED_ENCODING = template(
    "mixed_encoding",
    "Filen blander tegnkodinger (UTF-8 og Windows-1252), første gang på rad {row}; hver rad ble lest for seg.",
    "The file mixes character encodings (UTF-8 and Windows-1252), first on row {row}; each row was read on its own.",
    "Sjekk at æ, ø og å ser riktige ut i forhåndsvisningen.",
    "Check that æ, ø and å look right in the preview.",
)
W_MOJIBAKE = template(
    "double_encoding_fixed",
    "Teksten var dobbelt kodet (f.eks. «Ã¸» for «ø»); den ble rettet.",
    "The text was double-encoded (e.g. “Ã¸” for “ø”); it was repaired.",
    "Sjekk at æ, ø og å ser riktige ut i forhåndsvisningen.",
    "Check that æ, ø and å look right in the preview.",
)
E_LINE_TOO_LONG = template(
    "line_too_long",
    "Rad {row} er {length} tegn lang; grensen er {limit} tegn.",
    "Row {row} is {length} characters long; the limit is {limit}.",
    "Filen har trolig feil linjeskift eller er ikke en tabell.",
    "The file probably has wrong line breaks or is not a table.",
)
W_EXTENSION = template(
    "extension_mismatch",
    "Filen heter «{file}», men er en tekstfil ({actual}); den ble lest som tekst.",
    "The file is named “{file}” but is a text file ({actual}); it was read as text.",
)

# --- Excel and JSON -------------------------------------------------------------------------------
E_FAKE_XLSX = template(
    "fake_xlsx",
    "Filen heter .xlsx, men er ikke en Excel-fil (den er ikke en zip-pakke).",
    "The file is named .xlsx but is not an Excel file (it is not a zip package).",
    "Åpne den i Excel og lagre som «Excel-arbeidsbok (.xlsx)», eller last opp originalen fra kilden.",
    "Open it in Excel and save as “Excel Workbook (.xlsx)”, or upload the original from the source.",
)
E_XLS = template(
    "xls_not_supported",
    "Gamle Excel-filer (.xls) kan ikke leses.",
    "Old Excel files (.xls) cannot be read.",
    "Last ned filen som .xlsx eller CSV fra kilden.",
    "Download the file as .xlsx or CSV from the source.",
)
E_CORRUPT_XLSX = template(
    "corrupt_xlsx",
    "Excel-filen kan ikke åpnes: {reason}.",
    "The Excel file cannot be opened: {reason}.",
    "Filen er trolig skadet; last den ned på nytt fra kilden.",
    "The file is probably damaged; download it again from the source.",
)
E_EXCEL_EMPTY = template(
    "excel_no_table",
    "Fant ingen tabell med overskriftsrad i noen av arkene ({sheets}).",
    "Found no table with a header row on any sheet ({sheets}).",
    "Forventet kolonner som {expected}.",
    "Expected columns such as {expected}.",
)
E_FORMULA_WITHOUT_VALUE = template(
    "formula_without_value",
    "Cellen {cell} i arket «{sheet}» har en formel ({formula}) uten lagret resultat; verdien kan ikke leses.",
    "The cell {cell} on the sheet “{sheet}” holds a formula ({formula}) without a saved result; its value "
    "cannot be read.",
    "Åpne filen i Excel, la den regne ut formlene (F9) og lagre den; eller lim inn verdiene i stedet for formlene.",
    "Open the file in Excel, let it recalculate (F9) and save it; or paste the values instead of the formulas.",
)
W_SHEET_SKIPPED = template(
    "sheet_skipped",
    "Arket «{sheet}» ble ikke lest: {reason_nb}.",
    "The sheet “{sheet}” was not read: {reason_en}.",
    "Skal tallene der med, velg kolonnene selv eller lagre arket som en egen fil.",
    "If its numbers belong in the upload, choose the columns yourself or save the sheet as a file of its own.",
)
W_SHEETS_READ = template(
    "sheets_read",
    "Arbeidsboken har {count} ark med data; alle ble lest: {sheets}.",
    "The workbook has {count} sheets with data; all were read: {sheets}.",
)
E_CONFLICT_SHEETS = template(
    "conflicting_duplicate_sheets",
    "Ark «{sheet}» rad {row} og ark «{other_sheet}» rad {other_row} gjelder samme {what}, men har ulike verdier "
    "({value} og {other_value}).",
    "The sheet “{sheet}” row {row} and the sheet “{other_sheet}” row {other_row} are for the same {what} but "
    "have different values ({value} and {other_value}).",
    "Fjern det ene arket eller den ene raden.",
    "Remove one of the sheets or rows.",
)
W_IDENTICAL_SHEETS = template(
    "identical_duplicate_sheets",
    "Ark «{sheet}» rad {row} er lik ark «{other_sheet}» rad {other_row} ({what}); den ble hoppet over.",
    "The sheet “{sheet}” row {row} repeats the sheet “{other_sheet}” row {other_row} ({what}); it was skipped.",
)
E_INVALID_JSON = template(
    "invalid_json",
    "Filen er ikke gyldig JSON: {reason} (linje {line}, tegn {col}).",
    "The file is not valid JSON: {reason} (line {line}, character {col}).",
    "Last ned JSON-stat2-filen på nytt fra SSB.",
    "Download the JSON-stat2 file again from SSB.",
)
E_NOT_JSONSTAT = template(
    "json_not_jsonstat",
    "JSON-filen er ikke et JSON-stat2-datasett (mangler {missing}).",
    "The JSON file is not a JSON-stat2 dataset (missing {missing}).",
    "Velg «JSON-stat2» som format i SSBs API, eller last opp CSV.",
    "Choose “JSON-stat2” as the format in SSB's API, or upload CSV.",
)
E_JSONSTAT_SIZE = template(
    "jsonstat_size",
    "JSON-stat-datasettet har {values} verdier, men dimensjonene gir {expected} ({sizes}).",
    "The JSON-stat dataset has {values} values but its dimensions give {expected} ({sizes}).",
    "Filen er trolig avkortet eller redigert; last den ned på nytt.",
    "The file is probably truncated or edited; download it again.",
)
E_JSONSTAT_BAD = template(
    "jsonstat_invalid",
    "JSON-stat-datasettet er ugyldig: {reason}.",
    "The JSON-stat dataset is invalid: {reason}.",
    "Last den ned på nytt fra SSB.",
    "Download it again from SSB.",
)

# --- the table layout -----------------------------------------------------------------------------
E_UNKNOWN_LAYOUT = template(
    "unknown_layout",
    "Kjenner ikke igjen tabellen. Fant kolonnene {found}.",
    "The table layout is not recognised. Found the columns {found}.",
    "Forventet f.eks. {expected}, eller en eksport fra SSB, FHI, Udir eller Miljødirektoratet. "
    "Du kan også velge kolonnene selv.",
    "Expected e.g. {expected}, or an export from SSB, FHI, Udir or Miljødirektoratet. "
    "You can also choose the columns yourself.",
)
E_NO_ROWS = template(
    "no_rows",
    "Filen har overskrifter, men ingen datarader.",
    "The file has headers but no data rows.",
    "Sjekk at eksporten fra kilden fikk med tallene.",
    "Check that the export from the source included the numbers.",
)
E_MISSING_COLUMN = template(
    "missing_column",
    "Mangler kolonnen for {what}. Fant kolonnene {found}.",
    "The column for {what} is missing. Found the columns {found}.",
    "Legg til en kolonne som heter f.eks. {expected}, eller velg kolonnen selv.",
    "Add a column named e.g. {expected}, or choose the column yourself.",
)
E_MAPPING_COLUMN = template(
    "mapping_column_missing",
    "Den valgte kolonnen «{column}» ({what}) finnes ikke i filen.",
    "The chosen column “{column}” ({what}) is not in the file.",
    "Velg en av kolonnene {found}.",
    "Choose one of the columns {found}.",
)
E_DUPLICATE_COLUMN = template(
    "duplicate_column",
    "Kolonnenavnet «{column}» forekommer mer enn én gang i overskriften.",
    "The column name “{column}” occurs more than once in the header.",
    "Gi kolonnene ulike navn.",
    "Give the columns different names.",
)
E_RAGGED = template(
    "ragged_row",
    "Rad {row} har {fields} felt, men overskriften har {expected}.",
    "Row {row} has {fields} fields but the header has {expected}.",
    "Sjekk skilletegn og anførselstegn på raden; desimalkomma i en kommaseparert fil må stå i anførselstegn.",
    "Check separators and quotes on that row; decimal commas in a comma-separated file must be quoted.",
)
E_MIXED_SEP = template(
    "mixed_separators",
    "Rad {row} bruker «{other}» som skilletegn, men resten av filen bruker «{sep}».",
    "Row {row} uses “{other}” as separator but the rest of the file uses “{sep}”.",
    "Filen er trolig satt sammen av to eksporter; eksporter den på nytt i ett format.",
    "The file was probably pasted together from two exports; export it again in one format.",
)
E_NOT_A_BREAKDOWN = template(
    "not_a_breakdown_column",
    "«{column}» er ikke en nedbrytningskolonne i filen. Nedbrytningskolonnene er {found}.",
    "“{column}” is not a breakdown column of the file. The breakdown columns are {found}.",
    "Skriv kolonnenavnet slik det står i filen (--drop KOLONNE, --total KOLONNE=VERDI).",
    "Write the column name as the file has it (--drop COLUMN, --total COLUMN=VALUE).",
)
E_TOTAL_VALUE_ABSENT = template(
    "total_value_absent",
    "Ingen rad har «{value}» i kolonnen «{column}» (verdiene er {values}).",
    "No row has “{value}” in the column “{column}” (its values are {values}).",
    "Skriv verdien slik den står i filen.",
    "Write the value as the file has it.",
)
W_FOOTER = template(
    "footer_skipped",
    "{count} linje(r) etter tabellen (fra rad {row}) er lest som fotnoter og hoppet over.",
    "{count} line(s) after the table (from row {row}) were read as footnotes and skipped.",
)
W_EXTRA_COLUMN = template(
    "extra_column_as_breakdown",
    "Kolonnen «{column}» er lest som en nedbrytning (f.eks. {key}={example}).",
    "The column “{column}” was read as a breakdown (e.g. {key}={example}).",
    "Hvis kolonnen ikke er en nedbrytning, fjern den eller velg kolonnene selv.",
    "If the column is not a breakdown, remove it or choose the columns yourself.",
)

# --- values ---------------------------------------------------------------------------------------
E_TEXT_IN_NUMBER = template(
    "text_in_number",
    "«{value}» i kolonnen «{column}» på rad {row} er ikke et tall.",
    "“{value}” in column “{column}” on row {row} is not a number.",
    "Skriv et tall (desimalkomma eller -punktum går begge), eller et av symbolene . .. ... : for manglende verdi.",
    "Write a number (decimal comma or point both work), or one of the symbols . .. ... : for a missing value.",
)
E_NON_FINITE = template(
    "non_finite",
    "«{value}» i kolonnen «{column}» på rad {row} er ikke et endelig tall.",
    "“{value}” in column “{column}” on row {row} is not a finite number.",
    "Bruk .. for manglende verdi; uendelig og NaN kan ikke lagres.",
    "Use .. for a missing value; infinity and NaN cannot be stored.",
)
E_AMBIGUOUS_NUMBER = template(
    "ambiguous_number",
    "«{value}» i kolonnen «{column}» på rad {row} kan leses som {thousands} (tusenskille) eller som {decimal_nb} "
    "(desimaltegn); resten av filen bruker {mark_nb} (f.eks. rad {example_row}: «{example}»).",
    "“{value}” in column “{column}” on row {row} can be read as {thousands} (a thousands separator) or as "
    "{decimal_en} (a decimal mark); the rest of the file uses {mark_en} (e.g. row {example_row}: “{example}”).",
    "Skriv tallet uten tusenskille, eller med samme desimaltegn som resten av filen, og last opp igjen.",
    "Write the number without a thousands separator, or with the same decimal mark as the rest of the file, and "
    "upload it again.",
)
W_EMPTY_VALUES = template(
    "empty_values",
    "{count} rad(er) mangler verdi (første på rad {row}); de lagres som «ikke tilgjengelig».",
    "{count} row(s) have no value (first on row {row}); they are stored as “not available”.",
    "Bruk SSBs symboler (. .. ... :) hvis du vet hvorfor verdien mangler.",
    "Use SSB's symbols (. .. ... :) if you know why the value is missing.",
)
W_PERCENT_SIGN = template(
    "percent_sign_removed",
    "Verdiene i kolonnen «{column}» hadde prosenttegn; det ble fjernet (f.eks. rad {row}: «{value}»).",
    "The values in column “{column}” had percent signs; they were removed (e.g. row {row}: “{value}”).",
    "Sjekk at indikatoren er i prosent.",
    "Check that the indicator is in percent.",
)
W_UNKNOWN_FLAG = template(
    "unknown_flag",
    "Flagget «{value}» på rad {row} er ukjent og ble ignorert.",
    "The flag “{value}” on row {row} is unknown and was ignored.",
    "Bruk «provisional» (foreløpig) eller «break» (brudd i serien).",
    "Use “provisional” or “break” (break in series).",
)
W_FORMULA = template(
    "formula_in_note",
    "Merknaden på rad {row} begynner med «{start}» og kan tolkes som en formel i regneark.",
    "The note on row {row} starts with “{start}” and could be read as a spreadsheet formula.",
    "Teksten beholdes, men nøytraliseres ved eksport.",
    "The text is kept but neutralised on export.",
)
W_HTML = template(
    "html_in_note",
    "Merknaden på rad {row} inneholdt HTML; kodene ble fjernet.",
    "The note on row {row} contained HTML; the tags were removed.",
)

# --- periods and areas ----------------------------------------------------------------------------
E_BAD_PERIOD = template(
    "bad_period",
    "«{value}» i kolonnen «{column}» på rad {row} er ikke en periode.",
    "“{value}” in column “{column}” on row {row} is not a period.",
    "Bruk år (2023), kvartal (2023K1), skoleår (2023-24) eller flerårig snitt (2019-2021).",
    "Use a year (2023), quarter (2023K1), school year (2023-24) or multi-year average (2019-2021).",
)
E_IMPOSSIBLE_YEAR = template(
    "impossible_year",
    "Året «{value}» i kolonnen «{column}» på rad {row} er ikke mulig (tillatt {low}–{high}).",
    "The year “{value}” in column “{column}” on row {row} is impossible (allowed {low}–{high}).",
    "Rett årstallet.",
    "Correct the year.",
)
W_TOTAL_AREA_SKIPPED = template(
    "total_area_skipped",
    "{count} rad(er) med området «{value}» (første på rad {row}) er en sum over de andre radene, ikke et "
    "område, og ble hoppet over.",
    "{count} row(s) with the area “{value}” (the first on row {row}) are a sum over the other rows, not an area, "
    "and were skipped.",
)
E_FUTURE_PERIOD = template(
    "future_period",
    "Perioden {value} på rad {row} ligger etter inneværende år ({current}) for {indicator}.",
    "The period {value} on row {row} is after the current year ({current}) for {indicator}.",
    "Rett årstallet. Er tallene framskrivinger, sett allow: [future] for indikatoren i katalogen.",
    "Correct the year. If the numbers are projections, set allow: [future] for the indicator in the catalog.",
)
E_ABOVE_100 = template(
    "share_above_100",
    "Verdien {value} på rad {row} er over 100 % for {indicator}, som er en andel i prosent.",
    "The value {value} on row {row} is above 100 % for {indicator}, a share in percent.",
    "Sjekk enhet, desimaltegn og kolonne. Kan indikatoren gå over 100 (f.eks. en dekningsgrad), sett "
    "allow: [above_100] for den i katalogen.",
    "Check the unit, decimal mark and column. If the indicator can exceed 100 (e.g. a coverage ratio), set "
    "allow: [above_100] for it in the catalog.",
)
E_NEGATIVE = template(
    "negative_value",
    "Verdien {value} på rad {row} er negativ for {indicator} ({unit_nb}).",
    "The value {value} on row {row} is negative for {indicator} ({unit_en}).",
    "Sjekk kolonnen og fortegnet. Kan indikatoren være negativ, sett allow: [negative] for den i katalogen.",
    "Check the column and the sign. If the indicator can be negative, set allow: [negative] for it in the catalog.",
)
# --- indicators -----------------------------------------------------------------------------------
E_UNKNOWN_INDICATOR = template(
    "unknown_indicator",
    "Indikatoren «{value}» (rad {row}) finnes ikke i katalogen.{suggestion_nb}",
    "The indicator “{value}” (row {row}) is not in the catalog.{suggestion_en}",
    "Rett id-en, eller definer indikatoren i opplastingssiden før du laster opp.",
    "Correct the id, or define the indicator on the upload page before uploading.",
)
E_NO_INDICATOR = template(
    "missing_indicator",
    "Filen sier ikke hvilken indikator tallene gjelder.",
    "The file does not say which indicator the numbers belong to.",
    "Legg til kolonnen indicator_id, eller velg indikatoren i opplastingssiden (på kommandolinjen: --indicator ID).",
    "Add an indicator_id column, or choose the indicator on the upload page (on the command line: --indicator ID).",
)
E_SOURCE_NOT_IN_CATALOG = template(
    "source_not_in_catalog",
    "Ingen indikator i katalogen har kilden {agency} «{table}»{variable_text}.",
    "No indicator in the catalog has the source {agency} “{table}”{variable_text}.",
    "Velg indikatoren i opplastingssiden (på kommandolinjen: --indicator ID; {agency}s indikatorer er {candidates}), "
    "eller legg inn kilden (tabell og statistikkvariabel) i katalogen.",
    "Choose the indicator on the upload page (on the command line: --indicator ID; {agency}'s indicators are "
    "{candidates}), or add the source (table and variable) to the catalog.",
)
E_AMBIGUOUS_SOURCE = template(
    "ambiguous_source",
    "Flere indikatorer har kilden {agency} «{table}»{variable_text}: {ids}.",
    "Several indicators have the source {agency} “{table}”{variable_text}: {ids}.",
    "Velg indikatoren i opplastingssiden (på kommandolinjen: --indicator med en av {ids}), eller skill dem med "
    "«variable» i katalogen.",
    "Choose the indicator on the upload page (on the command line: --indicator with one of {ids}), or tell them "
    "apart with “variable” in the catalog.",
)
E_SEVERAL_VARIABLES = template(
    "several_variables",
    "Filen har flere måltall i kolonnen «{column}» ({values}), men bare én indikator er valgt.",
    "The file has several measures in column “{column}” ({values}) but only one indicator was chosen.",
    "Eksporter bare ett måltall, eller sett «variable» i indikatorens kilde i katalogen.",
    "Export only one measure, or set “variable” in the indicator's source in the catalog.",
)
W_OTHER_INDICATOR_SKIPPED = template(
    "other_indicator_skipped",
    "{count} rad(er) med «{value}» gjelder indikatoren {other}, ikke {chosen} som ble valgt, og ble hoppet over.",
    "{count} row(s) with “{value}” are for the indicator {other}, not the chosen {chosen}, and were skipped.",
    "Last opp uten å velge indikator, så fordeles radene på begge.",
    "Upload without choosing an indicator and the rows go to each.",
)
W_VARIABLE_SKIPPED = template(
    "variable_skipped",
    "{count} rad(er) med måltallet «{value}» hører ikke til noen indikator og ble hoppet over.",
    "{count} row(s) with the measure “{value}” belong to no indicator and were skipped.",
)

# --- duplicates and Miljødirektoratet totals ------------------------------------------------------
E_CONFLICT = template(
    "conflicting_duplicate",
    "Rad {row} og rad {other_row} gjelder samme {what}, men har ulike verdier ({value} og {other_value}).",
    "Rows {row} and {other_row} are for the same {what} but have different values ({value} and {other_value}).",
    "Fjern den ene raden, eller skill dem med en nedbrytningskolonne.",
    "Remove one of the rows, or tell them apart with a breakdown column.",
)
W_IDENTICAL = template(
    "identical_duplicate",
    "Rad {row} er lik rad {other_row} ({what}); den ble hoppet over.",
    "Row {row} repeats row {other_row} ({what}); it was skipped.",
)
W_MISSING_BESIDE_VALUE = template(
    "missing_beside_value",
    "{count} rad(er) uten verdi gjelder det samme som en rad med verdi (f.eks. rad {row} «{symbol}» og rad "
    "{other_row}: {what}); verdien ble beholdt.",
    "{count} row(s) without a value are for the same as a row with a value (e.g. row {row} “{symbol}” and row "
    "{other_row}: {what}); the value was kept.",
    "Slik ser SSBs filer ut når en kommune har byttet nummer (Asker 3025 → 3203).",
    "This is how SSB's files look when a municipality changed its number (Asker 3025 → 3203).",
)
W_TOTAL_PARTIAL = template(
    "total_from_partial_sectors",
    "Totalen for {area} {period} er summen av sektorene som har tall ({missing} mangler: {sectors}).",
    "The total for {area} {period} is the sum of the sectors that have numbers ({missing} missing: {sectors}).",
)
W_MORE = template("more_problems", "… og {count} flere av typen «{kind}».", "… and {count} more of the kind “{kind}”.")
