//! `cs churn-code`: the E2 taxonomy, listed or searched.

use super::Ctx;
use super::Format;
use cs::error::Error;
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

pub fn exec(ctx: &Ctx, cmd: &Cmd) -> Result<(), Error> {
    let taxonomy = ctx.library.load(cs::playbook::CHURN_CODES)?;
    let taxonomy = cs::churn::Taxonomy::from_playbook(&taxonomy.playbook);
    match cmd {
        Cmd::List => {
            let format = ctx.format(
                &[Format::Text, Format::Json, Format::Csv],
                Format::Text,
                "churn-code list",
            )?;
            out::data(&match format {
                Format::Json => render::json_pretty(&taxonomy.reasons)?,
                Format::Csv => render::churn_csv(&taxonomy)?,
                _ => render::churn_table(&taxonomy),
            })?;
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
                return Err(Error::user(format!("no churn code matches '{query}'."))
                    .with_hint("list them all with: cs churn-code list"));
            }
            if format == Format::Json {
                out::data(&render::json_pretty(&hits)?)?;
                return Ok(());
            }
            out::data(&render::churn_matches(&hits))?;
            Ok(())
        }
    }
}
