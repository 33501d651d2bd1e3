//! What every batch command shares: a CSV read as a stream (memory stays flat
//! whatever the size), outputs in a directory that appear whole or not at
//! all, errors.csv for rejected rows, progress on a terminal, and a clean
//! stop on Ctrl-C that leaves nothing behind.

use crate::error::{Error, io_reason};
use crate::playbook::model::Field;
use std::io::{IsTerminal, Read};
use std::path::Path;

mod limit;
mod out;
pub mod repeats;
use limit::Limited;
pub use limit::{CutRows, Cuts, MAX_ROW};
pub use out::*;

/// The input CSV.
pub struct Input {
    pub name: String,
    /// Its size in bytes, when known (for progress).
    pub len: Option<u64>,
    pub reader: csv::Reader<Box<dyn Read + Send>>,
    pub headers: csv::ByteRecord,
    /// The rows cut at [`MAX_ROW`] bytes as they were read.
    pub cuts: Cuts,
    /// How to read it again from the start (to find an account in two rows).
    rewind: Option<repeats::Rewind>,
}

impl Input {
    /// Opens a CSV file (`-` for stdin) and reads its header row. A stream
    /// (stdin, a pipe) is copied to a temporary file as it is read, so that
    /// it can be read again.
    pub fn open(path: &Path) -> Result<Self, Error> {
        let name = path.display().to_string();
        if path.as_os_str() == "-" {
            return Self::from_reader("<stdin>".into(), Box::new(std::io::stdin()), None);
        }
        if path.is_dir() {
            return Err(Error::user(format!(
                "{name} is a directory; a CSV file was expected."
            )));
        }
        let cannot =
            |e: std::io::Error| Error::user(format!("cannot read {name}: {}.", io_reason(&e)));
        let f = std::fs::File::open(path).map_err(cannot)?;
        let meta = f.metadata().ok();
        if !meta.as_ref().is_some_and(std::fs::Metadata::is_file) {
            return Self::from_reader(name, Box::new(f), None);
        }
        let len = meta.map(|m| m.len());
        let again = repeats::Rewind::new(name.clone(), len, f.try_clone().map_err(cannot)?);
        Self::from_parts(name, Box::new(f), len, Some(again))
    }

    /// Reads a CSV from a stream, keeping a copy to read it again.
    pub fn from_reader(
        name: String,
        reader: Box<dyn Read + Send>,
        len: Option<u64>,
    ) -> Result<Self, Error> {
        let spool = tempfile::tempfile()
            .and_then(|f| Ok((f.try_clone()?, f)))
            .map_err(|e| {
                Error::user(format!(
                    "{name}: cannot make a temporary file to keep a copy of the input: {}.",
                    io_reason(&e)
                ))
            })?;
        let tee = repeats::Tee {
            inner: reader,
            spool: std::io::BufWriter::with_capacity(256 * 1024, spool.0),
        };
        let again = repeats::Rewind::new(name.clone(), len, spool.1);
        Self::from_parts(name, Box::new(tee), len, Some(again))
    }

    /// How to read the input again from its first row, once (taken).
    pub fn take_rewind(&mut self) -> Option<repeats::Rewind> {
        self.rewind.take()
    }

    pub(crate) fn from_parts(
        name: String,
        reader: Box<dyn Read + Send>,
        len: Option<u64>,
        rewind: Option<repeats::Rewind>,
    ) -> Result<Self, Error> {
        let cuts = Cuts::default();
        let limited = Limited::new(reader, cuts.clone(), MAX_ROW);
        let mut reader = crate::spreadsheet::reader_builder()
            .buffer_capacity(256 * 1024)
            .from_reader(Box::new(limited) as Box<dyn Read + Send>);
        let mut headers = reader
            .byte_headers()
            .map_err(|e| read_error_at(&name, &e, 1))?
            .clone();
        crate::spreadsheet::strip_cr(&mut headers);
        // A spreadsheet's UTF-8 byte-order mark is not part of the first name.
        if let Some(first) = headers.get(0)
            && first.starts_with(b"\xEF\xBB\xBF")
        {
            let mut h = csv::ByteRecord::new();
            h.push_field(&first[3..]);
            for f in headers.iter().skip(1) {
                h.push_field(f);
            }
            headers = h;
        }
        if headers.is_empty()
            || headers
                .iter()
                .all(|h| h.iter().all(u8::is_ascii_whitespace))
        {
            return Err(Error::user(format!(
                "{name}: the file is empty; it needs a header row."
            )));
        }
        Ok(Self {
            name,
            len,
            reader,
            headers,
            cuts,
            rewind,
        })
    }

    /// The header names as text.
    pub fn header_names(&self) -> Result<Vec<String>, Error> {
        self.headers
            .iter()
            .map(|h| {
                std::str::from_utf8(h)
                    .map(|s| s.trim().to_string())
                    .map_err(|_| {
                        Error::user(format!(
                            "{}:1: the header row is not UTF-8 text.",
                            self.name
                        ))
                    })
            })
            .collect()
    }
}

/// What [`read_record`] read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// A record, in the buffer.
    Record,
    /// A row over [`MAX_ROW`] bytes (its size): the buffer holds its first
    /// [`MAX_ROW`] bytes, for a quote of its start.
    TooLarge(u64),
    End,
}

/// Reads the next record into `record`, without the CR of a CRLF file,
/// its line as an editor counts it (see [`crate::spreadsheet`]), and says
/// when its row was too large to read.
pub fn read_record(
    reader: &mut csv::Reader<Box<dyn Read + Send>>,
    cuts: &CutRows,
    record: &mut csv::ByteRecord,
) -> csv::Result<Next> {
    // A blank line (a bare CR in a CRLF file) or a row of empty cells
    // (`,,,,,`, as a spreadsheet saves a row it once had) holds no row.
    loop {
        if !reader.read_byte_record(record)? {
            return Ok(Next::End);
        }
        crate::spreadsheet::strip_cr(record);
        let seen = record.position().map_or(0, csv::Position::line);
        let (cut, shift) = cuts.take(seen);
        if cut.is_none() && record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        if shift > 0
            && let Some(p) = record.position().cloned()
        {
            let mut p = p;
            p.set_line(p.line() + shift);
            record.set_position(Some(p));
        }
        return Ok(match cut {
            Some(size) => Next::TooLarge(size),
            None => Next::Record,
        });
    }
}

/// The reason a row too large to read is refused, with the start of it.
pub fn too_large(size: u64, record: &csv::ByteRecord) -> String {
    // Its first cells, on one line.
    let mut start = String::new();
    for (i, cell) in record.iter().enumerate() {
        if i > 0 {
            start.push(',');
        }
        start.extend(
            String::from_utf8_lossy(&cell[..cell.len().min(60)])
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c }),
        );
        if start.chars().count() >= 60 {
            break;
        }
    }
    let start: String = start.chars().take(60).collect();
    format!(
        "the row is {size} bytes; a row may hold {} (1 MiB), so it was not read (it starts: \"{}…\")",
        MAX_ROW,
        crate::out::printable(&start)
    )
}

/// A column name as it is compared: its letters and digits, lower-cased
/// (`Account ID`, `account_id` and `ACCOUNT-ID` are one name).
fn column_name(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The column of `headers` that names `field` (by key or label, as
/// [`map_columns`] matches them).
pub fn column_of(headers: &[String], field: &Field) -> Option<usize> {
    let names = [column_name(&field.key.value), column_name(&field.label)];
    let at = |n: &String| {
        headers
            .iter()
            .position(|h| !n.is_empty() && column_name(h) == *n)
    };
    at(&names[0]).or_else(|| at(&names[1]))
}

/// Maps header names to a playbook's fields, in any order: a header names
/// a field by its key or its label, whatever the case, spacing and
/// punctuation (`Account ID` is `account_id`, as a person writes a header).
/// An unknown column is refused unless `allow_extra`; a repeated one and a
/// required key without a column always are.
pub fn map_columns<'f>(
    name: &str,
    headers: &[String],
    fields: &'f [Field],
    playbook: &str,
    required: &[String],
    allow_extra: bool,
) -> Result<Vec<Option<&'f Field>>, Error> {
    let mut columns: Vec<Option<&Field>> = Vec::with_capacity(headers.len());
    for (i, h) in headers.iter().enumerate() {
        let wanted = column_name(h);
        let field = fields
            .iter()
            .find(|f| column_name(&f.key.value) == wanted)
            .or_else(|| fields.iter().find(|f| column_name(&f.label) == wanted))
            .filter(|_| !wanted.is_empty());
        if field.is_none() && !allow_extra {
            return Err(Error::user(format!(
                "{name}:1: column {} '{h}' is not an answer key of the {playbook} playbook; nothing was written.",
                i + 1
            ))
            .with_hint(format!(
                "rename it to one of the keys (cs playbook show {playbook}), or pass --allow-extra to ignore it"
            )));
        }
        if let Some(f) = field
            && columns.iter().flatten().any(|g| g.key.value == f.key.value)
        {
            return Err(Error::user(format!(
                "{name}:1: column '{h}' appears twice; nothing was written."
            )));
        }
        columns.push(field);
    }
    let missing: Vec<&str> = required
        .iter()
        .filter(|k| !columns.iter().flatten().any(|f| &f.key.value == *k))
        .map(String::as_str)
        .collect();
    if !missing.is_empty() {
        return Err(Error::user(format!(
            "{name}:1: the header lacks the required column{} {}; nothing was written.",
            crate::out::plural(missing.len()),
            missing.join(", ")
        )));
    }
    Ok(columns)
}

/// An error reading the input mid-stream: the run fails. `line` is where
/// the reader stood, for errors that carry no position (I/O).
pub fn read_error_at(name: &str, e: &csv::Error, line: u64) -> Error {
    let line = e.position().map(|p| p.line()).unwrap_or(line);
    let at = format!(":{line}");
    let reason = match e.kind() {
        csv::ErrorKind::Io(io) => io_reason(io),
        _ => e.to_string(),
    };
    Error::user(format!(
        "{name}{at}: cannot read the file: {reason}; nothing was written."
    ))
}

/// From now on a signal (Ctrl-C, SIGTERM, SIGHUP) stops the batch at the
/// next row instead of killing it, so temporary files are removed.
pub fn catch_interrupt() {
    crate::interrupt::graceful(None);
}

pub fn interrupted() -> bool {
    crate::interrupt::requested()
}

/// A progress bar of `len` steps drawn with `template`.
fn styled(len: u64, template: &str) -> indicatif::ProgressBar {
    let b = indicatif::ProgressBar::new(len);
    b.set_style(
        indicatif::ProgressStyle::with_template(template)
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    b
}

/// A progress bar on stderr, shown only on a terminal.
pub struct Progress {
    bar: Option<indicatif::ProgressBar>,
}

impl Progress {
    pub fn new(len: Option<u64>) -> Self {
        Self::shown(|| match len {
            Some(n) => styled(
                n,
                "{bar:40} {binary_bytes}/{binary_total_bytes} {per_sec} eta {eta} {msg}",
            ),
            None => indicatif::ProgressBar::new_spinner(),
        })
    }

    /// A bar counting `len` items (records, messages), shown only on a terminal.
    pub fn items(len: u64) -> Self {
        Self::shown(|| styled(len, "{bar:40} {pos}/{len} items, eta {eta}"))
    }

    /// The bar `make` builds, on a terminal only.
    fn shown(make: impl FnOnce() -> indicatif::ProgressBar) -> Self {
        Self {
            bar: std::io::stderr().is_terminal().then(make),
        }
    }

    /// `n` more items done.
    pub fn inc(&self, n: u64) {
        if let Some(b) = &self.bar {
            b.inc(n);
        }
    }

    /// Runs `f` (which writes to stderr) with the bar out of the way.
    pub fn suspend(&self, f: impl FnOnce()) {
        match &self.bar {
            Some(b) => b.suspend(f),
            None => f(),
        }
    }

    /// Called every few thousand rows with the bytes read and the rows done.
    pub fn update(&self, bytes: u64, rows: u64) {
        if let Some(b) = &self.bar {
            b.set_position(bytes);
            b.set_message(format!("{rows} rows"));
        }
    }

    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
