//! YAML through serde-saphyr with one way of reporting its errors: where,
//! and what, in words a person can act on.

use serde_saphyr::Location;

/// The location and message of a YAML error, without the location repeated
/// in the text and with the parser's limits explained.
pub fn describe(e: &serde_saphyr::Error) -> (Location, String) {
    let loc = e.location().unwrap_or(Location::UNKNOWN);
    let plain = e.without_snippet().to_string();
    let mut msg = plain.as_str();
    let mut from = 0;
    while let Some(i) = msg[from..].find(" at line ") {
        let at = from + i;
        if msg[at + 9..].starts_with(|c: char| c.is_ascii_digit()) {
            msg = &msg[..at];
            break;
        }
        from = at + 9;
    }
    let msg = msg.replace(", set DuplicateKeyPolicy in Options if acceptable", "");
    // serde-saphyr names what it expected in parser terms.
    let msg = match msg.as_str() {
        "expected sequence start" => "expected a list".to_string(),
        "expected mapping start" => "expected a mapping (key: value lines)".to_string(),
        m if m.starts_with("invalid u") || m.starts_with("invalid i") => {
            format!("expected a whole number ({m})")
        }
        _ => msg,
    };
    let msg = if msg.contains("budget breached") {
        format!(
            "the document is too large or expands too far through YAML aliases ({}); cs refuses it",
            msg.trim_start_matches("budget breached: ")
        )
    } else if msg.contains("recursion limit exceeded") {
        "the document nests too deeply; cs refuses it".to_string()
    } else {
        msg
    };
    (loc, msg)
}
