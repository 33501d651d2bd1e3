//! What every batch command shares: a CSV read as a stream (memory stays flat
//! whatever the size), outputs in a directory that appear whole or not at
//! all, errors.csv for rejected rows, progress on a terminal, and a clean
//! stop on Ctrl-C that leaves nothing behind.

use crate::error::{Error, io_reason};
use crate::files::AtomicFile;
use crate::playbook::model::Field;
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};

/// The input CSV.
pub struct Input {
    pub name: String,
    /// Its size in bytes, when known (for progress).
    pub len: Option<u64>,
    pub reader: csv::Reader<Box<dyn Read + Send>>,
    pub headers: csv::ByteRecord,
}

impl Input {
    /// Opens a CSV file (`-` for stdin) and reads its header row.
    pub fn open(path: &Path) -> Result<Self, Error> {
        let name = path.display().to_string();
        let (reader, len): (Box<dyn Read + Send>, Option<u64>) = if path.as_os_str() == "-" {
            return Self::from_reader("<stdin>".into(), Box::new(std::io::stdin()), None);
        } else {
            if path.is_dir() {
                return Err(Error::user(format!(
                    "{name} is a directory; a CSV file was expected."
                )));
            }
            let f = std::fs::File::open(path)
                .map_err(|e| Error::user(format!("cannot read {name}: {}.", io_reason(&e))))?;
            let len = f.metadata().ok().map(|m| m.len());
            (Box::new(f), len)
        };
        Self::from_reader(name, reader, len)
    }

    pub fn from_reader(
        name: String,
        reader: Box<dyn Read + Send>,
        len: Option<u64>,
    ) -> Result<Self, Error> {
        let mut reader = crate::spreadsheet::reader_builder()
            .buffer_capacity(256 * 1024)
            .from_reader(reader);
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

/// Reads the next record into `record` (false at the end), without the CR
/// of a CRLF file, its line right (see [`crate::spreadsheet`]).
pub fn read_record(
    reader: &mut csv::Reader<Box<dyn Read + Send>>,
    record: &mut csv::ByteRecord,
) -> csv::Result<bool> {
    let more = reader.read_byte_record(record)?;
    if more {
        crate::spreadsheet::strip_cr(record);
    }
    Ok(more)
}

/// Maps header names to a playbook's fields, by key in any case and any
/// order. An unknown column is refused unless `allow_extra`; a repeated one
/// and a required key without a column always are.
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
        let field = fields.iter().find(|f| f.key.value.eq_ignore_ascii_case(h));
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

/// The output directory and the files being written in it.
pub struct OutDir {
    pub dir: PathBuf,
}

impl OutDir {
    /// Creates the directory if needed.
    pub fn new(dir: &Path) -> Result<Self, Error> {
        if dir.exists() && !dir.is_dir() {
            return Err(Error::user(format!(
                "{} is not a directory; --out needs a directory for the output files.",
                dir.display()
            )));
        }
        std::fs::create_dir_all(dir).map_err(|e| {
            Error::user(format!(
                "cannot create {}: {}.",
                dir.display(),
                io_reason(&e)
            ))
        })?;
        Ok(Self {
            dir: dir.to_path_buf(),
        })
    }

    /// A CSV writer for `name` in the directory, written atomically, with
    /// LF line endings. A file for people defuses cells a spreadsheet would
    /// run (see [`crate::spreadsheet`]); one for machines is written as is.
    pub fn csv(&self, name: &str, header: &[&str], reader: Reader) -> Result<CsvOut, Error> {
        let file = AtomicFile::create(&self.dir.join(name))?;
        // Flexible: errors.csv carries rows as they were read, ragged ones too.
        let mut w = csv::WriterBuilder::new()
            .flexible(true)
            .terminator(csv::Terminator::Any(b'\n'))
            .buffer_capacity(256 * 1024)
            .from_writer(file);
        let path = self.dir.join(name);
        w.write_record(header).map_err(|e| write_error(&path, &e))?;
        Ok(CsvOut {
            path,
            writer: w,
            people: reader == Reader::People,
        })
    }
}

/// Who reads an output file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    /// People, in a spreadsheet: cells that would run are defused.
    People,
    /// A program (the Bulk API): cells are written as they are.
    Machine,
}

pub struct CsvOut {
    pub path: PathBuf,
    pub writer: csv::Writer<AtomicFile>,
    /// For people: every cell through [`crate::spreadsheet::defused`].
    people: bool,
}

pub fn write_error(path: &Path, e: &csv::Error) -> Error {
    let reason = match e.kind() {
        csv::ErrorKind::Io(io) => io_reason(io),
        _ => e.to_string(),
    };
    Error::user(format!("cannot write {}: {reason}.", path.display()))
}

impl CsvOut {
    pub fn row<I, T>(&mut self, fields: I) -> Result<(), Error>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        for f in fields {
            self.field(f.as_ref())?;
        }
        self.end_row()
    }

    /// Writes one row.
    pub fn record(&mut self, record: &csv::ByteRecord) -> Result<(), Error> {
        if self.people && record.iter().any(crate::spreadsheet::runs_as_formula) {
            return self.row(record.iter());
        }
        self.writer
            .write_byte_record(record)
            .map_err(|e| write_error(&self.path, &e))
    }

    /// Appends one field to the current row.
    pub fn field(&mut self, value: &[u8]) -> Result<(), Error> {
        let value = if self.people {
            crate::spreadsheet::defused(value)
        } else {
            std::borrow::Cow::Borrowed(value)
        };
        self.writer
            .write_field(value)
            .map_err(|e| write_error(&self.path, &e))
    }

    /// Ends the current row.
    pub fn end_row(&mut self) -> Result<(), Error> {
        self.writer
            .write_record(None::<&[u8]>)
            .map_err(|e| write_error(&self.path, &e))
    }

    /// Flushes and renames the file into place.
    pub fn commit(self) -> Result<(), Error> {
        self.into_file()?.commit()
    }

    /// The file, written: to be committed with the batch's others
    /// ([`commit_all`]).
    pub fn into_file(self) -> Result<AtomicFile, Error> {
        let path = self.path;
        self.writer.into_inner().map_err(|e| {
            Error::user(format!(
                "cannot write {}: {}.",
                path.display(),
                io_reason(e.error())
            ))
        })
    }
}

/// errors.csv's own columns (the line, the column, the error), named so
/// that none is also a column of the input (`headers`): `cs_` goes before
/// a name the input has.
pub fn error_columns(headers: &[String]) -> Vec<String> {
    ["line", "column", "error"]
        .iter()
        .map(|base| {
            let mut name = base.to_string();
            while headers.iter().any(|h| h.eq_ignore_ascii_case(&name)) {
                name = format!("cs_{name}");
            }
            name
        })
        .collect()
}

/// errors.csv: the source line, the column, the error and the original row.
pub struct Errors {
    out: CsvOut,
}

impl Errors {
    pub fn new(dir: &OutDir, headers: &[String]) -> Result<Self, Error> {
        let mut header = error_columns(headers);
        header.extend(headers.iter().cloned());
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        Ok(Self {
            out: dir.csv("errors.csv", &header, Reader::People)?,
        })
    }

    /// One line per problem, with the row as it was read.
    pub fn add(
        &mut self,
        line: u64,
        column: &str,
        reason: &str,
        row: &csv::ByteRecord,
    ) -> Result<(), Error> {
        let line = line.to_string();
        let head: [&[u8]; 3] = [line.as_bytes(), column.as_bytes(), reason.as_bytes()];
        self.out.row(head.into_iter().chain(row.iter()))
    }

    pub fn commit(self) -> Result<(), Error> {
        self.out.commit()
    }

    pub fn into_file(self) -> Result<AtomicFile, Error> {
        self.out.into_file()
    }
}

/// Puts a batch's files in place together: all of them, or none (see
/// [`crate::files::commit_all`]).
pub fn commit_all(files: Vec<Result<AtomicFile, Error>>) -> Result<(), Error> {
    crate::files::commit_all(files.into_iter().collect::<Result<Vec<_>, _>>()?)
}

/// The Bulk API 2.0 CSV cell that sets a field to null (an empty cell
/// leaves the field as it is).
pub const BULK_NULL: &str = "#N/A";

/// A Bulk API 2.0 CSV cell: an empty or missing value sets the field to null.
pub fn bulk_cell(value: Option<&str>) -> &str {
    match value {
        Some(v) if !v.is_empty() => v,
        _ => BULK_NULL,
    }
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
