//! `cs due --slack`: a TL's digest of the team's duties, posted to the
//! channel of SLACK_WEBHOOK_URL once a day. Exactly once through the
//! engine's ledger: the post is claimed under the ledger's lock by its
//! channel and day before it leaves, so a second run that day (or two at
//! once) posts nothing; a post whose answer was lost stays claimed, and is
//! not sent again. The PHI guard reads it before it leaves.

use super::{Item, State};
use crate::engine::ledger::{Claim, Ledger, Mark};
use crate::error::Error;
use crate::plan::Message;
use chrono::NaiveDate;
use indexmap::IndexMap;
use serde_json::{Value as Json, json};

/// The most items a CSM's section lists (the rest are counted): Block Kit
/// sections hold at most 3,000 characters.
const PER_CSM: usize = 8;

/// The most CSMs the digest names one by one (a message holds at most 50
/// blocks); the rest are counted in the last block.
const CSMS: usize = 40;

/// The digest of `items` on `on`: a header, the team's counts, and per
/// CSM what is late and due today (what is coming is counted).
pub fn message(items: &[Item], on: NaiveDate) -> Message {
    let count = |s: State, of: &[&Item]| of.iter().filter(|i| i.state == s).count();
    let all: Vec<&Item> = items.iter().collect();
    let day = crate::calendar::long_date(on);
    let mut text = format!(
        "What is due on {day}: {} late, {} due today, {} coming.",
        count(State::Late, &all),
        count(State::Today, &all),
        count(State::Upcoming, &all)
    );
    let mut blocks = vec![
        json!({"type": "header", "text": {"type": "plain_text", "text": crate::template::cut(&format!("What is due on {day}"), 150)}}),
        json!({"type": "section", "text": {"type": "mrkdwn", "text": crate::template::slack_text(&text)}}),
    ];
    let mut by_csm: IndexMap<&str, Vec<&Item>> = IndexMap::new();
    for i in items {
        by_csm.entry(i.csm.as_str()).or_default().push(i);
    }
    for (n, (csm, list)) in by_csm.iter().enumerate() {
        if n == CSMS {
            let rest = by_csm.len() - CSMS;
            blocks.push(json!({"type": "context", "elements": [{"type": "mrkdwn", "text": format!("and {rest} more CSM{} (cs due --team lists them all)", crate::out::plural(rest))}]}));
            break;
        }
        let mut lines = vec![format!(
            "*{}*: {} late, {} due today, {} coming",
            crate::template::slack_text(csm),
            count(State::Late, list),
            count(State::Today, list),
            count(State::Upcoming, list)
        )];
        let now: Vec<&&Item> = list.iter().filter(|i| i.state != State::Upcoming).collect();
        for i in now.iter().take(PER_CSM) {
            let when = match i.state {
                State::Late => format!(
                    "late {} day{}",
                    i.business_days_late,
                    crate::out::plural(i.business_days_late)
                ),
                _ => "today".to_string(),
            };
            lines.push(format!(
                "• [{}] {} ({when}): {}",
                i.rule,
                crate::template::slack_text(&i.account_name),
                crate::template::slack_text(&crate::template::cut(&i.what, 200))
            ));
        }
        if now.len() > PER_CSM {
            lines.push(format!("• and {} more", now.len() - PER_CSM));
        }
        text.push_str(&format!(
            "\n{csm}: {} late, {} due today",
            count(State::Late, list),
            count(State::Today, list)
        ));
        blocks.push(json!({"type": "section", "text": {"type": "mrkdwn", "text": crate::template::cut(&lines.join("\n"), 3000)}}));
    }
    Message {
        channel: "slack".into(),
        text: crate::template::cut(&text, 3000),
        blocks: Some(Json::Array(blocks)),
    }
}

/// The ledger key of the digest of `on` to the channel of `webhook` (its
/// URL's digest: the URL itself is a secret).
pub fn key(webhook: &str, on: NaiveDate) -> String {
    // `.../B0001/xyz` and `.../B0001/xyz/` are one channel.
    let webhook = webhook.trim().trim_end_matches('/');
    format!(
        "{}due-digest/{}/{}",
        crate::effect::SLACK_KEY,
        crate::digest::sha256_hex(webhook.as_bytes(), 16),
        on.format("%Y-%m-%d")
    )
}

/// What became of a digest.
#[derive(Debug)]
pub enum Posted {
    /// This run posted it.
    Now,
    /// A run had claimed it at this time: posted (true), or with no
    /// known outcome yet (false).
    Before(String, bool),
}

/// Posts `m` once for `key`: claimed in `ledger` first (another run's
/// claim or post means nothing is sent), settled with Slack's answer.
pub fn post_once(
    m: &Message,
    key: &str,
    ledger: &mut Ledger,
    webhook: &mut crate::slack::Webhook,
    http: &crate::salesforce::http::Http,
) -> Result<Posted, Error> {
    let journal = std::path::Path::new("cs-due-digest");
    if let Claim::Taken(s) = ledger.claim(key, journal, false)? {
        return Ok(Posted::Before(s.at, s.outcome.arrived()));
    }
    use crate::slack::PostError;
    match webhook.post(http, m) {
        Ok(()) => {
            ledger.settle(key, Mark::Sent, journal)?;
            Ok(Posted::Now)
        }
        Err(PostError::Unknown(why)) => {
            ledger.settle(key, Mark::Unknown, journal)?;
            Err(Error::remote(format!(
                "{why}; cs will not post today's digest again."
            )))
        }
        Err(e) => {
            // It did not leave: free for the next run.
            ledger.settle(key, Mark::Released, journal)?;
            Err(match e {
                PostError::Config(why) => Error::user(why),
                PostError::Remote(why) => Error::remote(why),
                PostError::Stop(e) => e,
                PostError::Interrupted => {
                    Error::interrupted("interrupted before the digest was posted.")
                }
                PostError::Unknown(_) => unreachable!("settled above"),
            })
        }
    }
}

/// The PHI guard on the digest: patient identifiers in what it would post
/// (a case number is not one; an account name or a note's text may hold
/// one) stop it before it leaves.
pub fn guard(m: &Message, guard: &crate::phi::Guard) -> Result<(), Error> {
    fn texts<'j>(v: &'j Json, out: &mut Vec<&'j str>) {
        match v {
            Json::String(s) => out.push(s),
            Json::Array(a) => a.iter().for_each(|x| texts(x, out)),
            Json::Object(o) => o.values().for_each(|x| texts(x, out)),
            _ => {}
        }
    }
    let mut all = vec![m.text.as_str()];
    if let Some(b) = &m.blocks {
        texts(b, &mut all);
    }
    let mut found: Vec<String> = Vec::new();
    for t in all {
        for f in guard.scan(t) {
            let what = format!(
                "{} ({})",
                f.kind.name(),
                crate::phi::masked(&t[f.start..f.end])
            );
            if !found.contains(&what) {
                found.push(what);
            }
        }
    }
    if found.is_empty() {
        return Ok(());
    }
    Err(Error::user(format!(
        "the digest would post patient data to Slack; nothing was posted:\n  {}",
        found.join("\n  ")
    ))
    .with_hint("correct the records that hold it in Salesforce (the account names, the duties' texts), then run again"))
}
