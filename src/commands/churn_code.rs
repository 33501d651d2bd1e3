//! `cs churn-code`: the E2 taxonomy, listed or searched.

use super::Ctx;
use super::Format;
use cs::error::CliError;
use cs::{out, render};

#[derive(Debug, clap::Subcommand)]
pub enum Cmd {
    /// List every churn reason with its category, description and secondary reasons.
    #[command(
        after_help = "Examples:\n  cs churn-code list\n  cs churn-code list --format csv > churn-codes.csv"
    )]
    List,
    /// Find churn codes by category, reason or secondary reason (case-insensitive, best first).
    #[command(
        after_help = "Examples:\n  cs churn-code show 'too expensive'\n  cs churn-code show price --format json"
    )]
    Show {
        /// Words to look for, e.g. `pricing` or `Low Usage`.
        query: String,
    },
}

pub fn exec(ctx: &Ctx, cmd: &Cmd) -> Result<(), CliError> {
    let taxonomy = ctx.library.load(cs::playbook::CHURN_CODES)?;
    let taxonomy = cs::churn::Taxonomy::from_playbook(&taxonomy.playbook);
    match cmd {
        Cmd::List => {
            let format = ctx.format(
                &[Format::Text, Format::Json, Format::Csv],
                Format::Text,
                "churn-code list",
            )?;
            match format {
                Format::Json => out::data(&render::json_pretty(&taxonomy.reasons)?),
                Format::Csv => {
                    let mut w = csv::Writer::from_writer(Vec::new());
                    let fail = |e: csv::Error| CliError::internal(format!("cannot write CSV: {e}"));
                    w.write_record(["category", "reason", "description", "secondary_reasons"])
                        .map_err(fail)?;
                    for r in &taxonomy.reasons {
                        let secondary = match &r.free_text {
                            Some(f) => format!("({f}: free text)"),
                            None => r.secondary.join("; "),
                        };
                        w.write_record([&r.category, &r.reason, &r.description, &secondary])
                            .map_err(fail)?;
                    }
                    let bytes = w
                        .into_inner()
                        .map_err(|e| CliError::internal(e.to_string()))?;
                    out::data(&String::from_utf8_lossy(&bytes));
                }
                _ => {
                    let mut t = render::table();
                    t.set_header(vec![
                        "Category",
                        "Churn reason",
                        "Description",
                        "Secondary reasons",
                    ]);
                    for r in &taxonomy.reasons {
                        let secondary = match &r.free_text {
                            Some(f) => format!("{f} (free text)"),
                            None => r.secondary.join("\n"),
                        };
                        t.add_row(vec![
                            r.category.clone(),
                            r.reason.clone(),
                            r.description.clone(),
                            secondary,
                        ]);
                    }
                    out::line(&t.to_string());
                }
            }
            Ok(())
        }
        Cmd::Show { query } => {
            let format = ctx.format(
                &[Format::Text, Format::Json],
                Format::Text,
                "churn-code show",
            )?;
            let hits = taxonomy.search(query);
            if hits.is_empty() {
                return Err(CliError::user(format!("no churn code matches '{query}'."))
                    .with_hint("list them all with: cs churn-code list"));
            }
            if format == Format::Json {
                out::data(&render::json_pretty(&hits)?);
                return Ok(());
            }
            let mut text = String::new();
            for h in &hits {
                let r = h.reason;
                let title = match &h.secondary {
                    Some(sec) => format!("{sec} (a secondary reason of {})", r.reason),
                    None => format!("{} ({})", r.reason, r.category),
                };
                text.push_str(&format!("{title}\n"));
                text.push_str(&format!(
                    "  Escalation/Cancellation Reason: {}\n  Churn Reason: {}\n  Description: {}\n",
                    r.category, r.reason, r.description
                ));
                match &r.free_text {
                    Some(f) => text.push_str(&format!("  Secondary: {f} (free text)\n")),
                    None => text.push_str(&format!(
                        "  Secondary reasons: {}\n",
                        r.secondary.join(", ")
                    )),
                }
                text.push('\n');
            }
            out::data(text.trim_end_matches('\n'));
            out::data("\n");
            Ok(())
        }
    }
}
