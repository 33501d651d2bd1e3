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

use regex::{Regex, RegexBuilder};
use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::{LazyLock, OnceLock};

mod plan;
mod wake;
pub use plan::{check_plan, check_sending};
use wake::candidates;

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
            Kind::MedicalRecord => "a medical record number or patient ID",
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

/// The months, as people write them in a date.
const MONTH: &str = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

/// The detectors, in the order they claim a span: (kind, pattern). The
/// patterns read text as [`normalized`] leaves it (ASCII spaces, dashes,
/// `@` and digits) and in lower case, with ASCII classes: `\d`, `\s` and
/// `\b` need no Unicode tables, and no case-insensitive alternation
/// multiplies the literals the compiler extracts, which keeps them quick
/// to compile.
fn patterns() -> Vec<(Kind, String)> {
    // Between an SSN's groups: one or two dashes, dots, slashes,
    // underscores or commas, spaced or not, or spaces.
    let sep = r"(?:\s*[-./_,]{1,2}\s*|\s+)";
    let date = format!(
        r"(\d{{1,2}}\s*[/.-]\s*\d{{1,2}}\s*[/.-]\s*\d{{2,4}}|\d{{4}}\s*[/.-]\s*\d{{1,2}}\s*[/.-]\s*\d{{1,2}}|\d{{8}}|\d{{1,2}}[\s-]+{MONTH}\.?[\s-]+\d{{2,4}}|{MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}\.?,?\s+\d{{4}})"
    );
    vec![
        (
            Kind::Ssn,
            format!(
                r"\b(\d{{3}}){sep}(\d{{2}}){sep}(\d{{4}})(?:(?u:[^0-9])|$)|(?:\bssn\b|\bss\s?#|social\s+security(?:\s+number|\s+no\.?|\s*#)?)[\s:#-]*(\d{{9}}|\d{{3}}{sep}\d{{2}}{sep}\d{{4}}|(?:\d[\s.-]){{8}}\d)(?:(?u:[^0-9])|$)"
            ),
        ),
        (
            Kind::BirthDate,
            format!(
                r"\b(?:dob|d\.o\.b\.?|date[\s-]+of[\s-]+birth|birth[\s-]?date|birthday|b-?day|born(?:\s+on)?|b\.)(?:\s+(?:is|was|of|on))?[\s:#-]*{date}"
            ),
        ),
        (
            Kind::MedicalRecord,
            r"\b(?:mrn|mr\s?#|mr\s?no\.?|mr\s+number|medical\s+record(?:\s+number|\s+no\.?|\s*#)?|chart\s*(?:number|no\.?|#)|patient\s*(?:id|#|no\.?|number|identifier)|pt\.?\s*(?:id|#))[\s:#-]*([a-z0-9][a-z0-9-]{3,})".into(),
        ),
        (
            Kind::HealthPlan,
            r"\b(?:member|subscriber|policy|medicaid|medicare|insurance)(?:\s+id|\s+number|\s+no\.?|\s*#)[\s:#-]*([a-z0-9][a-z0-9-]{4,})".into(),
        ),
        (Kind::Npi, r"\b\d{10}\b".into()),
        // Confirmed in the text's own case by DEA_EXACT.
        (Kind::Dea, r"\b[a-z][a-z9]\d{7}\b".into()),
        (
            Kind::IpAddress,
            r"\b(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\b".into(),
        ),
        (
            Kind::Phone,
            r"(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\b\d{3}[\s.-]?)\d{3}[\s.-]?\d{4}\b".into(),
        ),
        (
            Kind::Email,
            r"\b[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b".into(),
        ),
        // Written so a machine would not see it: `jane(at)gmail.com`,
        // `jane [at] gmail [dot] com`, `jane at gmail dot com`.
        (
            Kind::Email,
            r"\b[a-z0-9._%+-]+\s*[(\[{]at[)\]}]\s*[a-z0-9-]+(?:(?:\.|\s*[(\[{]dot[)\]}]\s*)[a-z0-9-]+)*(?:\.|\s*[(\[{]dot[)\]}]\s*)[a-z]{2,}\b".into(),
        ),
        (
            Kind::Email,
            r"\b[a-z0-9._%+-]+\s+at\s+[a-z0-9-]+(?:\s+dot\s+[a-z0-9-]+)*\s+dot\s+(?:com|org|net|edu|gov|us|io|co|info|biz)\b".into(),
        ),
    ]
}

static PATTERNS: LazyLock<Vec<(Kind, String)>> = LazyLock::new(patterns);

/// A DEA number is two capital letters and seven digits.
static DEA_EXACT: LazyLock<Regex> = LazyLock::new(|| {
    RegexBuilder::new(r"^[A-Z][A-Z9]\d{7}$")
        .unicode(false)
        .build()
        .unwrap_or_else(|e| panic!("the built-in DEA pattern: {e}"))
});

/// Each detector, compiled on first use.
static EACH: LazyLock<Vec<OnceLock<Regex>>> =
    LazyLock::new(|| PATTERNS.iter().map(|_| OnceLock::new()).collect());

fn compiled(i: usize) -> &'static Regex {
    EACH[i].get_or_init(|| {
        RegexBuilder::new(&PATTERNS[i].1)
            .unicode(false)
            .build()
            .unwrap_or_else(|e| panic!("the built-in pattern {}: {e}", PATTERNS[i].1))
    })
}

fn detector(kind: Kind) -> &'static Regex {
    let i = PATTERNS
        .iter()
        .position(|(k, _)| *k == kind)
        .expect("a detector of every kind");
    compiled(i)
}

/// Zero-width and invisible characters people and editors put between
/// digits.
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{180E}'
    )
}

/// `c` as the detectors read it: look-alike spaces, dashes, `@`, dots and
/// fullwidth letters and digits in their ASCII form.
fn plain(c: char) -> Option<char> {
    Some(match c {
        '\t'
        | '\u{00A0}'
        | '\u{1680}'
        | '\u{2000}'..='\u{200A}'
        | '\u{202F}'
        | '\u{205F}'
        | '\u{3000}' => ' ',
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{2043}' => '-',
        '\u{FE6B}' => '@',
        '\u{2024}' | '\u{FE52}' | '\u{00B7}' | '\u{2027}' | '\u{30FB}' => '.',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0)?,
        c => return digit(c),
    })
}

/// A digit of another script or style (mathematical, superscript,
/// subscript, Arabic-Indic, Devanagari, ...) as its ASCII digit.
fn digit(c: char) -> Option<char> {
    let n = c as u32;
    let value = match n {
        0x1D7CE..=0x1D7FF => (n - 0x1D7CE) % 10,
        0x00B9 => 1,
        0x00B2 => 2,
        0x00B3 => 3,
        0x2070 => 0,
        0x2074..=0x2079 => n - 0x2070,
        0x2080..=0x2089 => n - 0x2080,
        0x0660..=0x0669 => n - 0x0660,
        0x06F0..=0x06F9 => n - 0x06F0,
        0x0966..=0x096F => n - 0x0966,
        0x09E6..=0x09EF => n - 0x09E6,
        0x2460..=0x2468 => n - 0x2460 + 1,
        _ => return None,
    };
    char::from_digit(value, 10)
}

/// `text` as the detectors read it, and for each of its bytes the offset of
/// the character of `text` it came from (one more entry: the end).
/// Invisible characters are dropped, or, with `invisible_as_space`, read
/// as spaces (a zero-width space may stand where a dash was).
fn normalized(text: &str, invisible_as_space: bool) -> (Cow<'_, str>, Vec<usize>) {
    let plain_already = text.is_ascii() && !text.contains('\t');
    if plain_already {
        return (Cow::Borrowed(text), Vec::new());
    }
    let mut out = String::with_capacity(text.len());
    let mut at = Vec::with_capacity(text.len() + 1);
    for (i, c) in text.char_indices() {
        let c = if invisible(c) {
            if !invisible_as_space {
                continue;
            }
            ' '
        } else {
            plain(c).unwrap_or(c)
        };
        let before = out.len();
        out.push(c);
        at.extend(std::iter::repeat_n(i, out.len() - before));
    }
    at.push(text.len());
    (Cow::Owned(out), at)
}

/// Finds identifiers in text, allowing the organization's own numbers and
/// addresses.
#[derive(Debug, Clone, Default)]
pub struct Guard {
    /// The texts whose phone numbers and emails are allowed (the
    /// playbooks); read only when a text holds a phone number or an email,
    /// which most plans' texts do not.
    texts: Vec<Cow<'static, str>>,
    /// Digits of phone numbers, and lowercased emails, that are allowed.
    allowed: OnceLock<HashSet<String>>,
}

impl Guard {
    /// A guard that allows the phone numbers and emails found in `texts`
    /// (the playbooks: what cs itself prints).
    pub fn allowing<T: Into<Cow<'static, str>>>(texts: impl IntoIterator<Item = T>) -> Self {
        Self {
            texts: texts.into_iter().map(Into::into).collect(),
            allowed: OnceLock::new(),
        }
    }

    fn allowed(&self) -> &HashSet<String> {
        self.allowed.get_or_init(|| {
            let mut allowed = HashSet::new();
            for t in &self.texts {
                let t = &t.to_ascii_lowercase();
                for m in detector(Kind::Phone).find_iter(t) {
                    allowed.insert(digits(m.as_str()));
                }
                for m in detector(Kind::Email).find_iter(t) {
                    let email = m.as_str().to_string();
                    // The organization's domain: its staff write from it.
                    if let Some((_, domain)) = email.split_once('@') {
                        allowed.insert(format!("@{domain}"));
                    }
                    allowed.insert(email);
                }
            }
            allowed
        })
    }

    /// The identifiers in `text`, in order, none overlapping: read with
    /// look-alike characters in their ASCII form, invisible ones dropped
    /// and, where there are any, read again as spaces.
    pub fn scan(&self, text: &str) -> Vec<Finding> {
        let mut found = self.scan_as(text, false);
        if text.chars().any(invisible) {
            found.extend(self.scan_as(text, true));
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

    fn scan_as(&self, text: &str, invisible_as_space: bool) -> Vec<Finding> {
        let (norm, at) = normalized(text, invisible_as_space);
        // ASCII lower case keeps every byte where it was.
        let lower = norm.to_ascii_lowercase();
        let hits = candidates(&lower);
        if hits.is_empty() {
            return Vec::new();
        }
        // Back to `text`'s offsets.
        let span = |r: std::ops::Range<usize>| {
            if at.is_empty() {
                r
            } else {
                at[r.start]..at[r.end]
            }
        };
        let mut found: Vec<Finding> = Vec::new();
        let mut add = |kind, r: std::ops::Range<usize>| {
            let r = span(r);
            found.push(Finding {
                kind,
                start: r.start,
                end: r.end,
            })
        };
        for i in hits {
            let kind = PATTERNS[i].0;
            let re = compiled(i);
            match kind {
                Kind::Ssn => {
                    for c in re.captures_iter(&lower) {
                        // The number itself, not its label nor the
                        // character after it.
                        let m = match (c.get(1), c.get(3), c.get(4)) {
                            (_, _, Some(v)) => v.range(),
                            (Some(a), Some(z), None) => a.start()..z.end(),
                            _ => continue,
                        };
                        let valid = match (c.get(1), c.get(2), c.get(3)) {
                            (Some(a), Some(g), Some(s)) => {
                                ssn_valid(a.as_str(), g.as_str(), s.as_str())
                            }
                            _ => true, // labelled
                        };
                        if valid {
                            add(kind, m);
                        }
                    }
                }
                Kind::BirthDate | Kind::MedicalRecord | Kind::HealthPlan => {
                    for c in re.captures_iter(&lower) {
                        // A number: a label followed by a word is not one.
                        if let Some(v) = c
                            .get(1)
                            .filter(|v| v.as_str().contains(|c: char| c.is_ascii_digit()))
                        {
                            add(kind, v.range());
                        }
                    }
                }
                Kind::Npi => {
                    for m in re.find_iter(&lower).filter(|m| npi_valid(m.as_str())) {
                        add(kind, m.range());
                    }
                }
                Kind::Dea => {
                    for m in re.find_iter(&lower) {
                        let exact = &norm[m.range()];
                        if DEA_EXACT.is_match(exact) && dea_valid(exact) {
                            add(kind, m.range());
                        }
                    }
                }
                Kind::IpAddress => {
                    for c in re.captures_iter(&lower) {
                        let octets = (1..=4).all(|i| c[i].parse::<u16>().is_ok_and(|n| n <= 255));
                        // A URL's host is a server, not a patient's address.
                        if octets
                            && let Some(m) = c.get(0)
                            && !lower[..m.start()].ends_with("://")
                        {
                            add(kind, m.range());
                        }
                    }
                }
                Kind::Phone => {
                    for m in re.find_iter(&lower) {
                        if !self.allowed().contains(&digits(m.as_str())) {
                            add(kind, m.range());
                        }
                    }
                }
                Kind::Email => {
                    for m in re.find_iter(&lower) {
                        let email = plain_email(m.as_str());
                        let domain = email.split_once('@').map(|(_, d)| format!("@{d}"));
                        if !self.allowed().contains(&email)
                            && !domain.is_some_and(|d| self.allowed().contains(&d))
                        {
                            add(kind, m.range());
                        }
                    }
                }
            }
        }
        found
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

/// An email however it was written (`jane [at] gmail [dot] com`), as an
/// address: for the organization's own, which are allowed.
fn plain_email(text: &str) -> String {
    let mut s = text.to_lowercase();
    for (from, to) in [
        ("(at)", "@"),
        ("[at]", "@"),
        ("{at}", "@"),
        ("(dot)", "."),
        ("[dot]", "."),
        ("{dot}", "."),
        (" at ", "@"),
        (" dot ", "."),
    ] {
        s = s.replace(from, to);
    }
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// `value` masked: every letter and digit but the last two becomes `*`,
/// separators stay (`***-**-**89`).
pub fn masked(value: &str) -> String {
    let n = value.chars().filter(|c| c.is_alphanumeric()).count();
    let mut seen = 0;
    value
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
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
        // The disguises people and editors use (#30): look-alike spaces
        // and dashes, invisible characters, dots, other date forms and
        // labels, a fullwidth at sign.
        ("SSN 123\u{a0}45\u{a0}6789", &[Kind::Ssn]),
        ("her number 123\u{2013}45\u{2013}6789", &[Kind::Ssn]),
        ("123\u{2011}45\u{2011}6789 on file", &[Kind::Ssn]),
        ("123-45-\u{200b}6789", &[Kind::Ssn]),
        ("123\u{200b}45\u{200b}6789", &[Kind::Ssn]),
        ("ssn 123.45.6789", &[Kind::Ssn]),
        ("\u{ff11}\u{ff12}\u{ff13}-45-6789", &[Kind::Ssn]),
        ("birthday 04/12/1987", &[Kind::BirthDate]),
        ("DOB 04.12.1987", &[Kind::BirthDate]),
        ("DOB 12 April 1987", &[Kind::BirthDate]),
        ("dob is 12th of April, 1987", &[Kind::BirthDate]),
        ("patient ID 00482913", &[Kind::MedicalRecord]),
        ("MR# 00482913", &[Kind::MedicalRecord]),
        ("pt# 00482913", &[Kind::MedicalRecord]),
        ("write to jane.doe\u{ff20}gmail.com", &[Kind::Email]),
        ("patient portal is down", &[]),
        ("Renewal on 12 April 2027 for 40 users", &[]),
        ("version 1.2.3 and 123.45 USD", &[]),
        ("the org at https://10.0.0.12/lightning is a server", &[]),
        // What an outside try got through (#30): more separators and
        // look-alike digits, more birth-date forms, spelled-out emails.
        ("SSN 123/45/6789", &[Kind::Ssn]),
        ("SSN 123_45_6789", &[Kind::Ssn]),
        ("SSN 123--45--6789", &[Kind::Ssn]),
        ("SSN 123,45,6789", &[Kind::Ssn]),
        ("SSN 123\u{b7}45\u{b7}6789", &[Kind::Ssn]),
        ("SSN 1 2 3 4 5 6 7 8 9", &[Kind::Ssn]),
        ("SSN 123-45-6789x", &[Kind::Ssn]),
        (
            "SSN \u{1d7ed}\u{1d7ee}\u{1d7ef}-\u{1d7f0}\u{1d7f1}-\u{1d7f2}\u{1d7f3}\u{1d7f4}\u{1d7f5}",
            &[Kind::Ssn],
        ),
        (
            "SSN \u{b9}\u{b2}\u{b3}-\u{2074}\u{2075}-\u{2076}\u{2077}\u{2078}\u{2079}",
            &[Kind::Ssn],
        ),
        (
            "SSN \u{661}\u{662}\u{663}-\u{664}\u{665}-\u{666}\u{667}\u{668}\u{669}",
            &[Kind::Ssn],
        ),
        ("DOB 1987/04/12", &[Kind::BirthDate]),
        ("DOB 12-Apr-1987", &[Kind::BirthDate]),
        ("DOB 04121987", &[Kind::BirthDate]),
        ("b. 04/12/1987", &[Kind::BirthDate]),
        ("date-of-birth 04/12/1987", &[Kind::BirthDate]),
        ("write jane.doe(at)gmail.com", &[Kind::Email]),
        ("write jane.doe [at] gmail [dot] com", &[Kind::Email]),
        ("write jane.doe at gmail dot com", &[Kind::Email]),
        ("we met at the clinic dot on the map", &[]),
        ("renewal 2026/12/01 for 40 users", &[]),
        ("PO 20261201 approved", &[]),
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

    /// The triggers and labels point at a detector wherever it matches:
    /// a detector is never left out of a text it would find something in.
    #[test]
    fn each_detector_is_a_candidate_wherever_it_matches() {
        assert_eq!(PATTERNS.len(), wake::DETECTORS);
        let extra = [
            "born on 12-1-65",
            "birth date 1/2/03",
            "b-day 1/2/2003",
            "mr no. 44321",
            "mr number 44321",
            "mr. # 44321",
            "pt. id 44321",
            "patient identifier ab-12345",
            "subscriber no. 12345a",
            "insurance # 99-1234567",
            "1 (555) 201-8833",
            "a9 1234567",
            "ab91234567",
            "jane {at} gmail {dot} org",
            "social security no. 078-05-1120",
            "antisocial security 078051120",
            "date-of-birth: 1/2/2003",
        ];
        let mut hits = 0;
        let texts = CASES.iter().map(|(t, _)| *t).chain(extra);
        for text in texts {
            for invisible_as_space in [false, true] {
                let (norm, _) = normalized(text, invisible_as_space);
                let lower = norm.to_ascii_lowercase();
                let candidates = candidates(&lower);
                for (i, (kind, _)) in PATTERNS.iter().enumerate() {
                    if compiled(i).is_match(&lower) {
                        hits += 1;
                        assert!(
                            candidates.contains(&i),
                            "{kind:?}: '{lower}' is not a candidate"
                        );
                    }
                }
            }
        }
        assert!(hits > 80, "{hits}");
        // The texts a plan holds wake none.
        for text in [
            "escalation: acme family clinic | mrr $1,250.50 | <https://medtrainer.my.salesforce.com/001000000000001aaa|open>",
            "mrkdwn",
            "b494472de1ad06f80d07bfe6715606c96ac92ca68a479ae8175b41041329c231",
            "case 00001234 opened 12/05/26; renewal 2027-01-29",
        ] {
            assert_eq!(candidates(text), Vec::<usize>::new(), "{text}");
        }
    }

    /// On random text of runs of digits, separators and letters, each
    /// detector that looks for digits is a candidate wherever it matches.
    #[test]
    fn digit_shapes_hold_on_random_text() {
        const SEPARATORS: &[&str] = &[
            " ", ".", ".", ".", ".", ".", ".", "-", "-", "(", ")", ") ", "/", "_", ",", " - ",
            "\n", "#", "..",
        ];
        const LETTERS: &[&str] = &["a", "b", "x", "ab", "a9", "_", "dea "];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut hits = [0usize; 11];
        for _ in 0..100_000 {
            let mut text = String::new();
            let mut digits_last = next(2) == 0;
            for _ in 0..2 + next(11) {
                // Runs of digits and separators mostly alternate.
                let kind = match (digits_last, next(5)) {
                    (_, 0) => 2,
                    (true, _) => 1,
                    (false, _) => 0,
                };
                digits_last = kind == 0;
                match kind {
                    0 => {
                        // The lengths the detectors look for, and others.
                        let n = [1, 2, 3, 3, 4, 7, 8, 10, 1 + next(12)][next(9)];
                        for _ in 0..n {
                            text.push(char::from(b'0' + next(10) as u8));
                        }
                    }
                    1 => text.push_str(SEPARATORS[next(SEPARATORS.len())]),
                    _ => text.push_str(LETTERS[next(LETTERS.len())]),
                }
            }
            let candidates = candidates(&text);
            for i in [0, 4, 5, 6, 7] {
                if compiled(i).is_match(&text) {
                    hits[i] += 1;
                    assert!(candidates.contains(&i), "{:?}: '{text}'", PATTERNS[i].0);
                }
            }
        }
        for i in [0, 4, 5, 6, 7] {
            assert!(hits[i] > 5, "{:?} matched {} times", PATTERNS[i].0, hits[i]);
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
