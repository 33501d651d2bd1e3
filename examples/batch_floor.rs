//! The same-output floor `cs transition batch` is measured against: one
//! thread, the csv crate, and hand-coded checks of the columns
//! `examples/gen_transitions.rs` writes, writing the same files as cs
//! (cs-ops.csv, owner-updates.csv, opportunity-updates.csv, outreach.csv,
//! errors.csv):
//! what the batch costs with no playbook, no generic field check and no
//! second thread. Every column the generated file holds is checked as the
//! playbook says (Ids, choices, counts, a yes or no, control characters).
//! One account in two rows is refused in both, as cs does:
//! a fingerprint of each row's account is kept in memory, and the file is
//! run again without them when one repeats. Usage: batch_floor IN.csv OUTDIR
use std::collections::HashSet;
use std::error::Error;
use std::fmt::Write as _;

/// Is `id` a record Id starting with `prefix`: 15 or 18 letters and digits,
/// an 18-character one ending with the case-safe suffix of the first 15?
fn id_of(id: &[u8], prefix: &[u8]) -> bool {
    if !(id.len() == 15 || id.len() == 18)
        || !id.iter().all(u8::is_ascii_alphanumeric)
        || !id.starts_with(prefix)
    {
        return false;
    }
    if id.len() == 15 {
        return true;
    }
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
    id[..15].chunks(5).zip(&id[15..]).all(|(chunk, c)| {
        let bits = chunk
            .iter()
            .enumerate()
            .filter(|(_, b)| b.is_ascii_uppercase())
            .fold(0usize, |a, (i, _)| a | (1 << i));
        ALPHABET[bits] == *c
    })
}

fn count(cell: &[u8]) -> Option<u64> {
    let t = cell.trim_ascii();
    if t.is_empty() {
        return Some(0);
    }
    std::str::from_utf8(t).ok()?.parse().ok()
}

/// A cell a spreadsheet would run is written with a leading `'`.
fn defused(cell: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    match cell.first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => {
            let mut v = Vec::with_capacity(cell.len() + 1);
            v.push(b'\'');
            v.extend_from_slice(cell);
            std::borrow::Cow::Owned(v)
        }
        _ => std::borrow::Cow::Borrowed(cell),
    }
}

/// The fingerprint of an account Id (its first 15 characters), as cs
/// takes it.
fn fingerprint(id: &[u8]) -> u64 {
    let key = std::str::from_utf8(&id[..15.min(id.len())]).unwrap_or_default();
    cs::batch::repeats::fingerprint(key)
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (input, dir) = match args.as_slice() {
        [_, i, o] => (i, std::path::PathBuf::from(o)),
        _ => return Err("usage: batch_floor IN.csv OUTDIR".into()),
    };
    std::fs::create_dir_all(&dir)?;
    let mut seen = run(input, &dir, &HashSet::new())?;
    seen.sort_unstable();
    let repeated: HashSet<u64> = seen
        .windows(2)
        .filter(|w| w[0] == w[1])
        .map(|w| w[0])
        .collect();
    if !repeated.is_empty() {
        run(input, &dir, &repeated)?;
    }
    Ok(())
}

/// Writes the files, refusing the rows whose account is in
/// `repeated`; returns the fingerprints of the rows' accounts.
fn run(
    input: &str,
    dir: &std::path::Path,
    repeated: &HashSet<u64>,
) -> Result<Vec<u64>, Box<dyn Error>> {
    let mut seen = Vec::new();
    let mut r = csv::ReaderBuilder::new()
        .buffer_capacity(256 * 1024)
        .from_path(input)?;
    let headers = r.byte_headers()?.clone();
    let col = |name: &str| headers.iter().position(|h| h == name.as_bytes());
    let need = |name: &str| col(name).ok_or(format!("no column {name}"));
    let (id, name, from, to) = (
        need("account_id")?,
        need("account_name")?,
        need("from_csm")?,
        need("to_csm")?,
    );
    let (reason, health) = (need("reason")?, need("health")?);
    let (opps, tasks, tickets) = (
        need("open_opps")?,
        need("pending_tasks")?,
        need("open_tickets")?,
    );
    let opp_ids = col("opportunity_ids");
    // The other columns the playbook checks: a yes or no, and counts.
    let replying = col("main_contact_replying");
    let counts: Vec<usize> = [
        "users_active",
        "users_paid",
        "providers_active",
        "providers_contracted",
    ]
    .iter()
    .filter_map(|c| col(c))
    .collect();
    let writer = |f: &str| {
        csv::WriterBuilder::new()
            .buffer_capacity(256 * 1024)
            .terminator(csv::Terminator::Any(b'\n'))
            .from_path(dir.join(f))
    };
    let mut ops = writer("cs-ops.csv")?;
    let mut owners = writer("owner-updates.csv")?;
    let mut moves = writer("opportunity-updates.csv")?;
    let mut errors = writer("errors.csv")?;
    // The generated rows name the new CSM by Id: no Outreach changes, and
    // outreach.csv is its header alone, as cs writes it.
    let mut outreach = writer("outreach.csv")?;
    outreach.write_record(cs::sops::transition::OUTREACH)?;
    // The same columns as cs's (the floor writes the same file).
    ops.write_record(cs::sops::transition::CS_OPS)?;
    owners.write_record([
        "Id",
        "Customer_Success_Manager__c",
        "CSM_Transition_Date__c",
    ])?;
    // T5: the day of the transition, today (CS_TODAY as cs reads it).
    let today = std::env::var("CS_TODAY")
        .ok()
        .filter(|t| !t.trim().is_empty())
        .map(|t| t.trim().chars().take(10).collect::<String>())
        .unwrap_or_else(|| {
            chrono::Local::now()
                .date_naive()
                .format("%Y-%m-%d")
                .to_string()
        });
    moves.write_record(["Id", "Customer_Success_Manager__c"])?;
    let mut header = vec!["line", "column", "error"];
    let names: Vec<String> = headers
        .iter()
        .map(|h| String::from_utf8_lossy(h).into_owned())
        .collect();
    header.extend(names.iter().map(String::as_str));
    errors.write_record(&header)?;
    let mut rec = csv::ByteRecord::new();
    let mut reasons = String::new();
    while r.read_byte_record(&mut rec)? {
        let line = rec.position().map_or(0, |p| p.line()).to_string();
        let mut bad: Option<(&str, &str)> = None;
        if rec
            .iter()
            .any(|c| c.iter().any(|&b| b < 0x20 && b != b'\t'))
        {
            bad = Some(("", "a control character"));
        }
        if !id_of(&rec[id], b"001") {
            bad = bad.or(Some(("account_id", "not an account Id")));
        } else {
            let f = fingerprint(&rec[id]);
            seen.push(f);
            if repeated.contains(&f) {
                bad = bad.or(Some(("account_id", "the account is in two rows")));
            }
        }
        if !id_of(&rec[to], b"005") {
            bad = bad.or(Some(("to_csm", "not a user Id")));
        }
        let reason_label = match &rec[reason] {
            b"leave" => "Leave",
            b"workload_balancing" => "Workload balancing",
            b"role_change" => "Position or job change",
            _ => {
                bad = bad.or(Some(("reason", "not a reason")));
                ""
            }
        };
        let (health_label, manual_health) = match &rec[health] {
            b"healthy" => ("Healthy", false),
            b"at_risk" => ("At risk", true),
            b"escalated" => ("Escalated", true),
            b"unresponsive" => ("Unresponsive", true),
            _ => {
                bad = bad.or(Some(("health", "not a health")));
                ("", false)
            }
        };
        let (o, t, k) = (count(&rec[opps]), count(&rec[tasks]), count(&rec[tickets]));
        if o.is_none() || t.is_none() || k.is_none() {
            bad = bad.or(Some(("open_opps", "not a number")));
        }
        if let Some(c) = replying {
            let v = rec[c].trim_ascii();
            let yes_no = [
                &b"yes"[..],
                b"y",
                b"true",
                b"1",
                b"on",
                b"no",
                b"n",
                b"false",
                b"0",
                b"off",
            ];
            if !v.is_empty() && !yes_no.iter().any(|w| v.eq_ignore_ascii_case(w)) {
                bad = bad.or(Some(("main_contact_replying", "not yes or no")));
            }
        }
        if counts.iter().any(|&c| count(&rec[c]).is_none()) {
            bad = bad.or(Some(("users_active", "not a number")));
        }
        let ids = opp_ids.map_or(&b""[..], |c| &rec[c]);
        let listed: Vec<&[u8]> = ids
            .split(|&b| b == b';')
            .map(<[u8]>::trim_ascii)
            .filter(|s| !s.is_empty())
            .collect();
        if listed.iter().any(|i| !id_of(i, b"006")) {
            bad = bad.or(Some(("opportunity_ids", "not an opportunity Id")));
        }
        if let Some((column, why)) = bad {
            let mut row: Vec<&[u8]> = vec![line.as_bytes(), column.as_bytes(), why.as_bytes()];
            row.extend(rec.iter());
            errors.write_record(row.iter().map(|c| defused(c)))?;
            continue;
        }
        // T3: opportunities listed by Id count whatever the count says.
        let (o, t, k) = (
            o.unwrap_or(0).max(listed.len() as u64),
            t.unwrap_or(0),
            k.unwrap_or(0),
        );
        reasons.clear();
        if o > 0 {
            let _ = write!(
                reasons,
                "{o} open sales opportunit{}",
                if o == 1 { "y" } else { "ies" }
            );
        }
        if t > 0 {
            let sep = if reasons.is_empty() { "" } else { "; " };
            let _ = write!(
                reasons,
                "{sep}{t} pending task{}",
                if t == 1 { "" } else { "s" }
            );
        }
        // T7, T8: an open ticket is a pending item.
        if k > 0 {
            let sep = if reasons.is_empty() { "" } else { "; " };
            let _ = write!(
                reasons,
                "{sep}{k} open ticket{}",
                if k == 1 { "" } else { "s" }
            );
        }
        if manual_health {
            let sep = if reasons.is_empty() { "" } else { "; " };
            let _ = write!(reasons, "{sep}health is {health_label}");
        }
        let manual = !reasons.is_empty();
        let o_text = o.to_string();
        let t_text = t.to_string();
        let k_text = k.to_string();
        let row: [&[u8]; 14] = [
            &rec[id],
            &rec[name],
            &rec[from],
            &rec[to],
            reason_label.as_bytes(),
            health_label.as_bytes(),
            o_text.as_bytes(),
            t_text.as_bytes(),
            k_text.as_bytes(),
            if manual { b"manual" } else { b"automated" },
            reasons.as_bytes(),
            if manual {
                b"Account Transition - Manual 3 - Pending Items (Invitation to a Call)"
            } else {
                b"Account Transition - Automated"
            },
            // closed_opportunities, subscriptions: the generated file has
            // no such columns.
            b"",
            b"",
        ];
        ops.write_record(row.iter().map(|c| defused(c)))?;
        owners.write_record([&rec[id], &rec[to], today.as_bytes()])?;
        for opp in listed {
            moves.write_record([opp, &rec[to]])?;
        }
    }
    for mut w in [ops, owners, moves, outreach, errors] {
        w.flush()?;
    }
    Ok(seen)
}
