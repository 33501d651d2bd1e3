//! One account in two rows of a batch: both rows are refused, each naming
//! the other's line, since cs cannot tell which of them the person meant.
//!
//! A batch streams its rows, so a repeat is found in steps that keep memory
//! small whatever the file's size. As rows are read, a 64-bit fingerprint
//! of each row's account goes into [`Fingerprints`]: held in memory up to
//! 65,536 of them, then in 64 anonymous temporary files by their first
//! bits. Once the file is read, each part is sorted and its neighbours
//! compared, and the fingerprints seen more than once are looked up in the
//! file again ([`Repeats::find`], one more read of one column) to find the
//! accounts and their lines; fingerprints that only collide drop out
//! there. Only when an account does repeat is the batch run again with
//! those rows refused; otherwise nothing more is read.

use crate::error::{Error, io_reason};
use std::collections::{HashMap, HashSet};
use std::io::{BufWriter, Read, Seek, Write};

/// The key that names an account: the first 15 characters of its
/// Salesforce Id (an 18-character Id and its 15-character form are one
/// record), from an Id or a link to the record. `None` for a cell that
/// names no record, which the row's check refuses anyway.
pub fn account_key(cell: &[u8]) -> Option<std::borrow::Cow<'_, str>> {
    let t = std::str::from_utf8(cell).ok()?.trim();
    if crate::salesforce::limits::is_id(t) {
        return Some(std::borrow::Cow::Borrowed(&t[..15]));
    }
    if !t.contains("://") {
        return None;
    }
    let id = crate::salesforce::limits::id_in(t)?;
    Some(std::borrow::Cow::Owned(id[..15].to_string()))
}

/// A 64-bit fingerprint of an account key: the same in every pass. Two
/// keys that share one only cost a look in the file, where they are
/// compared whole.
pub fn fingerprint(key: &str) -> u64 {
    fingerprint_bytes(key.as_bytes())
}

fn fingerprint_bytes(b: &[u8]) -> u64 {
    let mut h = b.len() as u64;
    for chunk in b.chunks(8) {
        let mut w = [0u8; 8];
        w[..chunk.len()].copy_from_slice(chunk);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    // MurmurHash3's finalizer: every bit of the key moves every bit.
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// The accounts' fingerprints, as rows are read: in memory up to
/// [`HELD`] of them, then in [`PARTS`] temporary files by their first
/// bits, each read back, sorted and compared on its own.
#[derive(Default)]
pub struct Fingerprints {
    held: Vec<u64>,
    parts: Vec<BufWriter<std::fs::File>>,
}

/// Fingerprints held in memory before they go to files (512 KiB).
const HELD: usize = 1 << 16;

/// The files they go to then: a file holds the fingerprints whose first
/// six bits are its index (a 64th of them: 38 KiB a million rows).
const PARTS: usize = 64;

fn spill_error(e: std::io::Error) -> Error {
    Error::user(format!(
        "cannot write the accounts' fingerprints to a temporary file (to find an account in two rows): {}; nothing was written.",
        io_reason(&e)
    ))
}

impl Fingerprints {
    /// Notes the account of a row (its account cell, as read).
    pub fn add(&mut self, cell: &[u8]) -> Result<(), Error> {
        // An Id as a spreadsheet holds it, its key taken from the bytes
        // (the cell is letters and digits between ASCII spaces, so
        // [`account_key`] would take the same 15).
        let t = cell.trim_ascii();
        if crate::salesforce::limits::is_id_bytes(t) {
            return self.add_fingerprint(fingerprint_bytes(&t[..15]));
        }
        match account_key(cell) {
            Some(key) => self.add_key(&key),
            None => Ok(()),
        }
    }

    fn add_key(&mut self, key: &str) -> Result<(), Error> {
        self.add_fingerprint(fingerprint(key))
    }

    fn add_fingerprint(&mut self, f: u64) -> Result<(), Error> {
        if !self.parts.is_empty() {
            return self.parts[(f >> 58) as usize]
                .write_all(&f.to_le_bytes())
                .map_err(spill_error);
        }
        if self.held.capacity() == 0 {
            self.held.reserve_exact(HELD);
        }
        self.held.push(f);
        if self.held.len() == HELD {
            self.spill()?;
        }
        Ok(())
    }

    /// From memory to the files.
    fn spill(&mut self) -> Result<(), Error> {
        for _ in 0..PARTS {
            let file = tempfile::tempfile().map_err(spill_error)?;
            self.parts.push(BufWriter::with_capacity(4096, file));
        }
        for f in std::mem::take(&mut self.held) {
            self.parts[(f >> 58) as usize]
                .write_all(&f.to_le_bytes())
                .map_err(spill_error)?;
        }
        Ok(())
    }

    /// The fingerprints seen more than once.
    pub fn repeated(self) -> Result<HashSet<u64>, Error> {
        let mut out = HashSet::new();
        let mut find = |mut all: Vec<u64>| {
            all.sort_unstable();
            out.extend(all.windows(2).filter(|w| w[0] == w[1]).map(|w| w[0]));
        };
        if self.parts.is_empty() {
            find(self.held);
            return Ok(out);
        }
        let fail = |e: std::io::Error| {
            Error::user(format!(
                "cannot read the accounts' fingerprints back from a temporary file: {}; nothing was written.",
                io_reason(&e)
            ))
        };
        for part in self.parts {
            let mut file = part.into_inner().map_err(|e| fail(e.into_error()))?;
            file.rewind().map_err(fail)?;
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).map_err(fail)?;
            find(
                bytes
                    .chunks_exact(8)
                    .map(|b| u64::from_le_bytes(b.try_into().unwrap_or_default()))
                    .collect(),
            );
        }
        Ok(out)
    }
}

/// What one pass over a batch's rows made: what it wrote (not yet
/// committed), and, when it noted them, the rows' accounts and the column
/// that names them.
pub struct Pass<T> {
    pub made: T,
    pub fingerprints: Fingerprints,
    pub account_column: Option<usize>,
}

/// Runs a batch's passes over `input`: once, noting each row's account
/// (when the input can be read again); and only when an account repeats,
/// once more with the rows that name it refused. `pass` reads the input
/// it is given, refusing the rows the repeats name, and notes the
/// accounts when told to.
pub fn passes<T>(
    mut input: super::Input,
    mut pass: impl FnMut(super::Input, &Repeats, bool) -> Result<Pass<T>, Error>,
) -> Result<T, Error> {
    let rewind = input.take_rewind();
    let first = pass(input, &Repeats::default(), rewind.is_some())?;
    let (Some(rewind), Some(column)) = (rewind, first.account_column) else {
        return Ok(first.made);
    };
    let repeated = first.fingerprints.repeated()?;
    if repeated.is_empty() {
        return Ok(first.made);
    }
    let repeats = Repeats::find(rewind.open()?, column, &repeated)?;
    if repeats.is_empty() {
        return Ok(first.made);
    }
    // The first pass's files are temporary, dropped unwritten.
    drop(first.made);
    Ok(pass(rewind.open()?, &repeats, false)?.made)
}

/// The accounts named by more than one row, with their rows' lines.
#[derive(Debug, Default)]
pub struct Repeats {
    lines: HashMap<String, Vec<u64>>,
}

impl Repeats {
    /// Reads `input` once more for the rows whose account (in `column`)
    /// has a fingerprint in `wanted`, and keeps the accounts named twice.
    pub fn find(input: super::Input, column: usize, wanted: &HashSet<u64>) -> Result<Self, Error> {
        let mut lines: HashMap<String, Vec<u64>> = HashMap::new();
        each_account(input, column, |key, line| {
            if wanted.contains(&fingerprint(key)) {
                lines.entry(key.to_string()).or_default().push(line);
            }
            Ok(())
        })?;
        lines.retain(|_, l| l.len() > 1);
        Ok(Self { lines })
    }

    /// The repeats of `input`, found before its rows are checked, for a
    /// batch whose pass is not to be run twice (one that asks the org):
    /// `input` is read for its accounts' fingerprints (a stream is kept as
    /// it is read), and read again from `rewind` only when one repeats.
    pub fn scan(input: super::Input, column: usize, rewind: &Rewind) -> Result<Self, Error> {
        let mut fingerprints = Fingerprints::default();
        each_account(input, column, |key, _| fingerprints.add_key(key))?;
        let wanted = fingerprints.repeated()?;
        if wanted.is_empty() {
            return Ok(Self::default());
        }
        Self::find(rewind.open()?, column, &wanted)
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Why the row on `line` with this account cell is refused, if its
    /// account is in another row too.
    pub fn problem(&self, cell: &[u8], line: u64) -> Option<String> {
        if self.lines.is_empty() {
            return None;
        }
        let key = account_key(cell)?;
        let lines = self.lines.get(key.as_ref())?;
        let others: Vec<&u64> = lines.iter().filter(|&&l| l != line).collect();
        // A few lines, then how many more: an account in thousands of rows
        // would otherwise write every other line into each row's error.
        const SHOWN: usize = 5;
        let mut list: Vec<String> = others.iter().take(SHOWN).map(|l| l.to_string()).collect();
        let (word, rows) = match others.len() {
            0 => return None,
            1 => ("line", "neither row was taken"),
            _ => ("lines", "none of these rows was taken"),
        };
        let list = if others.len() > SHOWN {
            format!("{} and {} more", list.join(", "), others.len() - SHOWN)
        } else {
            let last = list.pop().unwrap_or_default();
            if list.is_empty() {
                last
            } else {
                format!("{} and {last}", list.join(", "))
            }
        };
        Some(format!(
            "the account {key} is also in {word} {list}: an account goes in one row, so {rows}; keep the row you mean and run the batch again"
        ))
    }
}

/// Calls `f` with the account key and line of each row of `input` that
/// names an account in `column`.
fn each_account(
    mut input: super::Input,
    column: usize,
    mut f: impl FnMut(&str, u64) -> Result<(), Error>,
) -> Result<(), Error> {
    let mut record = csv::ByteRecord::new();
    loop {
        if super::interrupted() {
            return Err(Error::interrupted("interrupted; nothing was written."));
        }
        match super::read_record(&mut input.reader, &input.cuts, &mut record) {
            Ok(super::Next::End) => return Ok(()),
            Ok(super::Next::TooLarge(_)) => continue,
            Ok(super::Next::Record) => {}
            Err(e) => {
                let line = input.reader.position().line();
                return Err(super::read_error_at(&input.name, &e, line));
            }
        }
        if let Some(key) = record.get(column).and_then(account_key) {
            f(&key, record.position().map_or(0, csv::Position::line))?;
        }
    }
}

/// An input read a second time: the file again from its start, or the copy
/// of a stream kept as it was read.
pub struct Rewind {
    name: String,
    len: Option<u64>,
    file: std::fs::File,
}

impl Rewind {
    pub(super) fn new(name: String, len: Option<u64>, file: std::fs::File) -> Self {
        Self { name, len, file }
    }

    /// The input again, from its first row.
    pub fn open(&self) -> Result<super::Input, Error> {
        let fail = |e: std::io::Error| {
            Error::user(format!(
                "{}: cannot read the file again: {}; nothing was written.",
                self.name,
                io_reason(&e)
            ))
        };
        let mut file = self.file.try_clone().map_err(fail)?;
        file.rewind().map_err(fail)?;
        super::Input::from_parts(self.name.clone(), Box::new(file), self.len, None)
    }
}

/// A reader that keeps a copy of what it reads in `spool`, so that a stream
/// (standard input, a pipe) can be read again.
pub(super) struct Tee {
    pub inner: Box<dyn Read + Send>,
    pub spool: BufWriter<std::fs::File>,
}

impl Read for Tee {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let kept = if n == 0 {
            self.spool.flush()
        } else {
            self.spool.write_all(&buf[..n])
        };
        kept.map_err(|e| {
            std::io::Error::new(
                e.kind(),
                format!(
                    "cannot keep a copy of the input in a temporary file, to read it again: {}",
                    io_reason(&e)
                ),
            )
        })?;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeats_are_found_across_the_spilled_files() {
        let mut f = Fingerprints::default();
        // Past what is held in memory: repeats held, then spilled, then in a file.
        let id = |n: usize| format!("001Dn{n:010}");
        for n in 0..(HELD * 3 + 10) {
            f.add(id(n).as_bytes()).unwrap();
        }
        f.add(id(7).as_bytes()).unwrap();
        f.add(format!("{}AAA", id(HELD * 2)).as_bytes()).unwrap();
        let rep = f.repeated().unwrap();
        assert_eq!(
            rep,
            HashSet::from([fingerprint(&id(7)), fingerprint(&id(HELD * 2))])
        );
    }

    #[test]
    fn one_run_in_memory_finds_its_repeat() {
        let mut f = Fingerprints::default();
        for cell in [
            "001Dn00000A1b2c",
            "https://x.lightning.force.com/lightning/r/Account/001Dn00000A1b2cIAB/view",
            "Oak Clinic",
            "001Dn00000Z9y8x",
        ] {
            f.add(cell.as_bytes()).unwrap();
        }
        let rep = f.repeated().unwrap();
        assert_eq!(rep, HashSet::from([fingerprint("001Dn00000A1b2c")]));
    }
}
