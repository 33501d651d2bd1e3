//! `cs playbook lint`: structure and meaning of playbook files, each
//! finding at its `path:line:col`.

use super::super::{Ctx, Format};
use cs::calendar;
use cs::diag::{Diagnostic, Severity};
use cs::error::Error;
use cs::playbook::{self, Source, lint};
use cs::{out, render};
use std::path::PathBuf;

pub fn exec(ctx: &Ctx, paths: &[PathBuf]) -> Result<(), Error> {
    let format = ctx.format(
        &[Format::Text, Format::Json, Format::Github],
        Format::Text,
        "playbook lint",
    )?;
    // Playbooks, and calendar files (B1), which are checked as calendars.
    let is_calendar = |p: &std::path::Path| p.file_name().is_some_and(|n| n == calendar::FILE);
    let mut calendars = Vec::new();
    let sources = if paths.is_empty() {
        calendars.extend(ctx.library.dir.iter().map(|d| d.join(calendar::FILE)));
        ctx.library.sources()?
    } else {
        let mut files = Vec::new();
        for p in paths {
            if p.is_dir() {
                let found = playbook::files_in(p)?;
                if found.is_empty() {
                    return Err(Error::user(format!(
                        "{} holds no .yaml playbooks.",
                        p.display()
                    )));
                }
                files.extend(found);
                calendars.push(p.join(calendar::FILE));
            } else if is_calendar(p) {
                calendars.push(p.clone());
            } else if p.file_name().is_some_and(|n| n == playbook::rules::FILE) {
                // As in a directory: the rule catalog is built in, not a playbook.
                out::note(&format!(
                    "{}: the SOP rule catalog, built into cs, is not a playbook; skipped.",
                    p.display()
                ));
            } else {
                files.push(p.clone());
            }
        }
        files
            .iter()
            .map(|f| Source::from_file(f))
            .collect::<Result<Vec<_>, _>>()?
    };
    let calendars: Vec<Source> = calendars
        .iter()
        .filter(|p| p.exists())
        .map(|p| Source::from_file(p))
        .collect::<Result<_, _>>()?;
    // Churn reasons are checked against the churn-codes playbook being
    // linted, if any, else the one in effect.
    let taxonomy = match sources.iter().find(|s| s.id == playbook::CHURN_CODES) {
        Some(s) => playbook::parse(s)
            .ok()
            .map(|p| cs::churn::Taxonomy::from_playbook(&p)),
        None => ctx.library.taxonomy().ok(),
    };
    let mut all: Vec<(Diagnostic, &Source)> = Vec::new();
    for (s, diags) in sources.iter().zip(lint::lint_all(
        &sources,
        taxonomy.as_ref(),
        ctx.library.sops,
    )) {
        all.extend(diags.into_iter().map(|d| (d, s)));
    }
    for c in &calendars {
        if let Err(d) = calendar::Calendar::parse(&c.path, &c.text) {
            all.push((d, c));
        }
    }
    let counts = print_findings(format, &all)?;
    conclude(
        format!(
            "{} playbook{}{} checked",
            sources.len(),
            out::plural(sources.len()),
            if calendars.is_empty() {
                ""
            } else {
                " and the calendar"
            }
        ),
        counts,
    )
}

/// How many findings of each severity.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    /// W1: cs's default wording still in use (information, not a fault).
    pub defaults: usize,
}

/// "N things checked ...: E errors, W warnings." as an error when there
/// are errors, else a note; the defaults of cs in use (W1) are counted
/// after them.
pub fn conclude(what: String, counts: Counts) -> Result<(), Error> {
    let Counts {
        errors,
        warnings,
        defaults,
    } = counts;
    let mut summary = format!(
        "{what}: {errors} error{}, {warnings} warning{}",
        out::plural(errors),
        out::plural(warnings)
    );
    if defaults > 0 {
        summary.push_str(&format!(
            "; {defaults} of cs's default{} in use (W1)",
            out::plural(defaults)
        ));
    }
    summary.push('.');
    if errors > 0 {
        return Err(Error::user(summary));
    }
    out::note(&summary);
    Ok(())
}

/// Prints findings as the format asks (text with the source line, JSON, or
/// GitHub annotations); returns how many there are of each severity.
pub fn print_findings(format: Format, all: &[(Diagnostic, &Source)]) -> Result<Counts, Error> {
    let count = |s: Severity| all.iter().filter(|(d, _)| d.severity == s).count();
    let counts = Counts {
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        defaults: count(Severity::Info),
    };
    match format {
        Format::Json => {
            let list: Vec<&Diagnostic> = all.iter().map(|(d, _)| d).collect();
            out::data(&render::json_pretty(&list)?)?;
        }
        Format::Github => {
            for (d, _) in all {
                out::line(&d.github())?;
            }
        }
        _ => {
            for (d, s) in all {
                out::data(&d.render(Some(&s.text)))?;
            }
        }
    }
    Ok(counts)
}
