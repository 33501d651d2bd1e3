//! The one place cs writes to the terminal: data to stdout, status,
//! warnings and hints to stderr.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use crate::error::Error;
use std::io::{IsTerminal, Write};

/// Writes data to stdout. A closed pipe (`cs ... | head`) is the
/// `BrokenPipe` error, which the binary ends on quietly; any other failure
/// to write (a full disk) is an error that says so.
pub fn data(text: &str) -> Result<(), Error> {
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

pub fn warn(text: &str) {
    eprintln!("warning: {text}");
}

pub fn note(text: &str) {
    eprintln!("{text}");
}

pub fn error(text: &str) {
    eprintln!("error: {text}");
}

pub fn hint(text: &str) {
    eprintln!("hint: {text}");
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
