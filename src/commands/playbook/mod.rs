//! `cs playbook`: list, show, lint, test, schema.

pub mod lint;
mod test;

use super::Ctx;
use super::Format;
use cs::error::Error;
use cs::playbook;
use cs::{out, render};
use serde::Serialize;
use std::path::PathBuf;

#[derive(Debug, clap::Subcommand)]
pub enum Cmd {
    /// List the playbooks in effect (built in, or overridden by --playbooks DIR).
    #[command(after_help = "Examples:\n  cs playbook list\n  cs playbook list --format json")]
    List,
    /// Print a playbook's fields as a table (--format yaml: the file as written; json: as cs reads it).
    #[command(
        after_help = "Examples:\n  cs playbook show escalation                 # the fields, as a table\n  cs playbook show escalation --form advance  # cs escalate advance's fields\n  cs playbook show escalation --format yaml   # the file as written\n  cs playbook show escalation --format json"
    )]
    Show {
        /// Playbook id, e.g. escalation.
        id: String,
        /// A form of the playbook run by a subcommand (advance, note, cadence for escalation): its fields.
        #[arg(long, value_name = "NAME")]
        form: Option<String>,
    },
    /// Check playbooks for structure and meaning; exit 1 on any error.
    #[command(
        after_help = "Findings read path:line:col: error|warning: message.\n\nExamples:\n  cs playbook lint\n  cs playbook lint playbooks/\n  cs playbook lint --format github playbooks/*.yaml"
    )]
    Lint {
        /// Files or directories of .yaml playbooks [default: the playbooks in effect].
        paths: Vec<PathBuf>,
    },
    /// Run answer fixtures and compare the plans they give with the expected ones; exit 1 on any difference.
    #[command(
        after_help = "A fixture is DIR/COMMAND/NAME.answers.yaml with the plan it must give beside it, \
DIR/COMMAND/NAME.plan.json (COMMAND: onboard, escalate, escalate-advance, escalate-note, \
escalate-cadence, transition, offboard). An onboard fixture may add NAME.escalation.yaml for \
O9's case. Plans are compared without their provenance. Fixtures are pinned to a date: \
pass --today (or set CS_TODAY).\n\nExamples:\n  cs --today 2026-11-20 playbook test playbooks/tests\n  \
cp -r playbooks org && cs --playbooks org/ --today 2026-11-20 playbook test org/tests\n  \
cs --playbooks org/ --today 2026-11-20 playbook test org/tests --bless"
    )]
    Test(test::Args),
    /// Print the JSON Schema of the playbook format.
    #[command(
        after_help = "Examples:\n  cs playbook schema > playbook.schema.json\n  cs playbook schema | diff - playbooks/playbook.schema.json   # the committed copy is current"
    )]
    Schema,
}

/// The JSON Schema of the playbook format, as committed in playbooks/playbook.schema.json.
pub fn schema_json() -> String {
    let mut json = cs::sops::playbook_schema();
    standard_formats(&mut json);
    serde_json::to_string_pretty(&json).unwrap_or_default() + "\n"
}

/// The formats JSON Schema defines (2020-12, 7.3); validators such as ajv
/// refuse others in strict mode.
const STANDARD_FORMATS: &[&str] = &[
    "date-time",
    "date",
    "time",
    "duration",
    "email",
    "idn-email",
    "hostname",
    "idn-hostname",
    "ipv4",
    "ipv6",
    "uri",
    "uri-reference",
    "iri",
    "iri-reference",
    "uuid",
    "uri-template",
    "json-pointer",
    "relative-json-pointer",
    "regex",
];

/// schemars names Rust's number types as formats (`uint32`, `double`): they
/// go, and an unsigned one says `minimum: 0` instead.
pub(crate) fn standard_formats(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(m) => {
            if let Some(f) = m.get("format").and_then(|f| f.as_str()).map(str::to_string)
                && !STANDARD_FORMATS.contains(&f.as_str())
            {
                m.remove("format");
                if f.starts_with("uint") && !m.contains_key("minimum") {
                    m.insert("minimum".into(), 0.into());
                }
            }
            m.values_mut().for_each(standard_formats);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(standard_formats),
        _ => {}
    }
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
        Cmd::Show { id, form } => {
            let format = ctx.format(
                &[Format::Text, Format::Json, Format::Yaml],
                Format::Text,
                "playbook show",
            )?;
            let loaded = ctx.library.load(id)?;
            match format {
                Format::Json => out::data(&render::json_pretty(&*loaded.playbook)?),
                Format::Yaml => out::data(&loaded.source.text),
                // A reference playbook (churn codes) has no fields: its file.
                _ if loaded.playbook.fields.is_empty() && form.is_none() => {
                    out::data(&loaded.source.text)
                }
                _ => {
                    let name = form.as_deref().unwrap_or("");
                    let Some(f) = loaded.playbook.form(name) else {
                        let forms: Vec<&str> =
                            loaded.playbook.forms.keys().map(String::as_str).collect();
                        return Err(Error::user(format!(
                            "the {id} playbook has no form '{name}'; its forms: {}.",
                            if forms.is_empty() {
                                "none".to_string()
                            } else {
                                forms.join(", ")
                            }
                        )));
                    };
                    out::data(&render::fields_table(&loaded.playbook, f))
                }
            }
        }
        Cmd::Schema => {
            ctx.format(&[Format::Json], Format::Json, "playbook schema")?;
            out::data(&schema_json())?;
            Ok(())
        }
        Cmd::Lint { paths } => lint::exec(ctx, paths),
        Cmd::Test(args) => test::exec(ctx, args),
    }
}
