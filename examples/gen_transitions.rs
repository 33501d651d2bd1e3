//! Writes a transition batch CSV of N rows to stdout, the same every time:
//! every column of `cs transition` (with the Ids of the open opportunities),
//! a mix of routes, and one bad row in a thousand. Usage: gen_transitions N > accounts.csv
use std::io::{BufWriter, Write};

fn main() -> std::io::Result<()> {
    let n: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let out = std::io::stdout();
    let mut w = BufWriter::with_capacity(256 * 1024, out.lock());
    writeln!(
        w,
        "account_id,account_name,from_csm,to_csm,reason,health,open_opps,pending_tasks,open_tickets,main_contact_replying,users_active,users_paid,providers_active,providers_contracted,recent_notes,opportunity_ids"
    )?;
    let health = [
        "healthy",
        "healthy",
        "healthy",
        "at_risk",
        "escalated",
        "unresponsive",
    ];
    let reason = ["leave", "workload_balancing", "role_change"];
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    for i in 0..n {
        // xorshift: deterministic, no dependency.
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let h = health[(x % 6) as usize];
        let opps = if x.is_multiple_of(7) { 1 + x % 3 } else { 0 };
        let tasks = if x.is_multiple_of(11) { 1 + x % 4 } else { 0 };
        let users = 10 + x % 200;
        let paid = if x.is_multiple_of(5) {
            users + 5
        } else {
            users
        };
        let bad = i % 1000 == 999;
        // T6: the Ids of the open opportunities, ';'-separated.
        let ids: Vec<String> = (0..opps).map(|k| format!("006{i:011}{k}")).collect();
        writeln!(
            w,
            "001{i:012},\"Clinic {i}, Inc.\",Maria Moreno,005000000000002AAA,{},{},{},{},{},{},{},{},{},{},\"{}\",{}",
            reason[(x % 3) as usize],
            if bad { "sick" } else { h },
            opps,
            tasks,
            x % 3,
            if x.is_multiple_of(2) { "yes" } else { "no" },
            users,
            paid,
            x % 20,
            x % 20,
            if x.is_multiple_of(4) {
                "Asked about \"\"SSO\"\", call back"
            } else {
                ""
            },
            ids.join(";"),
        )?;
    }
    w.flush()
}
