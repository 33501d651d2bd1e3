//! What a batch writes: its output directory, CSV files for people and for
//! machines, errors.csv with each rejected row, the files put in place
//! together, and batch.json for `cs submit DIR`.

use crate::error::{Error, io_reason};
use crate::files::AtomicFile;
use std::path::{Path, PathBuf};

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
        crate::files::create_dir(dir).map_err(|e| {
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
    /// run (see [`crate::spreadsheet`]) and starts with a byte-order mark
    /// under `--bom`; one for machines is written as is.
    pub fn csv(&self, name: &str, header: &[&str], reader: Reader) -> Result<CsvOut, Error> {
        let path = self.dir.join(name);
        let mut file = AtomicFile::create(&path)?;
        if reader == Reader::People {
            std::io::Write::write_all(&mut file, crate::spreadsheet::people_prefix()).map_err(
                |e| {
                    Error::user(format!(
                        "cannot write {}: {}.",
                        path.display(),
                        io_reason(&e)
                    ))
                },
            )?;
        }
        // Flexible: errors.csv carries rows as they were read, ragged ones too.
        let mut w = csv::WriterBuilder::new()
            .flexible(true)
            .terminator(csv::Terminator::Any(b'\n'))
            .buffer_capacity(256 * 1024)
            .from_writer(file);
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
    own_columns(&["line", "column", "error"], headers)
}

/// The columns `names` cs adds to a file of the input's rows, none also a
/// column of the input (`headers`): `cs_` goes before a name it has.
pub fn own_columns(names: &[&str], headers: &[String]) -> Vec<String> {
    names
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
    // A signal that came while the input was still arriving (a pipe, a
    // terminal, where no row followed it) stops the batch here: the files
    // were asked for no more.
    if super::interrupted() {
        return Err(Error::interrupted("interrupted; nothing was written."));
    }
    crate::files::commit_all(files.into_iter().collect::<Result<Vec<_>, _>>()?)
}

/// batch.json's `input`: the input file's absolute path, size and
/// modification time, to tell later that it is unchanged.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct InputFile {
    pub path: PathBuf,
    pub bytes: u64,
    pub modified: String,
}

impl InputFile {
    /// The file at `path` as it is now; none when it cannot be read.
    pub fn of(path: &Path) -> Option<Self> {
        let meta = std::fs::metadata(path).ok()?;
        let modified = chrono::DateTime::<chrono::Utc>::from(meta.modified().ok()?);
        Some(Self {
            path: std::path::absolute(path).ok()?,
            bytes: meta.len(),
            modified: modified.to_rfc3339(),
        })
    }

    /// Is the file still as it was described?
    pub fn unchanged(&self) -> bool {
        Self::of(&self.path).as_ref() == Some(self)
    }
}

/// A batch's batch.json, for `cs submit DIR`: the command, the digest of
/// its playbook's text, its input file (`input`: none for stdin), and
/// what the command adds (`more`, an object).
pub fn manifest(
    out: &OutDir,
    command: &str,
    playbook_text: &str,
    input: Option<&Path>,
    more: serde_json::Value,
) -> Result<AtomicFile, Error> {
    let mut text = serde_json::json!({
        "cs_batch": 1,
        "command": command,
        "playbook_sha256": crate::digest::sha256_hex(playbook_text.as_bytes(), 32),
        "input": input.and_then(InputFile::of),
    });
    if let (Some(all), serde_json::Value::Object(more)) = (text.as_object_mut(), more) {
        all.extend(more);
    }
    let mut f = AtomicFile::create(&out.dir.join("batch.json"))?;
    std::io::Write::write_all(&mut f, format!("{text:#}\n").as_bytes())
        .map_err(|e| Error::user(format!("cannot write batch.json: {e}.")))?;
    Ok(f)
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
