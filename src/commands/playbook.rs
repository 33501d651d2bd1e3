//! `cs playbook`: list, show, lint, schema.

use super::Ctx;
use super::Format;
use cs::diag::{Diagnostic, Severity};
use cs::error::Error;
use cs::playbook::{self, Source, lint};
use cs::{out, render};
use serde::Serialize;
use std::path::PathBuf;

#[derive(Debug, clap::Subcommand)]
pub enum Cmd {
    /// List the playbooks in effect (built in, or overridden by --playbooks DIR).
    List,
    /// Print a playbook: its YAML (text) or its parsed form (json).
    #[command(
        after_help = "Examples:\n  cs playbook show escalation\n  cs playbook show escalation --format json"
    )]
    Show {
        /// Playbook id, e.g. escalation.
        id: String,
    },
    /// Check playbooks for structure and meaning; exit 1 on any error.
    #[command(
        after_help = "Findings read path:line:col: error|warning: message.\n\nExamples:\n  cs playbook lint\n  cs playbook lint playbooks/\n  cs playbook lint --format github playbooks/*.yaml"
    )]
    Lint {
        /// Files or directories of .yaml playbooks [default: the playbooks in effect].
        paths: Vec<PathBuf>,
    },
    /// Print the JSON Schema of the playbook format.
    Schema,
}

/// The JSON Schema of the playbook format, as committed in playbooks/playbook.schema.json.
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(cs::playbook::model::Playbook);
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}

#[derive(Serialize)]
struct Listed {
    id: String,
    title: String,
    source: String,
    owner: String,
    from: String,
}

pub fn exec(ctx: &Ctx, cmd: &Cmd) -> Result<(), Error> {
    match cmd {
        Cmd::List => {
            let format =
                ctx.format(&[Format::Text, Format::Json], Format::Text, "playbook list")?;
            let mut rows = Vec::new();
            for src in ctx.library.sources()? {
                let from = if src.embedded {
                    "built in".to_string()
                } else {
                    src.path.clone()
                };
                match playbook::parse(&src) {
                    Ok(p) => rows.push(Listed {
                        id: src.id.clone(),
                        title: p.title,
                        source: p.source,
                        owner: p.owner,
                        from,
                    }),
                    Err(d) => rows.push(Listed {
                        id: src.id.clone(),
                        title: format!("(does not load: {})", d.header()),
                        source: String::new(),
                        owner: String::new(),
                        from,
                    }),
                }
            }
            if format == Format::Json {
                out::data(&render::json_pretty(&rows)?)?;
            } else {
                let mut t = render::table();
                t.set_header(vec!["Id", "Title", "SOP", "Owner", "From"]);
                for r in rows {
                    t.add_row(vec![r.id, r.title, r.source, r.owner, r.from]);
                }
                out::line(&t.to_string())?;
            }
            Ok(())
        }
        Cmd::Show { id } => {
            let format =
                ctx.format(&[Format::Text, Format::Json], Format::Text, "playbook show")?;
            let loaded = ctx.library.load(id)?;
            if format == Format::Json {
                out::data(&render::json_pretty(&loaded.playbook)?)?;
            } else {
                out::data(&loaded.source.text)?;
            }
            Ok(())
        }
        Cmd::Schema => {
            ctx.format(&[Format::Json], Format::Json, "playbook schema")?;
            out::data(&schema_json())?;
            Ok(())
        }
        Cmd::Lint { paths } => {
            let format = ctx.format(
                &[Format::Text, Format::Json, Format::Github],
                Format::Text,
                "playbook lint",
            )?;
            let sources = if paths.is_empty() {
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
                    } else {
                        files.push(p.clone());
                    }
                }
                files
                    .iter()
                    .map(|f| Source::from_file(f))
                    .collect::<Result<Vec<_>, _>>()?
            };
            // Churn reasons are checked against the churn-codes playbook being
            // linted, if any, else the one in effect.
            let taxonomy = match sources.iter().find(|s| s.id == playbook::CHURN_CODES) {
                Some(s) => playbook::parse(s)
                    .ok()
                    .map(|p| cs::churn::Taxonomy::from_playbook(&p)),
                None => ctx.library.taxonomy().ok(),
            };
            let mut all: Vec<(Diagnostic, &Source)> = Vec::new();
            for (s, diags) in sources
                .iter()
                .zip(lint::lint_all(&sources, taxonomy.as_ref()))
            {
                all.extend(diags.into_iter().map(|d| (d, s)));
            }
            let errors = all
                .iter()
                .filter(|(d, _)| d.severity == Severity::Error)
                .count();
            let warnings = all.len() - errors;
            match format {
                Format::Json => {
                    let list: Vec<&Diagnostic> = all.iter().map(|(d, _)| d).collect();
                    out::data(&render::json_pretty(&list)?)?;
                }
                Format::Github => {
                    for (d, _) in &all {
                        out::line(&d.github())?;
                    }
                }
                _ => {
                    for (d, s) in &all {
                        out::data(&d.render(Some(&s.text)))?;
                    }
                }
            }
            let summary = format!(
                "{} playbook{} checked: {errors} error{}, {warnings} warning{}.",
                sources.len(),
                out::plural(sources.len()),
                out::plural(errors),
                out::plural(warnings)
            );
            if errors > 0 {
                return Err(Error::user(summary));
            }
            out::note(&summary);
            Ok(())
        }
    }
}
