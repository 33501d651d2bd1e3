//! The one place cs writes to the terminal: data to stdout, status,
//! warnings and hints to stderr.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use crate::error::Error;
use std::io::{IsTerminal, Write};

/// Is `c` (before `next`) a control character cs does not let through?
/// Every one is, but the tab, the line end, and with `crlf` a CR before a
/// line end (a CRLF file's).
pub fn is_hostile(c: char, next: Option<char>, crlf: bool) -> bool {
    c.is_control() && c != '\t' && c != '\n' && !(crlf && c == '\r' && next == Some('\n'))
}

/// `text` with every hostile control character ([`is_hostile`]) written as
/// an escape (`\u{1b}`).
pub fn escape_controls(text: &str, crlf: bool) -> std::borrow::Cow<'_, str> {
    let hostile_at =
        |i: usize, c: char| is_hostile(c, text[i + c.len_utf8()..].chars().next(), crlf);
    if !text.char_indices().any(|(i, c)| hostile_at(i, c)) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for (i, c) in text.char_indices() {
        if hostile_at(i, c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// `text` as a terminal may show it: every control character but the line
/// end and the tab written as an escape (`\u{1b}`), so that nothing from
/// an answer, a file or a server moves the cursor, sets a title, hides a
/// link or writes the clipboard.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    escape_controls(text, false)
}

/// Writes data to stdout (through [`printable`] on a terminal). A closed pipe (`cs ... | head`) is the
/// `BrokenPipe` error, which the binary ends on quietly; any other failure
/// to write (a full disk) is an error that says so.
pub fn data(text: &str) -> Result<(), Error> {
    let text = if stdout_is_terminal() {
        printable(text)
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|_| out.flush())
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::BrokenPipe => Error::broken_pipe(),
            _ => Error::user(format!(
                "cannot write to stdout: {}.",
                crate::error::io_reason(&e)
            )),
        })
}

/// Writes a line of data to stdout.
pub fn line(text: &str) -> Result<(), Error> {
    data(&format!("{text}\n"))
}

/// Writes a line to stderr. Nothing is left to tell if stderr is closed,
/// so that is not an error (and never a panic, as `eprintln!` would be).
/// A line on stderr: no registered secret, no control character.
fn status(prefix: &str, text: &str) {
    let text = crate::redact::clean(text);
    let _ = writeln!(std::io::stderr().lock(), "{prefix}{}", printable(&text));
}

pub fn warn(text: &str) {
    status("warning: ", text);
}

pub fn note(text: &str) {
    status("", text);
}

pub fn error(text: &str) {
    status("error: ", text);
}

pub fn hint(text: &str) {
    status("hint: ", text);
}

pub fn stdout_is_terminal() -> bool {
    std::io::stdout().is_terminal()
}

pub fn stdin_is_terminal() -> bool {
    // Asked of the descriptor: `std::io::stdin()` would set up its
    // buffered reader (8 KiB) at every start, read from or not.
    #[cfg(unix)]
    {
        // SAFETY: the descriptor is borrowed for this call only; a closed
        // one is no terminal.
        unsafe { std::os::fd::BorrowedFd::borrow_raw(0) }.is_terminal()
    }
    #[cfg(not(unix))]
    {
        std::io::stdin().is_terminal()
    }
}

/// The plural ending of a count in a message: "1 item", "2 items".
pub fn plural<N: PartialEq + From<u8>>(n: N) -> &'static str {
    if n == N::from(1) { "" } else { "s" }
}
