//! `cs playbook test DIR`: answer fixtures run against the playbooks in
//! effect, each plan compared with the one expected.

use super::super::{Ctx, Format};
use cs::error::Error;
use cs::fixtures::{self, Status};
use cs::out;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The fixtures: COMMAND/NAME.answers.yaml with COMMAND/NAME.plan.json.
    pub dir: PathBuf,
    /// Write the plans the answers give now as the expected ones.
    #[arg(long)]
    pub bless: bool,
}

pub fn exec(ctx: &Ctx, args: &Args) -> Result<(), Error> {
    ctx.format(&[Format::Text], Format::Text, "playbook test")?;
    let Some(today) = ctx.today_given else {
        return Err(
            Error::user("fixtures are pinned to a date, and none was given.").with_hint(format!(
                "pass the date the fixtures were made on: cs --today YYYY-MM-DD playbook test {}",
                args.dir.display()
            )),
        );
    };
    let outcomes = fixtures::run(&ctx.library, &args.dir, today, args.bless)?;
    let mut failed = 0;
    for o in &outcomes {
        match &o.status {
            Status::Passed => out::line(&format!("ok       {}", o.name))?,
            Status::Blessed => out::line(&format!("blessed  {}", o.name))?,
            Status::Missing => {
                failed += 1;
                out::line(&format!(
                    "missing  {}: no expected plan; write it with --bless",
                    o.name
                ))?;
            }
            Status::Refused(why) => {
                failed += 1;
                out::line(&format!("refused  {}: {why}", o.name))?;
            }
            Status::Differs(diff) => {
                failed += 1;
                out::line(&format!("differs  {}", o.name))?;
                out::data(diff)?;
            }
        }
    }
    let n = outcomes.len();
    if args.bless {
        out::note(&format!(
            "{n} fixture{}: {} expected plan{} written, {failed} refused.",
            out::plural(n),
            n - failed,
            out::plural(n - failed)
        ));
        return if failed > 0 {
            Err(Error::user(
                "some fixtures were refused; fix their answers.",
            ))
        } else {
            Ok(())
        };
    }
    let summary = format!(
        "{n} fixture{}: {} as expected, {failed} not.",
        out::plural(n),
        n - failed
    );
    if failed > 0 {
        // The command that accepts them is this one: the same playbooks.
        let playbooks = ctx
            .library
            .dir
            .as_ref()
            .map_or(String::new(), |d| format!(" --playbooks {}", d.display()));
        return Err(Error::user(summary).with_hint(format!(
            "if the new plans are right, accept them with: cs{playbooks} --today {today} playbook test {} --bless",
            args.dir.display()
        )));
    }
    out::note(&summary);
    Ok(())
}
