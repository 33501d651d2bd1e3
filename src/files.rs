//! Output files appear whole or not at all: written to a temporary file in
//! the same directory, then renamed over the target. A run that fails (or is
//! interrupted) leaves no half-written file behind; the files of a batch
//! appear together or not at all ([`commit_all`]). They hold customer data,
//! so they are the owner's alone (0600, less what the umask takes), as the
//! submit journal is. Temporary files a killed run left behind are removed
//! by the next run that writes in that directory.

use crate::error::{Error, io_reason};
use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
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
        sweep(dir);
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
        commit_all(vec![self])
    }

    /// Writes everything to disk: the file, ready to be renamed.
    fn written(self) -> Result<(tempfile::NamedTempFile, PathBuf, Tracked), Error> {
        let target = self.target;
        let fail = |e: std::io::Error| {
            Error::user(format!(
                "cannot write {}: {}.",
                target.display(),
                io_reason(&e)
            ))
        };
        let tmp = self.writer.into_inner().map_err(|e| fail(e.into_error()))?;
        tmp.as_file().sync_all().map_err(fail)?;
        Ok((tmp, target, self._tracked))
    }
}

/// Renames `files` into place together: every one, or (when one cannot be)
/// none, the files they would have replaced left as they were.
pub fn commit_all(files: Vec<AtomicFile>) -> Result<(), Error> {
    let mut ready = Vec::with_capacity(files.len());
    for f in files {
        ready.push(f.written()?);
    }
    // What is there now is kept aside until every new file is in place.
    let mut kept: Vec<(PathBuf, PathBuf)> = Vec::new();
    let restore = |kept: &[(PathBuf, PathBuf)]| {
        for (target, aside) in kept {
            let _ = std::fs::rename(aside, target);
        }
    };
    for (_, target, _) in &ready {
        if !target.is_file() {
            continue;
        }
        // Not removed on a signal, unlike the new files: it is the old
        // file itself.
        let aside = aside_path(target);
        if let Err(e) = std::fs::rename(target, &aside) {
            restore(&kept);
            return Err(Error::user(format!(
                "cannot replace {}: {}; nothing was changed.",
                target.display(),
                io_reason(&e)
            )));
        }
        kept.push((target.clone(), aside));
    }
    let mut placed: Vec<PathBuf> = Vec::new();
    for (tmp, target, _tracked) in ready {
        if let Err(e) = tmp.persist(&target) {
            for p in &placed {
                let _ = std::fs::remove_file(p);
            }
            restore(&kept);
            let others = placed.len() + kept.len();
            return Err(Error::user(format!(
                "cannot write {}: {}; {}.",
                target.display(),
                io_reason(&e.error),
                if others == 0 {
                    "nothing was changed".to_string()
                } else {
                    "no file was changed: the ones written with it were taken back".to_string()
                }
            )));
        }
        placed.push(target);
    }
    for (_, aside) in &kept {
        let _ = std::fs::remove_file(aside);
    }
    Ok(())
}

/// Where the file `target` waits while its replacement is put in place.
fn aside_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".cs-{name}.{}.tmp", fastrand::u64(..)))
}

/// How old a temporary file must be to count as a killed run's: a live
/// run writes its files continuously.
const STALE: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// Removes the `.cs-*.tmp` files in `dir` left by a run that was killed
/// (older than [`STALE`]), once per directory and process.
fn sweep(dir: &Path) {
    static SWEPT: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());
    {
        let mut swept = SWEPT.lock().unwrap_or_else(|p| p.into_inner());
        if swept.iter().any(|d| d == dir) {
            return;
        }
        swept.push(dir.to_path_buf());
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(".cs-") && name.ends_with(".tmp")) {
            continue;
        }
        let stale = e
            .metadata()
            .ok()
            .filter(std::fs::Metadata::is_file)
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE);
        if stale {
            let _ = std::fs::remove_file(e.path());
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn written_files_are_the_owners_alone() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        // As cs submit writes a Bulk API job's failed results.
        let path = dir.path().join("failed-results-750000000000001AAA.csv");
        write_atomic(&path, b"sf__Id,sf__Error\n").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}

// Files that hold customer data or cs's state (journals, the ledger,
// drafts) are readable by their owner only: 0600 files in 0700
// directories, whatever the umask.

/// Where cs keeps its state: drafts, journals, the ledger
/// (`CS_STATE_DIR`, or the platform's state directory).
pub fn state_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("CS_STATE_DIR") {
        return Some(PathBuf::from(d));
    }
    let dirs = directories::ProjectDirs::from("", "", "cs")?;
    Some(
        dirs.state_dir()
            .map(|d| d.to_path_buf())
            .unwrap_or_else(|| dirs.data_local_dir().to_path_buf()),
    )
}

/// Creates `dir` and its missing parents; the directories cs creates are
/// 0700. An existing directory is left as it is (it may be shared, like
/// the current directory).
pub fn create_dir(dir: &Path) -> io::Result<()> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
    b.create(dir)
}

/// Opens `path` to read and append, creating it 0600 (and its directory
/// 0700) when it is missing.
pub fn open_append(path: &Path) -> io::Result<File> {
    if let Some(dir) = path.parent() {
        create_dir(dir)?;
    }
    let mut o = OpenOptions::new();
    o.read(true).append(true).create(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    let f = o.open(path)?;
    restrict(&f)?;
    Ok(f)
}

/// Makes an open file 0600 (a file an older cs created with the umask's
/// mode is narrowed the next time it is opened).
pub fn restrict(f: &File) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = f.metadata()?.permissions().mode() & 0o777;
        if mode != 0o600 {
            f.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
    }
    #[cfg(not(unix))]
    let _ = f;
    Ok(())
}

#[cfg(all(test, unix))]
mod private_tests {
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn state_files_are_the_owners_alone() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("state/journals/j.jsonl");
        super::open_append(&p).unwrap();
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&p), 0o600);
        assert_eq!(mode(&dir.path().join("state/journals")), 0o700);
        assert_eq!(mode(&dir.path().join("state")), 0o700);
        // A file an older cs left world-readable is narrowed.
        let q = dir.path().join("old.jsonl");
        std::fs::write(&q, "").unwrap();
        std::fs::set_permissions(&q, std::fs::Permissions::from_mode(0o644)).unwrap();
        super::open_append(&q).unwrap();
        assert_eq!(mode(&q), 0o600);
    }
}
