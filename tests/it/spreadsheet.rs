//! CSV files as spreadsheets read them: no cell of a file for people
//! begins with a character that makes a formula (OWASP's CSV injection
//! rule), files for machines stay literal and refuse such values, error
//! columns never collide with the input's, and line numbers are right for
//! LF, CRLF and quoted newlines.

use crate::common::*;

/// Does a spreadsheet run this cell? (`=`, `+`, `-`, `@`, tab, CR first,
/// unless it is a plain signed number.)
fn runs(cell: &str) -> bool {
    let Some(first) = cell.chars().next() else {
        return false;
    };
    if !"=+-@\t\r".contains(first) {
        return false;
    }
    let rest = &cell[1..];
    let number = (first == '-' || first == '+')
        && !rest.is_empty()
        && rest
            .split_once('.')
            .map_or(rest.chars().all(|c| c.is_ascii_digit()), |(a, b)| {
                !a.is_empty()
                    && !b.is_empty()
                    && a.chars().chain(b.chars()).all(|c| c.is_ascii_digit())
            });
    !number
}

/// Every cell of a CSV text, with its header, as a spreadsheet reads them.
fn cells(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

fn assert_safe(name: &str, text: &str) {
    let (header, rows) = cells(text);
    for cell in header.iter().chain(rows.iter().flatten()) {
        assert!(!runs(cell), "{name}: a spreadsheet runs {cell:?}\n{text}");
    }
    let mut seen = std::collections::HashSet::new();
    for h in &header {
        assert!(
            seen.insert(h.to_lowercase()),
            "{name}: the column {h} appears twice"
        );
    }
}

const HYPERLINK: &str = "=HYPERLINK(\"\"http://x\"\",\"\"y\"\")";

#[test]
fn transition_batch_files_for_people_are_defused_and_machine_files_refuse_formulas() {
    let env = TestEnv::new();
    // CRLF, as Excel on Windows saves it, with a quoted newline (in the
    // notes, which may run over lines).
    let csv = [
        "account_id,account_name,from_csm,to_csm,reason,health,recent_notes".to_string(),
        format!("001000000000001AAA,\"{HYPERLINK}\",\"\t=1+1\",005000000000002AAA,leave,healthy,"),
        "001000000000002AAA,Beta,-2+3,005000000000002AAA,leave,at_risk,\"Asked\r\nfor a quote\""
            .into(),
        "001000000000003AAA,Gamma,Maria,@SUM(1),leave,healthy,".into(),
        "001000000000004AAA,Delta,Maria,\"\t=2+2\",leave,healthy,".into(),
        "001000000000005AAA,+1+1,Maria,005000000000002AAA,vacation,healthy,".into(),
    ]
    .join("\r\n")
        + "\r\n";
    env.write("acc.csv", &csv);
    let out = env
        .cs()
        .args(["transition", "batch", "acc.csv", "--out", "out"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let read = |f: &str| std::fs::read_to_string(env.path("out").join(f)).unwrap();
    for f in ["cs-ops.csv", "errors.csv"] {
        assert_safe(f, &read(f));
    }
    // What people read: the value, shown as text.
    let (_, ops) = cells(&read("cs-ops.csv"));
    assert_eq!(ops[0][1], "'=HYPERLINK(\"http://x\",\"y\")");
    assert_eq!(
        ops[0][2], "'=1+1",
        "the tab is trimmed, the formula defused"
    );
    assert_eq!(ops[1][2], "'-2+3");
    // What Salesforce gets: literal values only; the rows that would carry
    // a formula are errors, at their line in the CRLF file.
    assert_eq!(
        read("owner-updates.csv"),
        "Id,Customer_Success_Manager__c,CSM_Transition_Date__c\n001000000000001AAA,005000000000002AAA,2026-11-20\n001000000000002AAA,005000000000002AAA,2026-11-20\n"
    );
    let (header, errors) = cells(&read("errors.csv"));
    assert_eq!(&header[..3], ["line", "column", "error"]);
    let short: Vec<(&str, &str)> = errors
        .iter()
        .map(|e| (e[0].as_str(), e[1].as_str()))
        .collect();
    assert_eq!(
        short,
        [("5", "to_csm"), ("6", "to_csm"), ("7", "reason")],
        "{errors:?}"
    );
    assert!(
        errors[0][2].contains("starts with '@', which a spreadsheet runs as a formula"),
        "{errors:?}"
    );
    // The row as it was read, defused, and without the CR of its line end.
    assert_eq!(errors[2][4], "'+1+1");
    assert_eq!(errors[2][8], "healthy");
}

#[test]
fn error_columns_never_take_an_input_column_name() {
    let env = TestEnv::new();
    env.write(
        "acc.csv",
        "account_id,account_name,from_csm,to_csm,reason,health,line,error\n00100000000000A,Acme,Maria,005000000000002AAA,vacation,healthy,1,x\n",
    );
    let out = env
        .cs()
        .args([
            "transition",
            "batch",
            "acc.csv",
            "--out",
            "out",
            "--allow-extra",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = std::fs::read_to_string(env.path("out/errors.csv")).unwrap();
    let (header, rows) = cells(&text);
    assert_eq!(&header[..3], ["cs_line", "column", "cs_error"]);
    assert_safe("errors.csv", &text);
    assert_eq!(rows[0][0], "2");
}

#[test]
fn offboard_report_and_format_csv_are_defused() {
    let env = TestEnv::new();
    env.write(
        "acc.csv",
        "account_id,account_name,scenario\n00100000000000A,=1+1,cancellation\n00100000000000B,@x,leaving\n",
    );
    let out = env
        .cs()
        .args(["offboard", "batch", "acc.csv", "--out", "out"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    for f in ["report.csv", "errors.csv"] {
        let text = std::fs::read_to_string(env.path("out").join(f)).unwrap();
        assert_safe(f, &text);
    }
    let report = std::fs::read_to_string(env.path("out/report.csv")).unwrap();
    assert!(report.contains("'=1+1"), "{report}");

    // A plan's records and schedule as CSV.
    let out = env
        .cs()
        .args(["escalate", "--answers"])
        .arg(repo().join("examples/escalation.yaml"))
        .args(["--set", "account_name==HYPERLINK(\"http://x\",\"y\")"])
        .args(["--set", "contact_name=@Dana"])
        .args(["--today", "2026-11-20", "--format", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert_safe("cs escalate --format csv", &text);
    // Inside a cell, after other text, it is only text.
    assert!(
        text.contains("\"Cancelation Request - =HYPERLINK("),
        "{text}"
    );
    assert!(
        text.contains(",'@Dana,"),
        "a cell of its own is defused: {text}"
    );
    let out = env
        .cs()
        .args(["transition", "--format", "csv"])
        .args([
            "--set",
            "account_id=001000000000001AAA",
            "--set",
            "account_name=+1+1",
        ])
        .args([
            "--set",
            "from_csm=-1-1",
            "--set",
            "to_csm=@me",
            "--set",
            "reason=leave",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_safe("cs transition --format csv", &stdout(&out));
}

#[test]
fn the_clean_roster_refuses_a_name_a_spreadsheet_would_run() {
    let env = TestEnv::new();
    env.write(
        "users.csv",
        "Username/Email,First Name,Last Name,Position,Location,State,Department,Account Level,Send registration email,Registration email date\r\n\
dana@acme.org,Dana,Smith,Nurse,Main,TX,Clinical,Admin,Yes,\r\n\
lee@acme.org,=cmd|' /C calc'!A0,Wong,Nurse,Main,TX,Clinical,Student,Yes,\r\n",
    );
    let out = env
        .cs()
        .args(["onboard", "roster", "users.csv", "--out", "clean.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let e = stderr(&out);
    assert!(
        e.contains("users.csv:3: First Name: the value starts with '=', which a spreadsheet runs as a formula"),
        "{e}"
    );
    let clean = std::fs::read_to_string(env.path("clean.csv")).unwrap();
    assert!(!clean.contains("cmd"), "{clean}");
    assert!(clean.contains("dana@acme.org"), "{clean}");
}

/// A CSV file as LibreOffice Calc opens it: imported headless with
/// comma, double quote and the character set left for Calc to detect (as
/// its import dialog does), saved again as UTF-8 CSV, read back into cells. None where LibreOffice
/// is not installed; CI (CI=true) installs it and must run the check.
fn calc_cells(path: &std::path::Path) -> Option<Vec<Vec<String>>> {
    let soffice = ["soffice", "libreoffice"].into_iter().find(|p| {
        std::process::Command::new(p)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    let Some(soffice) = soffice else {
        assert!(
            std::env::var_os("CI").is_none(),
            "LibreOffice (soffice) is missing; .ci/run installs it for this check"
        );
        return None;
    };
    let work = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            work.path().join("profile").display()
        ))
        .args([
            "--headless",
            "--infilter=Text - txt - csv (StarCalc):44,34,",
        ])
        .arg("--convert-to")
        .arg("csv:Text - txt - csv (StarCalc):44,34,76")
        .arg("--outdir")
        .arg(work.path())
        .arg(path)
        .output()
        .unwrap();
    let saved = work.path().join(path.file_name().unwrap());
    let text = std::fs::read(&saved).unwrap_or_else(|e| {
        panic!(
            "LibreOffice did not open {}: {e}\n{}{}",
            path.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_slice());
    Some(
        r.records()
            .map(|x| x.unwrap().iter().map(str::to_string).collect())
            .collect(),
    )
}

#[test]
fn bom_marks_the_csvs_for_people_and_calc_reads_their_names() {
    let env = TestEnv::new();
    env.write(
        "acc.csv",
        "account_id,account_name,from_csm,to_csm,reason,health\n\
         001000000000001AAA,Peña Clínica,María Núñez,005000000000002AAA,leave,healthy\n\
         001000000000002AAA,Zoë Ærø Dental,María Núñez,005000000000002AAA,vacation,healthy\n",
    );
    let with = |args: &[&str], env_bom: Option<&str>| {
        let mut c = env.cs();
        if let Some(v) = env_bom {
            c.env("CS_CSV_BOM", v);
        }
        c.args(args).output().unwrap()
    };
    let bom = b"\xef\xbb\xbf";
    let out = with(
        &["--bom", "transition", "batch", "acc.csv", "--out", "on"],
        None,
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let first = |dir: &str, f: &str| std::fs::read(env.path(dir).join(f)).unwrap();
    for f in ["cs-ops.csv", "errors.csv"] {
        assert!(
            first("on", f).starts_with(bom),
            "{f} has no byte-order mark"
        );
    }
    // Salesforce's upload files never carry one.
    for f in ["owner-updates.csv", "opportunity-updates.csv"] {
        assert!(first("on", f).starts_with(b"Id,"), "{f}");
    }
    // CS_CSV_BOM does the same for every command; without either, no mark.
    let out = with(
        &["transition", "batch", "acc.csv", "--out", "env"],
        Some("true"),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(first("env", "cs-ops.csv").starts_with(bom));
    let out = with(
        &["transition", "batch", "acc.csv", "--out", "off"],
        Some("false"),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(first("off", "cs-ops.csv").starts_with(b"account_id,"));
    // --format csv on stdout, as it is redirected into a file.
    let examples = repo().join("examples/escalation.yaml");
    let out = with(
        &[
            "escalate",
            "--answers",
            examples.to_str().unwrap(),
            "--format",
            "csv",
        ],
        Some("1"),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(out.stdout.starts_with(bom));
    assert!(out.stdout[3..].starts_with(b"sobject,operation,"));

    // What a person sees in a spreadsheet: the mark read as a mark (the
    // first column is named account_id), the names as they were typed.
    let Some(rows) = calc_cells(&env.path("on/cs-ops.csv")) else {
        return;
    };
    assert_eq!(rows[0][0], "account_id", "{rows:?}");
    let names: Vec<&str> = rows[1..].iter().map(|r| r[1].as_str()).collect();
    assert_eq!(names, ["Peña Clínica"], "{rows:?}");
    let errors = calc_cells(&env.path("on/errors.csv")).unwrap();
    assert_eq!(errors[0][0], "line", "{errors:?}");
    assert!(
        errors[1..].iter().any(
            |r| r.iter().any(|c| c == "Zoë Ærø Dental") && r.iter().any(|c| c == "María Núñez")
        ),
        "{errors:?}"
    );
}
