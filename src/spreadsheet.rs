//! CSV as spreadsheets read it. A cell that begins with `=`, `+`, `-`, `@`,
//! a tab or a carriage return is a formula to Excel, LibreOffice and Google
//! Sheets (CSV injection): `=HYPERLINK(...)` in an account name becomes a
//! live link in the file CS Operations opens. Files for people (cs-ops.csv,
//! errors.csv, report.csv, `--format csv`) defuse such cells as OWASP
//! advises, with a leading `'`, which spreadsheets show as text and do not
//! display; a plain number (`-12.50`) is left as it is. Files for machines
//! (Bulk API uploads, the clean roster) stay literal, and the batches
//! refuse a name that would run there.
//!
//! Reading: the csv crate counts lines one too low for records after the
//! first in a CRLF file (as Excel on Windows saves it), so cs reads with
//! LF as the terminator and drops the CR that ends each record.

use std::borrow::Cow;
use std::sync::atomic::{AtomicBool, Ordering};

/// UTF-8's byte-order mark. Excel on Windows reads a CSV as the system's
/// code page (Windows-1252) unless the file starts with it: "Peña" opens
/// as "PeÃ±a".
pub const BOM: &[u8] = b"\xef\xbb\xbf";

static WITH_BOM: AtomicBool = AtomicBool::new(false);

/// Whether the CSVs for people start with [`BOM`] (`--bom`, `CS_CSV_BOM`).
/// Files for machines (Bulk API uploads, the clean roster) never do.
pub fn set_bom(on: bool) {
    WITH_BOM.store(on, Ordering::Relaxed);
}

/// What a CSV for people starts with: [`BOM`] when `--bom` is on.
pub fn people_prefix() -> &'static [u8] {
    if WITH_BOM.load(Ordering::Relaxed) {
        BOM
    } else {
        b""
    }
}

/// The characters a spreadsheet takes as the start of a formula.
pub const FORMULA_START: &[u8] = b"=+-@\t\r";

/// Would a spreadsheet run `cell` as a formula?
pub fn runs_as_formula(cell: &[u8]) -> bool {
    match cell.first() {
        Some(c) if FORMULA_START.contains(c) => !is_plain_number(cell),
        _ => false,
    }
}

/// `-12`, `+3.5`: a number with a sign, which a spreadsheet reads as a number.
fn is_plain_number(cell: &[u8]) -> bool {
    let digits = match cell.first() {
        Some(b'-' | b'+') => &cell[1..],
        _ => return false,
    };
    let mut parts = digits.splitn(2, |&b| b == b'.');
    let whole = parts.next().unwrap_or_default();
    let frac = parts.next();
    !whole.is_empty()
        && whole.iter().all(u8::is_ascii_digit)
        && frac.is_none_or(|f| !f.is_empty() && f.iter().all(u8::is_ascii_digit))
}

/// `cell` as a spreadsheet shows it without running it: with a leading `'`
/// when it would run, and with control characters (but tabs and line ends)
/// written as escapes (`\u{1b}`), so that the file shown in a terminal
/// (`cat errors.csv`) moves nothing either.
pub fn defused(cell: &[u8]) -> Cow<'_, [u8]> {
    let shown = visible(cell);
    if !runs_as_formula(&shown) {
        return shown;
    }
    let mut v = Vec::with_capacity(shown.len() + 1);
    v.push(b'\'');
    v.extend_from_slice(&shown);
    Cow::Owned(v)
}

/// `cell` with its control characters escaped, but tabs, LF and CRLF.
fn visible(cell: &[u8]) -> Cow<'_, [u8]> {
    let suspect = cell.iter().enumerate().any(|(i, &b)| match b {
        b'\t' | b'\n' => false,
        b'\r' => cell.get(i + 1) != Some(&b'\n'),
        b => b < 0x20 || b == 0x7f || b == 0xc2,
    });
    if !suspect {
        return Cow::Borrowed(cell);
    }
    let text = String::from_utf8_lossy(cell);
    Cow::Owned(
        crate::out::escape_controls(&text, true)
            .into_owned()
            .into_bytes(),
    )
}

/// [`defused`] for text.
pub fn defused_text(cell: &str) -> Cow<'_, str> {
    match defused(cell.as_bytes()) {
        Cow::Borrowed(_) => Cow::Borrowed(cell),
        Cow::Owned(v) => Cow::Owned(String::from_utf8_lossy(&v).into_owned()),
    }
}

/// Why a value cannot go into a file for machines, if a spreadsheet would
/// run it: for the row errors of a batch.
pub fn formula_problem(value: &str) -> Option<String> {
    runs_as_formula(value.as_bytes()).then(|| {
        let first = match value.as_bytes()[0] {
            b'\t' => "a tab".to_string(),
            b'\r' => "a carriage return".to_string(),
            c => format!("'{}'", c as char),
        };
        format!(
            "the value starts with {first}, which a spreadsheet runs as a formula; remove it (this file goes to Salesforce as written)"
        )
    })
}

/// A CSV reader as cs reads input files: records may differ in length (the
/// rows are checked one by one), LF ends a record, and [`strip_cr`] drops
/// the CR of a CRLF file.
pub fn reader_builder() -> csv::ReaderBuilder {
    let mut b = csv::ReaderBuilder::new();
    b.flexible(true).terminator(csv::Terminator::Any(b'\n'));
    b
}

/// Drops the CR that ends a record of a CRLF file (the last field's last
/// byte, outside quotes as inside: a quoted field never ends in a bare CR
/// that is data in the files people save).
pub fn strip_cr(record: &mut csv::ByteRecord) {
    let n = record.len();
    if n == 0 {
        return;
    }
    let last = &record[n - 1];
    if last.last() == Some(&b'\r') {
        let kept = last[..last.len() - 1].to_vec();
        let pos = record.position().cloned();
        record.truncate(n - 1);
        record.push_field(&kept);
        record.set_position(pos);
    }
}

/// A CSV for people in memory: every cell defused.
pub struct PeopleCsv {
    w: csv::Writer<Vec<u8>>,
}

impl Default for PeopleCsv {
    fn default() -> Self {
        Self {
            w: csv::Writer::from_writer(people_prefix().to_vec()),
        }
    }
}

impl PeopleCsv {
    /// Writes a row.
    pub fn row<I, T>(&mut self, cells: I) -> Result<(), crate::error::Error>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        let cells: Vec<Vec<u8>> = cells
            .into_iter()
            .map(|c| defused(c.as_ref()).into_owned())
            .collect();
        self.w
            .write_record(&cells)
            .map_err(|e| crate::error::Error::internal(format!("cannot write CSV: {e}")))
    }

    /// The file's text.
    pub fn finish(self) -> Result<String, crate::error::Error> {
        let bytes = self
            .w
            .into_inner()
            .map_err(|e| crate::error::Error::internal(format!("cannot write CSV: {e}")))?;
        String::from_utf8(bytes).map_err(|e| crate::error::Error::internal(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_numbers_are_not() {
        for (cell, want) in [
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "'=HYPERLINK(\"http://x\",\"y\")",
            ),
            ("=1+1", "'=1+1"),
            ("+1 555 0100", "'+1 555 0100"),
            ("-1+1", "'-1+1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1+1", "'\t=1+1"),
            ("\r=1+1", "\\u{d}=1+1"),
            ("-12", "-12"),
            ("-12.50", "-12.50"),
            ("+3", "+3"),
            ("-", "'-"),
            ("-.5", "'-.5"),
            ("Acme = Clinic", "Acme = Clinic"),
            ("", ""),
            ("O'Neil Family Practice", "O'Neil Family Practice"),
            ("Acme\u{1b}]52;c;eA==\u{7}", "Acme\\u{1b}]52;c;eA==\\u{7}"),
            ("Beta\r\nClinic\tEast", "Beta\r\nClinic\tEast"),
            ("\u{1b}=1", "\\u{1b}=1"),
            ("\u{a0}=1 \u{a3}5", "\u{a0}=1 \u{a3}5"),
        ] {
            assert_eq!(defused_text(cell), want, "{cell:?}");
            assert_eq!(defused(cell.as_bytes()).as_ref(), want.as_bytes());
        }
    }

    #[test]
    fn a_crlf_record_loses_its_cr_and_keeps_its_line() {
        let text = b"a,b\r\n1,\"x\r\ny\"\r\n2,z\r\n";
        let mut r = reader_builder().from_reader(&text[..]);
        let mut h = r.byte_headers().unwrap().clone();
        strip_cr(&mut h);
        assert_eq!(h.iter().collect::<Vec<_>>(), vec![&b"a"[..], b"b"]);
        let mut rec = csv::ByteRecord::new();
        let mut got = Vec::new();
        while r.read_byte_record(&mut rec).unwrap() {
            strip_cr(&mut rec);
            got.push((
                rec.position().unwrap().line(),
                rec.iter().map(|f| f.to_vec()).collect::<Vec<_>>(),
            ));
        }
        assert_eq!(
            got,
            vec![
                (2, vec![b"1".to_vec(), b"x\r\ny".to_vec()]),
                (4, vec![b"2".to_vec(), b"z".to_vec()]),
            ]
        );
    }
}
