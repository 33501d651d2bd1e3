//! The N1 note grammar: `MM/DD/YY_II:Action`.
//!
//! SOP-RULES N1 decides: a real calendar date with leading zeros, an
//! underscore, 2–4 uppercase ASCII initials, a colon, at most one optional
//! space, and a non-empty action. The SOP's own examples lost the underscore
//! in the wiki export (`04/20/23MM: ...`); that form, and a few other near
//! misses, are refused with the canonical form as a suggestion, which
//! `cs note fix` applies.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::fmt;

/// A valid note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub date: NaiveDate,
    pub initials: String,
    pub action: String,
}

impl Note {
    pub fn new(date: NaiveDate, initials: &str, action: &str) -> Result<Self, NoteError> {
        let note = Self {
            date,
            initials: initials.to_string(),
            action: action.trim().to_string(),
        };
        if !valid_initials(&note.initials) {
            return Err(NoteError::Initials(note.initials));
        }
        if note.action.is_empty() {
            return Err(NoteError::EmptyAction);
        }
        if note.action.contains(['\n', '\r']) {
            return Err(NoteError::MultiLine);
        }
        Ok(note)
    }

    /// True when the note is dated after `today` (a warning, not an error).
    pub fn is_future(&self, today: NaiveDate) -> bool {
        self.date > today
    }
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:02}/{:02}/{:02}_{}:{}",
            self.date.month(),
            self.date.day(),
            self.date.year() % 100,
            self.initials,
            self.action
        )
    }
}

/// Why a note is not in N1 form. `suggestion` is the canonical form when cs can
/// tell what was meant.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoteError {
    #[error("the note is empty")]
    Empty,
    #[error("a note is written MM/DD/YY_Initials:Action, e.g. 04/20/23_MM:Customer called support")]
    Shape,
    #[error("the date '{0}' must be MM/DD/YY with two digits each (leading zeros)")]
    DateDigits(String),
    #[error("'{0}' is not a real calendar date")]
    NotADate(String),
    #[error("the initials '{0}' must be 2 to 4 uppercase letters (A-Z)")]
    Initials(String),
    #[error("the action after the colon is empty")]
    EmptyAction,
    #[error("a note is one line")]
    MultiLine,
    #[error("{problem}; did you mean '{suggestion}'? (cs note fix)")]
    Fixable { problem: String, suggestion: String },
}

impl NoteError {
    pub fn suggestion(&self) -> Option<&str> {
        match self {
            Self::Fixable { suggestion, .. } => Some(suggestion),
            _ => None,
        }
    }
}

/// N1: initials are 2 to 4 uppercase letters (A-Z).
pub fn valid_initials(s: &str) -> bool {
    (2..=4).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_uppercase())
}

/// Parses a note in strict N1 form.
pub fn parse(input: &str) -> Result<Note, NoteError> {
    if input.trim().is_empty() {
        return Err(NoteError::Empty);
    }
    if input.contains(['\n', '\r']) {
        return Err(NoteError::MultiLine);
    }
    match parse_strict(input) {
        Ok(note) => Ok(note),
        Err(strict) => match parse_loose(input) {
            // The strict error is more precise when the date or initials are wrong
            // in a way the loose reading keeps.
            Some((note, problem)) => Err(NoteError::Fixable {
                problem,
                suggestion: note.to_string(),
            }),
            None => Err(past_the_date(input).unwrap_or(strict)),
        },
    }
}

/// When a note's date is only written loosely (`4/2/26`) and something
/// else is wrong too, that other thing, which is what stops a fix: the
/// note read again with its date as N1 writes it.
fn past_the_date(input: &str) -> Option<NoteError> {
    let s = input.trim();
    let (date, len) = loose_date(s)?;
    let canonical = format!("{}{}", date.format("%m/%d/%y"), &s[len..]);
    match parse_strict(&canonical) {
        Err(NoteError::DateDigits(_)) | Ok(_) => None,
        Err(e) => Some(e),
    }
}

fn parse_date(d: &str) -> Result<NaiveDate, NoteError> {
    let parts: Vec<&str> = d.split('/').collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.len() != 2 || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        // Month 13 is no date, whatever its digits.
        let numbers: Option<Vec<u32>> = (parts.len() == 3)
            .then(|| parts.iter().map(|p| p.parse().ok()).collect())
            .flatten();
        if let Some(n) = numbers
            && (n[0] == 0 || n[0] > 12 || n[1] == 0 || n[1] > 31)
        {
            return Err(NoteError::NotADate(d.to_string()));
        }
        return Err(NoteError::DateDigits(d.to_string()));
    }
    let n = |p: &str| p.parse::<u32>().unwrap_or(0);
    NaiveDate::from_ymd_opt(2000 + n(parts[2]) as i32, n(parts[0]), n(parts[1]))
        .ok_or_else(|| NoteError::NotADate(d.to_string()))
}

fn parse_strict(input: &str) -> Result<Note, NoteError> {
    // MM/DD/YY is eight ASCII bytes, then '_'.
    let Some((head, action)) = input.split_once(':') else {
        return Err(NoteError::Shape);
    };
    let Some((date, initials)) = head.split_once('_') else {
        return Err(NoteError::Shape);
    };
    let date = parse_date(date)?;
    if !valid_initials(initials) {
        return Err(NoteError::Initials(initials.to_string()));
    }
    let action = action.strip_prefix(' ').unwrap_or(action);
    if action.trim().is_empty() {
        return Err(NoteError::EmptyAction);
    }
    if action.starts_with(char::is_whitespace) || action.ends_with(char::is_whitespace) {
        return Err(NoteError::Fixable {
            problem: "only one space may follow the colon and none may end the note".into(),
            suggestion: Note::new(date, initials, action)?.to_string(),
        });
    }
    Note::new(date, initials, action)
}

/// Reads near misses: surrounding blanks, no underscore (the SOP export's
/// form), a space or dash instead of it, lowercase initials, blanks around the
/// colon. Returns the note and what was wrong, or None when the input is not
/// recognisably a note (or its date is not real).
fn parse_loose(input: &str) -> Option<(Note, String)> {
    let s = input.trim();
    let (date, len) = loose_date(s)?;
    let short_date = parse_date(&s[..len]).is_err();
    let rest = &s[len..];
    let (head, action) = rest.split_once(':')?;
    let sep = head.trim_start();
    let had_underscore = sep.starts_with('_');
    let initials_raw = sep.trim_start_matches(['_', '-']).trim();
    if !(2..=4).contains(&initials_raw.len())
        || !initials_raw.bytes().all(|b| b.is_ascii_alphabetic())
    {
        return None;
    }
    let initials = initials_raw.to_ascii_uppercase();
    let action = action.trim();
    if action.is_empty() {
        return None;
    }
    let note = Note::new(date, &initials, action).ok()?;
    let problem = if short_date {
        "the date must be MM/DD/YY with two digits each (leading zeros)".to_string()
    } else if !had_underscore {
        "the date and the initials must be joined by '_'".to_string()
    } else if initials != initials_raw {
        format!("the initials '{initials_raw}' must be uppercase")
    } else {
        "extra blanks around the initials or the colon".to_string()
    };
    Some((note, problem))
}

/// A date as people write it at the start of a note, `4/2/26`,
/// `04/02/2026` or `2026-04-02`, read as a date answer is
/// ([`super::parse_date`]). The date and how many bytes it takes.
fn loose_date(s: &str) -> Option<(NaiveDate, usize)> {
    // The digits and the one separator the date is written with: a dash
    // after `04/20/23` is a separator the note got wrong, not the date's.
    let run = |sep: char| {
        s.find(|c: char| !(c.is_ascii_digit() || c == sep))
            .unwrap_or(s.len())
    };
    let slash = run('/');
    let len = if s[..slash].contains('/') {
        slash
    } else {
        run('-')
    };
    // Digits only: `today` is not a note's date.
    let date = super::parse_date(&s[..len], NaiveDate::MIN).ok()?;
    Some((date, len))
}

/// Returns the canonical form of a note that is valid or fixable.
pub fn fix(input: &str) -> Result<Note, NoteError> {
    match parse(input) {
        Ok(n) => Ok(n),
        Err(NoteError::Fixable { suggestion, .. }) => parse(&suggestion),
        Err(e) => Err(e),
    }
}

/// One note checked, as `cs note check` reports it.
#[derive(Debug, Clone, Serialize)]
pub struct Checked {
    pub note: String,
    pub valid: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub canonical: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// Checks a note (N1): its canonical form, or why it is not one and the
/// form to use; a date after `today` is a warning.
pub fn check(text: &str, today: NaiveDate) -> Checked {
    match parse(text) {
        Ok(n) => Checked {
            note: text.to_string(),
            valid: true,
            canonical: Some(n.to_string()),
            error: None,
            suggestion: None,
            warnings: future_warning(&n, today).into_iter().collect(),
        },
        Err(e) => Checked {
            note: text.to_string(),
            valid: false,
            canonical: None,
            suggestion: e.suggestion().map(str::to_string),
            error: Some(e.to_string()),
            warnings: Vec::new(),
        },
    }
}

/// N1's decision: a note dated after today is a warning, not an error.
pub fn future_warning(n: &Note, today: NaiveDate) -> Option<String> {
    n.is_future(today)
        .then(|| format!("the note is dated {}, after today ({today})", n.date))
}

/// The case's Escalation Notes so far: where they were read from and each
/// non-blank line with its number.
#[derive(Debug, Default)]
pub struct Notes {
    pub name: String,
    pub lines: Vec<(usize, String)>,
}

impl Notes {
    /// Reads the notes from a file, or stdin for `-`.
    pub fn read(path: &std::path::Path) -> Result<Self, crate::error::Error> {
        let (name, text) = crate::error::read_input(path, "the notes")?;
        Ok(Self::from_text(name, &text))
    }

    /// The non-blank lines of `text`, as read from `name`.
    pub fn from_text(name: String, text: &str) -> Self {
        let lines = text
            .lines()
            .enumerate()
            .map(|(i, l)| (i + 1, l.trim_end_matches('\r').to_string()))
            .filter(|(_, l)| !l.trim().is_empty())
            .collect();
        Self { name, lines }
    }
}

/// Reads a case's notes field from the org.
pub trait CaseNotes {
    /// The value of `field` on the case `case` (its Id or number).
    fn notes(&mut self, case: &str, field: &str) -> Result<Notes, crate::error::Error>;
}
