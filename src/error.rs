//! The error the library's operations end in, typed by who is at fault:
//! the user's input, a remote system, an interrupt, a bug in cs, or a reader
//! that went away. Each area's own errors (`NoteError`, `CollectError`,
//! `CallError`, `PostError`, ...) say what went wrong there and become this
//! one where an operation gives up. The binary maps the kind to an exit code
//! and prints message, details and hint (src/command_error.rs); the library
//! never exits the process.

/// Who is at fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Bad input: a file, a field, a playbook, a note.
    User,
    /// The command line is wrong (a flag's form, a format the command
    /// cannot write): exit 2, as clap's own usage errors.
    Usage,
    /// A remote system failed or refused.
    Remote,
    /// Ctrl-C.
    Interrupted,
    /// A bug in cs; the message says so.
    Internal,
    /// Whoever reads stdout has gone (`cs ... | head`).
    BrokenPipe,
    /// Not an error: the run did what was asked and there were changes
    /// (`cs submit --detailed-exitcode`): exit 2, nothing more said.
    Changes,
}

impl ErrorKind {
    fn prefix(self) -> &'static str {
        match self {
            Self::Internal => "internal error (a bug in cs, please report it): ",
            _ => "",
        }
    }
}

/// An error to show a person: a full-sentence message and an optional hint
/// that names the fix.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}{}", .kind.prefix(), .message)]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
    pub hint: Option<String>,
    /// Details already printed (e.g. every invalid field); the message then only sums up.
    pub details: Vec<String>,
}

impl Error {
    /// A command line cs cannot take (exit 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Self {
            kind: ErrorKind::Usage,
            ..Self::user(message)
        }
    }

    pub fn user(message: impl Into<String>) -> Self {
        Self {
            kind: ErrorKind::User,
            message: message.into(),
            hint: None,
            details: Vec::new(),
        }
    }
    /// A remote system failed or refused. The message may quote a server's
    /// reply, so registered secrets are masked in it.
    pub fn remote(message: impl Into<String>) -> Self {
        Self {
            kind: ErrorKind::Remote,
            message: crate::redact::clean(&message.into()),
            hint: None,
            details: Vec::new(),
        }
    }
    pub fn internal(message: impl Into<String>) -> Self {
        Self {
            kind: ErrorKind::Internal,
            message: message.into(),
            hint: None,
            details: Vec::new(),
        }
    }
    pub fn interrupted(message: impl Into<String>) -> Self {
        Self {
            kind: ErrorKind::Interrupted,
            message: message.into(),
            hint: None,
            details: Vec::new(),
        }
    }
    /// The run went as asked and there were changes (exit 2 for
    /// `--detailed-exitcode`).
    pub fn changes() -> Self {
        Self {
            kind: ErrorKind::Changes,
            message: String::new(),
            hint: None,
            details: Vec::new(),
        }
    }
    /// Stdout was closed by its reader.
    pub fn broken_pipe() -> Self {
        Self {
            kind: ErrorKind::BrokenPipe,
            message: "stdout was closed".into(),
            hint: None,
            details: Vec::new(),
        }
    }
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
    pub fn with_details(mut self, details: Vec<String>) -> Self {
        self.details = details;
        self
    }
}

/// Reading a file the user named: the error names the file and what went wrong.
pub fn read_file(path: &std::path::Path) -> Result<String, Error> {
    if path.is_dir() {
        return Err(Error::user(format!(
            "{} is a directory; a file was expected.",
            path.display()
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| {
        Error::user(format!(
            "cannot read {}: {}.",
            path.display(),
            io_reason(&e)
        ))
    })?;
    decode_utf8(&bytes, &path.display().to_string())
}

/// The most cs reads of a plan, a journal or an org snapshot (a batch of
/// 10,000 plans is well under it).
pub const MAX_STATE_FILE: u64 = 512 << 20;

/// Reads a plan, a journal or a snapshot: a regular file (a FIFO or a
/// device would hang or never end) of at most [`MAX_STATE_FILE`] bytes.
pub fn read_state_file(path: &std::path::Path) -> Result<String, Error> {
    let meta = std::fs::metadata(path).map_err(|e| {
        Error::user(format!(
            "cannot read {}: {}.",
            path.display(),
            io_reason(&e)
        ))
    })?;
    if !meta.is_file() {
        return Err(Error::user(format!(
            "{} is not a regular file (a directory, a pipe or a device); cs reads plans, journals and snapshots from files.",
            path.display()
        ))
        .with_hint("write it to a file first, or pipe a plan to cs submit -"));
    }
    if meta.len() > MAX_STATE_FILE {
        return Err(too_large(&path.display().to_string()));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| {
            std::io::Read::read_to_end(&mut std::io::Read::take(f, MAX_STATE_FILE + 1), &mut bytes)
        })
        .map_err(|e| {
            Error::user(format!(
                "cannot read {}: {}.",
                path.display(),
                io_reason(&e)
            ))
        })?;
    if bytes.len() as u64 > MAX_STATE_FILE {
        return Err(too_large(&path.display().to_string()));
    }
    decode_utf8(&bytes, &path.display().to_string())
}

/// Reads plans from stdin, at most [`MAX_STATE_FILE`] bytes.
pub fn read_state_stdin(what: &str) -> Result<String, Error> {
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(std::io::stdin(), MAX_STATE_FILE + 1),
        &mut bytes,
    )
    .map_err(|e| Error::user(format!("cannot read {what} from stdin: {e}.")))?;
    if bytes.len() as u64 > MAX_STATE_FILE {
        return Err(too_large("<stdin>"));
    }
    decode_utf8(&bytes, "<stdin>")
}

fn too_large(name: &str) -> Error {
    Error::user(format!(
        "{name} is larger than {} MiB: not a plan, journal or snapshot cs wrote.",
        MAX_STATE_FILE >> 20
    ))
    .with_hint(
        "split a batch into smaller ones (cs transition batch --out DIR on part of the rows)",
    )
}

/// Reads a file the user named, or stdin for `-` (`what` names it in the
/// error): the name to use in messages and the text.
pub fn read_input(path: &std::path::Path, what: &str) -> Result<(String, String), Error> {
    if path.as_os_str() != "-" {
        return Ok((path.display().to_string(), read_file(path)?));
    }
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes)
        .map_err(|e| Error::user(format!("cannot read {what} from stdin: {e}.")))?;
    Ok(("<stdin>".to_string(), decode_utf8(&bytes, "<stdin>")?))
}

/// Decodes UTF-8 text, dropping a leading byte-order mark; non-UTF-8 input is
/// refused with the line where it stops being text.
pub fn decode_utf8(bytes: &[u8], name: &str) -> Result<String, Error> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|b| **b == b'\n')
                .count()
                + 1;
            Err(
                Error::user(format!("{name}:{line}: the file is not UTF-8 text."))
                    .with_hint("save it as UTF-8 (in a spreadsheet: CSV UTF-8)"),
            )
        }
    }
}

/// The reason part of an I/O error, without Rust's "(os error N)" noise.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_string(),
                None => s,
            }
        }
    }
}
