//! Output files appear whole or not at all: written to a temporary file in
//! the same directory, then renamed over the target. A run that fails (or is
//! interrupted) leaves no half-written file behind.

use crate::error::{Error, io_reason};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// A file being written; `commit` makes it appear under its name.
pub struct AtomicFile {
    target: PathBuf,
    writer: BufWriter<tempfile::NamedTempFile>,
    _tracked: Tracked,
}

/// A temporary file a signal that stops cs at once removes
/// ([`crate::interrupt`]); no longer tracked once dropped.
struct Tracked(PathBuf);

impl Drop for Tracked {
    fn drop(&mut self) {
        crate::interrupt::untrack(&self.0);
    }
}

impl AtomicFile {
    pub fn create(target: &Path) -> Result<Self, Error> {
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let tmp = tempfile::Builder::new()
            .prefix(".cs-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(|e| {
                Error::user(format!(
                    "cannot write {}: {}.",
                    target.display(),
                    io_reason(&e)
                ))
            })?;
        crate::interrupt::track(tmp.path());
        Ok(Self {
            target: target.to_path_buf(),
            _tracked: Tracked(tmp.path().to_path_buf()),
            writer: BufWriter::with_capacity(64 * 1024, tmp),
        })
    }

    pub fn path(&self) -> &Path {
        &self.target
    }

    /// Flushes and renames the file into place.
    pub fn commit(self) -> Result<(), Error> {
        let fail = |e: std::io::Error, t: &Path| {
            Error::user(format!("cannot write {}: {}.", t.display(), io_reason(&e)))
        };
        let tmp = self
            .writer
            .into_inner()
            .map_err(|e| fail(e.into_error(), &self.target))?;
        // Temporary files are private (0600); the output is an ordinary file.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            tmp.as_file()
                .set_permissions(std::fs::Permissions::from_mode(0o644))
                .map_err(|e| fail(e, &self.target))?;
        }
        tmp.as_file()
            .sync_all()
            .map_err(|e| fail(e, &self.target))?;
        tmp.persist(&self.target)
            .map_err(|e| fail(e.error, &self.target))?;
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.writer.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.writer.flush()
    }
}

/// Writes a whole file atomically.
pub fn write_atomic(target: &Path, data: &[u8]) -> Result<(), Error> {
    let mut f = AtomicFile::create(target)?;
    f.write_all(data).map_err(|e| {
        Error::user(format!(
            "cannot write {}: {}.",
            target.display(),
            io_reason(&e)
        ))
    })?;
    f.commit()
}

/// The non-blank lines of a text stream (notes piped in, one a line), each
/// with where it came from (`<stdin>:3`); a line that is not UTF-8 is an
/// error naming it.
pub fn text_lines(
    reader: impl std::io::BufRead,
    name: &str,
) -> Result<Vec<(String, String)>, Error> {
    let mut out = Vec::new();
    for (i, line) in reader.split(b'\n').enumerate() {
        let origin = format!("{name}:{}", i + 1);
        let bytes = line.map_err(|e| Error::user(format!("cannot read {name}: {e}.")))?;
        let mut text = crate::error::decode_utf8(&bytes, &origin)
            .map_err(|_| Error::user(format!("{origin}: the line is not UTF-8 text.")))?;
        if text.ends_with('\r') {
            text.pop();
        }
        if !text.trim().is_empty() {
            out.push((origin, text));
        }
    }
    Ok(out)
}
