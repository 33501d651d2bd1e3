//! Errors typed by who is at fault, so `main` can pick the exit code and say
//! what to do next: the user's input (1), the remote system (3), an interrupt
//! (130) or a bug in cs (internal, also 1 but labelled as such).

use std::fmt;

/// Who is at fault, and therefore which exit code the run ends with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Bad input: a file, a field, a playbook, a note. Exit 1.
    User,
    /// A remote system failed or refused. Exit 3.
    Remote,
    /// Ctrl-C. Exit 130.
    Interrupted,
    /// A bug in cs. Exit 1, and the message says so.
    Internal,
    /// Whoever reads stdout has gone (`cs ... | head`): end quietly, exit 0.
    BrokenPipe,
}

/// An error to show a person: a full-sentence message and an optional hint
/// that names the fix.
#[derive(Debug)]
pub struct CliError {
    pub kind: ErrorKind,
    pub message: String,
    pub hint: Option<String>,
    /// Details already printed (e.g. every invalid field); the message then only sums up.
    pub details: Vec<String>,
}

impl CliError {
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
    pub fn exit_code(&self) -> i32 {
        match self.kind {
            ErrorKind::BrokenPipe => 0,
            ErrorKind::User | ErrorKind::Internal => 1,
            ErrorKind::Remote => 3,
            ErrorKind::Interrupted => 130,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.kind == ErrorKind::Internal {
            write!(f, "internal error (a bug in cs, please report it): ")?;
        }
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for CliError {}

/// Reading a file the user named: the error names the file and what went wrong.
pub fn read_file(path: &std::path::Path) -> Result<String, CliError> {
    if path.is_dir() {
        return Err(CliError::user(format!(
            "{} is a directory; a file was expected.",
            path.display()
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| {
        CliError::user(format!(
            "cannot read {}: {}.",
            path.display(),
            io_reason(&e)
        ))
    })?;
    decode_utf8(&bytes, &path.display().to_string())
}

/// Reads a file the user named, or stdin for `-` (`what` names it in the
/// error): the name to use in messages and the text.
pub fn read_input(path: &std::path::Path, what: &str) -> Result<(String, String), CliError> {
    if path.as_os_str() != "-" {
        return Ok((path.display().to_string(), read_file(path)?));
    }
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes)
        .map_err(|e| CliError::user(format!("cannot read {what} from stdin: {e}.")))?;
    Ok(("<stdin>".to_string(), decode_utf8(&bytes, "<stdin>")?))
}

/// Decodes UTF-8 text, dropping a leading byte-order mark; non-UTF-8 input is
/// refused with the line where it stops being text.
pub fn decode_utf8(bytes: &[u8], name: &str) -> Result<String, CliError> {
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
                CliError::user(format!("{name}:{line}: the file is not UTF-8 text."))
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
