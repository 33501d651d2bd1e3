//! `cs due`: the SOP duties that are late, due today or coming, per CSM,
//! read from the org (or a snapshot). The duties and their evaluation are
//! `cs::due`'s; the playbooks declare them (`duties:`).

use super::{Ctx, Format};
use cs::due::{State, Whose, Window};
use cs::error::Error;
use cs::org::{Reader, Snapshot};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Each duty is a playbook's (`duties:`): the records it is about, when it is due (business days from a date of the record, or from the last N1 note of a notes field, or a weekday), the rule, what to do and the command that does it. The account's CSM (Customer_Success_Manager__c) is whose duty it is; days off are the calendar's (B1).\n\nReads one query per object for the whole book (a Bulk API query job above 2,000 records). Salesforce credentials as for cs submit.\n\nExamples:\n  cs due --team\n  cs due --csm maria@medtrainer.test --within 10\n  cs due --csm me --format ics > due.ics    # a calendar to subscribe to\n  cs due --csm maria@medtrainer.test --format json\n  cs due --org examples/book.json --on 2026-11-20 --format csv > due.csv\n  cs due --fail-on late              # exit 1 when anything is late (a scheduler's check)\n  cs due --team --slack --format json > /dev/null   # the TL's digest, once a day"
)]
pub struct Args {
    /// Only this CSM's duties: their name or email, or `me` (the Salesforce user cs logs in as).
    #[arg(long, value_name = "NAME|EMAIL|me", conflicts_with = "team")]
    pub csm: Option<String>,
    /// Every CSM's duties, grouped by CSM (the default).
    #[arg(long)]
    pub team: bool,
    /// The day to evaluate, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub on: Option<chrono::NaiveDate>,
    /// Also list what is due within this many business days after that day.
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub within: u32,
    /// Exit 1 when any duty is late (after printing them).
    #[arg(long, value_name = "STATE", value_parser = ["late"])]
    pub fail_on: Option<String>,
    /// Post the team's digest to the channel of SLACK_WEBHOOK_URL, once a day: a second run the same day posts nothing.
    #[arg(long, conflicts_with = "csm")]
    pub slack: bool,
    /// Read a snapshot taken with `cs org snapshot --due` instead of the org.
    #[arg(long, value_name = "FILE")]
    pub org: Option<PathBuf>,
}

fn parse_day(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("'{s}' is not a date; write YYYY-MM-DD"))
}

pub fn exec(ctx: &Ctx, args: &Args) -> Result<(), Error> {
    let format = ctx.format(
        &[Format::Text, Format::Json, Format::Csv, Format::Ics],
        Ctx::auto(),
        "due",
    )?;
    let loaded = ctx.library.load_all()?;
    let calendar = ctx.library.calendar()?;
    let window = Window {
        on: args.on.unwrap_or(ctx.today),
        within: args.within,
    };
    let is_me = args
        .csm
        .as_deref()
        .is_some_and(|c| c.trim().eq_ignore_ascii_case("me"));
    let mut whose = Whose {
        csm: args.csm.clone(),
    };
    let found = match &args.org {
        Some(path) => {
            if is_me {
                return Err(Error::usage(
                    "--csm me needs the org (the user cs logs in as); with a snapshot, name the CSM: --csm EMAIL.",
                ));
            }
            let mut snap = Snapshot::load(path)?;
            cs::due::run(&mut snap, &loaded, &calendar, window, &whose)?
        }
        None => super::org::with_org(
            "or read a snapshot: --org FILE (cs org snapshot --due)",
            |live| {
                if is_me {
                    let me = live
                        .sf
                        .whoami()
                        .map_err(cs::salesforce::Failure::into_error)?;
                    whose.csm = Some(me.name.unwrap_or(me.id));
                }
                let r: &mut dyn Reader = live;
                cs::due::run(r, &loaded, &calendar, window, &whose)
            },
        )?,
    };
    let items = &found.items;
    let text = match format {
        Format::Json => cs::render::json_pretty(&cs::due::Listing {
            on: window.on,
            within_business_days: window.within,
            items,
            records_read: &found.read,
        })?,
        Format::Csv => cs::due::csv(items)?,
        Format::Ics => {
            let whose = whose.csm.as_deref().unwrap_or("the team");
            cs::due::ics(items, &format!("cs due: {whose}"), window.on)
        }
        _ => cs::due::text(items, window.on),
    };
    cs::out::data(&text)?;
    if args.slack {
        digest(ctx, items, window.on)?;
    }
    let late = items.iter().filter(|i| i.state == State::Late).count();
    if args.fail_on.is_some() && late > 0 {
        return Err(Error::user(format!(
            "{late} dut{} late (--fail-on late).",
            if late == 1 { "y is" } else { "ies are" }
        )));
    }
    Ok(())
}

/// Posts the digest of `items` once for the day `on`.
fn digest(ctx: &Ctx, items: &[cs::due::Item], on: chrono::NaiveDate) -> Result<(), Error> {
    use cs::due::digest;
    let mut hook = cs::slack::Webhook::from_env(2)
        .map_err(Error::user)?
        .ok_or_else(|| {
            Error::user("--slack posts to the channel of SLACK_WEBHOOK_URL, which is not set; nothing was posted.")
                .with_hint("set SLACK_WEBHOOK_URL to the channel's incoming webhook")
        })?;
    let message = digest::message(items, on);
    cs::slack::check_limits([&message])?;
    digest::guard(&message, &cs::workflow::phi_guard(&ctx.library)?)?;
    let url = std::env::var("SLACK_WEBHOOK_URL").unwrap_or_default();
    let key = digest::key(&url, on);
    let http = cs::salesforce::http::Http::new(std::time::Duration::from_secs(30), false)
        .map_err(|e| Error::internal(format!("cannot build the HTTP client: {e}")))?;
    let mut ledger = cs::engine::ledger::Ledger::load()?;
    match digest::post_once(&message, &key, &mut ledger, &mut hook, &http)? {
        digest::Posted::Now => cs::out::note(&format!(
            "posted the digest of {} to the channel.",
            on.format("%Y-%m-%d")
        )),
        digest::Posted::Before(at, true) => cs::out::note(&format!(
            "the digest of {} was posted to this channel already ({at}); nothing was posted.",
            on.format("%Y-%m-%d")
        )),
        digest::Posted::Before(at, false) => cs::out::warn(&format!(
            "a run claimed the digest of {} for this channel at {at} and its post has no known outcome (still sending, or Slack's answer was lost): check the channel; nothing was posted",
            on.format("%Y-%m-%d")
        )),
    }
    Ok(())
}
