//! Patient data a machine can recognize. MedTrainer's customers are
//! healthcare practices: a CSM pastes what a customer said into a note, and
//! a patient's identifiers must not go on to a Slack channel (which may
//! hold PHI only under a BAA) or into an email to the customer.
//!
//! The detectors cover the HIPAA Safe Harbor identifiers that a pattern can
//! catch: Social Security numbers (valid ranges), dates labelled as birth
//! dates, medical record and health plan numbers by their labels, phone and
//! fax numbers and email addresses inside free text, IP addresses, and the
//! NPI and DEA numbers by their check digits. Names, street addresses and
//! photos are beyond a pattern. Phone numbers and emails the playbooks
//! themselves print (MedTrainer support) are the organization's, not a
//! patient's, and are allowed.

use regex::Regex;
use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::LazyLock;

/// What a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Ssn,
    BirthDate,
    MedicalRecord,
    HealthPlan,
    Phone,
    Email,
    IpAddress,
    Npi,
    Dea,
}

impl Kind {
    /// As a message names it.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Ssn => "a Social Security number",
            Kind::BirthDate => "a date of birth",
            Kind::MedicalRecord => "a medical record number",
            Kind::HealthPlan => "a health plan member number",
            Kind::Phone => "a phone number",
            Kind::Email => "an email address",
            Kind::IpAddress => "an IP address",
            Kind::Npi => "an NPI number",
            Kind::Dea => "a DEA number",
        }
    }
}

/// An identifier found in a text: its kind and byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| panic!("bad built-in pattern {pattern}: {e}"))
}

static SSN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(\d{3})[- ](\d{2})[- ](\d{4})\b|(?i:\bSSN\b|social security(?: number| no\.?| #)?)[\s:#-]*(\d{9}|\d{3}[- ]\d{2}[- ]\d{4})\b",
    )
});
static BIRTH: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:dob|d\.o\.b\.?|date of birth|birth ?date|born(?: on)?)[\s:#-]*(\d{1,2}[/-]\d{1,2}[/-]\d{2,4}|\d{4}-\d{2}-\d{2}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4})",
    )
});
static MRN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:mrn|medical record(?: number| no\.?| #)?|chart(?: number| no\.?| #))[\s:#-]*([a-z0-9][a-z0-9-]{3,})",
    )
});
static PLAN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:member|subscriber|policy|medicaid|medicare|insurance)(?: id| number| no\.?| #)[\s:#-]*([a-z0-9][a-z0-9-]{4,})",
    )
});
static PHONE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\b\d{3}[\s.-]?)\d{3}[\s.-]?\d{4}\b"));
static EMAIL: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b"));
static IP: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\b"));
static TEN_DIGITS: LazyLock<Regex> = LazyLock::new(|| re(r"\b\d{10}\b"));
static DEA: LazyLock<Regex> = LazyLock::new(|| re(r"\b[A-Z][A-Z9]\d{7}\b"));

/// Finds identifiers in text, allowing the organization's own numbers and
/// addresses.
#[derive(Debug, Clone, Default)]
pub struct Guard {
    /// Digits of phone numbers, and lowercased emails, that are allowed.
    allowed: HashSet<String>,
}

impl Guard {
    /// A guard that allows the phone numbers and emails found in `texts`
    /// (the playbooks: what cs itself prints).
    pub fn allowing<'a>(texts: impl IntoIterator<Item = &'a str>) -> Self {
        let mut allowed = HashSet::new();
        for t in texts {
            for m in PHONE.find_iter(t) {
                allowed.insert(digits(m.as_str()));
            }
            for m in EMAIL.find_iter(t) {
                let email = m.as_str().to_lowercase();
                // The organization's domain: its staff write from it.
                if let Some((_, domain)) = email.split_once('@') {
                    allowed.insert(format!("@{domain}"));
                }
                allowed.insert(email);
            }
        }
        Self { allowed }
    }

    /// The identifiers in `text`, in order, none overlapping.
    pub fn scan(&self, text: &str) -> Vec<Finding> {
        let mut found: Vec<Finding> = Vec::new();
        let mut add = |kind, start, end| found.push(Finding { kind, start, end });
        for c in SSN.captures_iter(text) {
            // The number itself, not its label.
            let m = c.get(4).or_else(|| c.get(0)).map_or(0..0, |m| m.range());
            let valid = match (c.get(1), c.get(2), c.get(3)) {
                (Some(a), Some(g), Some(s)) => ssn_valid(a.as_str(), g.as_str(), s.as_str()),
                _ => true, // labelled
            };
            if valid {
                add(Kind::Ssn, m.start, m.end);
            }
        }
        for (r, kind) in [
            (&*BIRTH, Kind::BirthDate),
            (&*MRN, Kind::MedicalRecord),
            (&*PLAN, Kind::HealthPlan),
        ] {
            for c in r.captures_iter(text) {
                // A number: a label followed by a word is not one.
                if let Some(v) = c
                    .get(1)
                    .filter(|v| v.as_str().contains(|c: char| c.is_ascii_digit()))
                {
                    add(kind, v.start(), v.end());
                }
            }
        }
        for m in TEN_DIGITS.find_iter(text) {
            if npi_valid(m.as_str()) {
                add(Kind::Npi, m.start(), m.end());
            }
        }
        for m in DEA.find_iter(text) {
            if dea_valid(m.as_str()) {
                add(Kind::Dea, m.start(), m.end());
            }
        }
        for c in IP.captures_iter(text) {
            let octets = (1..=4).all(|i| c[i].parse::<u16>().is_ok_and(|n| n <= 255));
            if octets && let Some(m) = c.get(0) {
                add(Kind::IpAddress, m.start(), m.end());
            }
        }
        for m in PHONE.find_iter(text) {
            if !self.allowed.contains(&digits(m.as_str())) {
                add(Kind::Phone, m.start(), m.end());
            }
        }
        for m in EMAIL.find_iter(text) {
            let email = m.as_str().to_lowercase();
            let domain = email.split_once('@').map(|(_, d)| format!("@{d}"));
            if !self.allowed.contains(&email) && !domain.is_some_and(|d| self.allowed.contains(&d))
            {
                add(Kind::Email, m.start(), m.end());
            }
        }
        // The first detector to claim a span keeps it (an SSN is not also
        // a phone number).
        let mut kept: Vec<Finding> = Vec::new();
        for f in found {
            if !kept.iter().any(|k| f.start < k.end && k.start < f.end) {
                kept.push(f);
            }
        }
        kept.sort_by_key(|f| f.start);
        kept
    }

    /// `text` with every identifier masked.
    pub fn mask<'t>(&self, text: &'t str) -> Cow<'t, str> {
        let found = self.scan(text);
        if found.is_empty() {
            return Cow::Borrowed(text);
        }
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for f in &found {
            out.push_str(&text[at..f.start]);
            out.push_str(&masked(&text[f.start..f.end]));
            at = f.end;
        }
        out.push_str(&text[at..]);
        Cow::Owned(out)
    }
}

/// `value` masked: every letter and digit but the last two becomes `*`,
/// separators stay (`***-**-**89`).
pub fn masked(value: &str) -> String {
    let n = value.chars().filter(char::is_ascii_alphanumeric).count();
    let mut seen = 0;
    value
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                seen += 1;
                if seen + 2 > n { c } else { '*' }
            } else {
                c
            }
        })
        .collect()
}

fn digits(s: &str) -> String {
    let d: String = s.chars().filter(char::is_ascii_digit).collect();
    // +1 555 ... and 555 ... are the same number.
    match d.strip_prefix('1') {
        Some(rest) if rest.len() == 10 => rest.to_string(),
        _ => d,
    }
}

/// The SSA never issues area 000, 666 or 9xx, group 00 or serial 0000.
fn ssn_valid(area: &str, group: &str, serial: &str) -> bool {
    area != "000" && area != "666" && !area.starts_with('9') && group != "00" && serial != "0000"
}

/// An NPI: 10 digits starting with 1 or 2 whose last is the Luhn check
/// digit of `80840` and the first nine.
fn npi_valid(s: &str) -> bool {
    let d: Vec<u32> = s.chars().filter_map(|c| c.to_digit(10)).collect();
    if d.len() != 10 || !matches!(d[0], 1 | 2) {
        return false;
    }
    // Luhn over 80840 + the first nine digits, doubling from the right.
    let mut sum = 24; // the prefix 80840's share, as the NPI standard gives
    for (i, &x) in d[..9].iter().rev().enumerate() {
        let v = if i % 2 == 0 { x * 2 } else { x };
        sum += if v > 9 { v - 9 } else { v };
    }
    (10 - sum % 10) % 10 == d[9]
}

/// A DEA number: two letters and seven digits, the last the check digit
/// of (d1 + d3 + d5) + 2 * (d2 + d4 + d6).
fn dea_valid(s: &str) -> bool {
    let d: Vec<u32> = s.chars().skip(2).filter_map(|c| c.to_digit(10)).collect();
    if d.len() != 7 {
        return false;
    }
    let sum = d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5]);
    sum % 10 == d[6]
}

/// Does a record of `plan` link `value` as a Salesforce user?
fn names_a_user(plan: &crate::plan::Plan, value: &str) -> bool {
    plan.records.iter().any(|r| {
        r.links
            .values()
            .any(|l| l.sobject == "User" && l.value.eq_ignore_ascii_case(value))
    })
}

/// What the guard says of a plan: the free-text answers (notes, texts,
/// lists) that hold an identifier, and where it would go. One that would go
/// to a Slack message or a customer-facing draft stops the plan unless
/// `allow` (`--allow-phi`); one that goes to Salesforce only is a warning.
pub fn check_plan(
    guard: &Guard,
    fields: &[crate::playbook::model::Field],
    plan: &crate::plan::Plan,
    allow: bool,
) -> Result<Vec<String>, crate::error::Error> {
    use crate::playbook::model::FieldType;
    let mut warnings = Vec::new();
    let mut stops = Vec::new();
    for f in fields {
        if !matches!(
            f.kind.value,
            FieldType::Text | FieldType::Note | FieldType::List
        ) {
            continue;
        }
        let texts: Vec<&str> = match plan.answers.get(&f.key.value) {
            Some(serde_json::Value::String(s)) => vec![s.as_str()],
            Some(serde_json::Value::Array(items)) => {
                items.iter().filter_map(serde_json::Value::as_str).collect()
            }
            _ => continue,
        };
        for text in texts {
            for found in guard.scan(text) {
                let value = &text[found.start..found.end];
                // A Salesforce user the plan names (the new CSM, by email)
                // is staff, not a patient.
                if matches!(found.kind, Kind::Email | Kind::Phone) && names_a_user(plan, value) {
                    continue;
                }
                let what = format!("{}: {} ({})", f.key.value, found.kind.name(), masked(value));
                let slack: Vec<&str> = plan
                    .messages
                    .iter()
                    .filter(|m| {
                        m.text.contains(value)
                            || m.blocks
                                .as_ref()
                                .is_some_and(|b| b.to_string().contains(value))
                    })
                    .map(|m| m.channel.as_str())
                    .collect();
                let drafts: Vec<&str> = plan
                    .drafts
                    .iter()
                    .filter(|d| {
                        d.customer_facing
                            && (d.body.contains(value)
                                || d.subject.as_deref().is_some_and(|s| s.contains(value)))
                    })
                    .map(|d| d.template.as_str())
                    .collect();
                let mut places: Vec<String> = slack
                    .iter()
                    .map(|c| format!("the Slack message to {c}"))
                    .collect();
                places.extend(drafts.iter().map(|t| format!("the customer email '{t}'")));
                if !places.is_empty() {
                    let line = format!("{what} would go to {}", places.join(" and "));
                    if allow {
                        warnings.push(format!("{line} (--allow-phi)"));
                    } else {
                        stops.push(line);
                    }
                } else if plan
                    .records
                    .iter()
                    .any(|r| r.fields.values().any(|v| v.to_string().contains(value)))
                {
                    warnings.push(format!(
                        "{what} goes to Salesforce; keep patient data out of account notes unless your org allows it"
                    ));
                }
            }
        }
    }
    if stops.is_empty() {
        return Ok(warnings);
    }
    Err(crate::error::Error::user(format!(
        "the plan would send patient data where it may not go; nothing was written:\n  {}",
        stops.join("\n  ")
    ))
    .with_hint(
        "remove the identifier from the answer; pass --allow-phi only if the channel or recipient may receive patient data (a BAA covers it)",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The support line and address the playbooks print.
    fn guard() -> Guard {
        Guard::allowing([
            "Relevant links: https://support.medtrainer.com/ (support@medtrainer.com, 844.596.6553, 7:00 AM to 7:00 PM CST)",
        ])
    }

    /// (text, the kinds expected, in order). True positives of each kind,
    /// and the false positives a CSM's notes are full of.
    const CASES: &[(&str, &[Kind])] = &[
        // Social Security numbers.
        ("Patient SSN 123-45-6789 called", &[Kind::Ssn]),
        ("ssn: 123456789", &[Kind::Ssn]),
        ("her social security number is 078 05 1120", &[Kind::Ssn]),
        ("SS# on file: 219-09-9999", &[Kind::Ssn]),
        ("000-12-3456 is not issued", &[]),
        ("666-12-3456 is not issued", &[]),
        ("912-12-3456 is not issued", &[]),
        ("123-00-4567 has no group", &[]),
        // Dates of birth, by their label only.
        ("DOB 04/12/1987", &[Kind::BirthDate]),
        ("d.o.b.: 1987-04-12", &[Kind::BirthDate]),
        ("date of birth March 3, 1990", &[Kind::BirthDate]),
        ("born on 12-1-65 in Ohio", &[Kind::BirthDate]),
        ("Birthdate: 7/4/01", &[Kind::BirthDate]),
        ("11/20/26_MM:Customer asked to cancel", &[]),
        ("DOS 11/20/2026, claim denied", &[]),
        ("training on 2026-12-01 and 12/03/26", &[]),
        // Medical record and health plan numbers, by their labels.
        ("MRN 00482913", &[Kind::MedicalRecord]),
        ("medical record #A-44321", &[Kind::MedicalRecord]),
        ("chart no. 55123", &[Kind::MedicalRecord]),
        ("Member ID: XJH448812931", &[Kind::HealthPlan]),
        ("medicaid number 12345678A", &[Kind::HealthPlan]),
        ("policy # 99-1234567", &[Kind::HealthPlan]),
        ("case 00012345 escalated", &[]),
        ("Case number 500Dn00000A1b2c", &[]),
        ("membership renewal for 12 users", &[]),
        // Phones and emails in free text.
        ("call her at (555) 201-8833", &[Kind::Phone]),
        ("cell 555.201.8833 after 5", &[Kind::Phone]),
        ("+1 555 201 8833", &[Kind::Phone]),
        ("fax 5552018834", &[Kind::Phone]),
        ("patient email jane.doe@gmail.com", &[Kind::Email]),
        ("support is 844.596.6553", &[]),
        ("Support: 1-844-596-6553", &[]),
        ("write to support@medtrainer.com", &[]),
        ("cc maria.lopez@medtrainer.com on it", &[]),
        ("MRR is $1,250.50 for 80 users", &[]),
        ("Opportunity 006Dn000004ABCD renews", &[]),
        // IP addresses.
        ("logged in from 192.168.10.24", &[Kind::IpAddress]),
        ("version 10.2.3 released", &[]),
        ("999.1.1.1 is not an address", &[]),
        // NPI and DEA by check digit.
        ("provider NPI 1234567893", &[Kind::Npi]),
        ("NPI 1234567890 is mistyped", &[Kind::Phone]),
        ("DEA AB1234563 on the script", &[Kind::Dea]),
        ("DEA AB1234567 fails its check", &[]),
        ("Ticket CS1234567", &[]),
        // More than one.
        (
            "Jane, DOB 01/02/1980, MRN 7788123, 555-201-8833",
            &[Kind::BirthDate, Kind::MedicalRecord, Kind::Phone],
        ),
        ("nothing to see: Learning and Compliance", &[]),
    ];

    #[test]
    fn the_detectors_find_identifiers_and_leave_everyday_notes_alone() {
        assert!(CASES.len() >= 40, "{}", CASES.len());
        let g = guard();
        for (text, want) in CASES {
            let got: Vec<Kind> = g.scan(text).iter().map(|f| f.kind).collect();
            assert_eq!(&got, want, "{text}");
        }
    }

    #[test]
    fn masking_keeps_the_shape_and_the_last_two() {
        let g = guard();
        assert_eq!(g.mask("SSN 123-45-6789 ok"), "SSN ***-**-**89 ok");
        assert_eq!(g.mask("DOB 04/12/1987"), "DOB **/**/**87");
        assert_eq!(
            g.mask("write jane.doe@gmail.com"),
            "write ****.***@*****.*om"
        );
        assert_eq!(g.mask("support 844.596.6553"), "support 844.596.6553");
    }

    #[test]
    fn check_digits_are_those_of_the_standards() {
        // CMS's example NPI; the DEA example of the DEA's own guidance shape.
        assert!(npi_valid("1234567893"));
        assert!(!npi_valid("1234567890"));
        assert!(dea_valid("AB1234563"));
        assert!(!dea_valid("AB1234564"));
    }
}
