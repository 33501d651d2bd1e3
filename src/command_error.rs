//! The one place an error becomes what a person sees and the exit code a
//! script reads: the message, its details and hint on stderr, and the code
//! of who is at fault (`cs --help` lists them).

use cs::error::{Error, ErrorKind};
use cs::out;

/// The exit code of an error's kind.
pub fn exit_code(kind: ErrorKind) -> i32 {
    match kind {
        // The reader of stdout has gone: nothing is wrong with cs's work.
        ErrorKind::BrokenPipe => 0,
        ErrorKind::User | ErrorKind::Internal => 1,
        ErrorKind::Usage | ErrorKind::Changes => 2,
        ErrorKind::Remote => 3,
        ErrorKind::Interrupted => 130,
    }
}

/// Prints the error (nothing for a closed stdout) and returns the exit code.
pub fn report(e: &Error) -> i32 {
    if !matches!(e.kind, ErrorKind::BrokenPipe | ErrorKind::Changes) {
        out::error(&e.to_string());
        for d in &e.details {
            out::note(d.trim_end());
        }
        for h in e.hint.iter().flat_map(|h| h.lines()) {
            out::hint(h);
        }
    }
    exit_code(e.kind)
}
