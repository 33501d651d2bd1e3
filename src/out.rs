//! The one place cs writes to the terminal: data to stdout, status,
//! warnings and hints to stderr.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use crate::error::Error;
use std::io::{IsTerminal, Write};

/// `text` as a terminal may show it: every control character but the line
/// end and the tab written as an escape (`\u{1b}`), so that nothing from
/// an answer, a file or a server moves the cursor, sets a title, hides a
/// link or writes the clipboard.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() && c != '\n' && c != '\t' {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
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
fn status(prefix: &str, text: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{prefix}{}", printable(text));
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
    std::io::stdin().is_terminal()
}

/// The plural ending of a count in a message: "1 item", "2 items".
pub fn plural<N: PartialEq + From<u8>>(n: N) -> &'static str {
    if n == N::from(1) { "" } else { "s" }
}
