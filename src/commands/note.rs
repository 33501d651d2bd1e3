//! `cs note`: check, fix and write notes in the N1 form.

use super::Ctx;
use super::Format;
use cs::error::Error;
use cs::fields::note::{self, Note, NoteError};
use cs::out;
use std::io::IsTerminal;

#[derive(Debug, clap::Subcommand)]
pub enum Cmd {
    /// Validate notes (arguments, or one note a line on stdin); exit 1 if any is invalid.
    #[command(
        after_help = "Examples:\n  cs note check '04/20/23_MM:Customer called support'\n  cs note check < examples/notes.txt\n  cs note check --format json '04/20/23MM: One more week'"
    )]
    Check {
        /// Notes to check; without any, notes are read from stdin, one a line.
        notes: Vec<String>,
    },
    /// Print the canonical form of each note; a note cs cannot fix is kept as it is and reported.
    #[command(
        after_help = "Examples:\n  cs note fix '04/20/23MM: One more week, Customer unresponsive'\n  cs note fix < examples/notes.txt > fixed.txt"
    )]
    Fix {
        /// Notes to fix; without any, notes are read from stdin, one a line.
        notes: Vec<String>,
    },
    /// Print a note dated today.
    #[command(
        after_help = "Examples:\n  cs note new 'Customer called support' --initials MM\n  cs note new 'Sent final' --initials JD --date 2026-11-20"
    )]
    New {
        /// What was done.
        action: String,
        /// Your initials, 2 to 4 letters.
        #[arg(long, short, env = "CS_INITIALS")]
        initials: String,
        /// The note's date (YYYY-MM-DD) [default: today].
        #[arg(long)]
        date: Option<String>,
    },
}

/// The notes to read, each with where it came from: the arguments, or
/// stdin one a line.
fn inputs(notes: &[String]) -> Result<Vec<(String, String)>, Error> {
    if !notes.is_empty() {
        let origin = |i: usize| format!("note {}", i + 1);
        return Ok(notes
            .iter()
            .enumerate()
            .map(|(i, n)| (origin(i), n.clone()))
            .collect());
    }
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return Err(Error::user("no notes given.").with_hint(
            "pass notes as arguments, or pipe them one a line: cs note check < notes.txt",
        ));
    }
    cs::files::text_lines(stdin.lock(), "<stdin>")
}

pub fn exec(ctx: &Ctx, cmd: &Cmd) -> Result<(), Error> {
    match cmd {
        Cmd::Check { notes } => {
            let format = ctx.format(&[Format::Text, Format::Json], Format::Text, "note check")?;
            let inputs = inputs(notes)?;
            let results: Vec<_> = inputs
                .iter()
                .map(|(_, t)| note::check(t, ctx.today))
                .collect();
            let invalid = results.iter().filter(|r| !r.valid).count();
            if format == Format::Json {
                out::data(&cs::render::json_pretty(&results)?)?;
            } else {
                for ((origin, _), r) in inputs.iter().zip(&results) {
                    match &r.error {
                        None => out::line(&format!("{origin}: ok: {}", r.note))?,
                        Some(e) => out::line(&format!("{origin}: invalid: {}: {e}", r.note))?,
                    }
                    for w in &r.warnings {
                        out::warn(&format!("{origin}: {w}"));
                    }
                }
            }
            if invalid > 0 {
                return Err(Error::user(format!(
                    "{invalid} of {} notes {} not in the MM/DD/YY_Initials:Action form.",
                    results.len(),
                    if invalid == 1 { "is" } else { "are" }
                ))
                .with_hint("cs note fix prints the canonical form of notes it can repair"));
            }
            Ok(())
        }
        Cmd::Fix { notes } => {
            ctx.format(&[Format::Text], Format::Text, "note fix")?;
            let inputs = inputs(notes)?;
            let mut unfixable = 0;
            let mut text = String::new();
            for (origin, note) in &inputs {
                match note::fix(note) {
                    Ok(n) => text.push_str(&format!("{n}\n")),
                    Err(e) => {
                        unfixable += 1;
                        out::error(&format!("{origin}: cannot fix '{note}': {e}"));
                        text.push_str(&format!("{note}\n"));
                    }
                }
            }
            out::data(&text)?;
            if unfixable > 0 {
                return Err(Error::user(format!(
                    "{unfixable} note{} could not be fixed and {} printed unchanged.",
                    out::plural(unfixable),
                    if unfixable == 1 { "was" } else { "were" }
                )));
            }
            Ok(())
        }
        Cmd::New {
            action,
            initials,
            date,
        } => {
            let format = ctx.format(&[Format::Text, Format::Json], Format::Text, "note new")?;
            let date = match date {
                Some(d) => cs::fields::parse_date(d, ctx.today)
                    .map_err(|e| Error::user(format!("--date: {e}.")))?,
                None => ctx.today,
            };
            let n = Note::new(date, initials, action).map_err(|e| match e {
                NoteError::Initials(_) => Error::user(format!("--initials: {e}.")),
                _ => Error::user(format!("{e}.")),
            })?;
            if let Some(w) = note::future_warning(&n, ctx.today) {
                out::warn(&w);
            }
            if format == Format::Json {
                out::data(&cs::render::json_pretty(
                    &serde_json::json!({"note": n.to_string()}),
                )?)?;
            } else {
                out::line(&n.to_string())?;
            }
            Ok(())
        }
    }
}
