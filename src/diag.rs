//! Diagnostics that point into a file: `path:line:col: error: message`,
//! followed by the line and a caret, as compilers print them. Lint and the
//! playbook loader speak through this type; renderers turn it into text,
//! JSON or GitHub workflow annotations.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;
use serde_saphyr::Location;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    /// Not a fault: what a reader should know (W1: cs's default wording
    /// still in use).
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Info => "info",
        }
    }

    /// The GitHub Actions workflow command of the severity.
    fn github(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Info => "notice",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub path: String,
    pub line: u64,
    pub column: u64,
    pub severity: Severity,
    pub message: String,
}

impl Diagnostic {
    pub fn at(path: &str, loc: Location, severity: Severity, message: impl Into<String>) -> Self {
        Self {
            path: path.to_string(),
            line: loc.line().max(1),
            column: loc.column().max(1),
            severity,
            message: message.into(),
        }
    }

    /// The first line: `path:line:col: severity: message`.
    pub fn header(&self) -> String {
        format!(
            "{}:{}:{}: {}: {}",
            self.path,
            self.line,
            self.column,
            self.severity.as_str(),
            self.message
        )
    }

    /// The header, then the source line with a caret under the column,
    /// drawn by annotate-snippets as rustc and cargo draw theirs. Only the
    /// line at fault is handed over, and a long one only around the column
    /// (a 100 MB one-line file costs no more than a short one).
    pub fn render(&self, source: Option<&str>) -> String {
        let mut s = self.header();
        s.push('\n');
        let Some((shown, at)) = source.and_then(|src| self.window(src)) else {
            return s;
        };
        // The caret covers the character at the column (nothing past the end).
        let end = shown[at..].chars().next().map_or(at, |c| at + c.len_utf8());
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Info => Level::INFO,
        };
        let report = &[Group::with_level(level).element(
            Snippet::source(&shown)
                .line_start(self.line as usize)
                .annotation(AnnotationKind::Primary.span(at..end)),
        )];
        let drawn = Renderer::plain().render(report);
        s.push_str(drawn.trim_start_matches('\n'));
        s.push('\n');
        s
    }

    /// The line at fault, cut to at most 120 characters around the column
    /// (with `…` where it was cut), and the byte offset of the column in it.
    fn window(&self, source: &str) -> Option<(String, usize)> {
        let line = source.split('\n').nth(self.line as usize - 1)?;
        let line = line.strip_suffix('\r').unwrap_or(line);
        let col = self.column as usize - 1;
        let skip = col.saturating_sub(60);
        let mut shown = String::new();
        if skip > 0 {
            shown.push('…');
        }
        let mut at = None;
        let mut chars = line.chars().skip(skip);
        for (i, c) in chars.by_ref().take(120).enumerate() {
            if skip + i == col {
                at = Some(shown.len());
            }
            shown.push(c);
        }
        if chars.next().is_some() {
            shown.push('…');
        }
        Some((shown.clone(), at.unwrap_or(shown.len())))
    }

    /// A GitHub Actions workflow command that annotates the line.
    pub fn github(&self) -> String {
        format!(
            "::{} file={},line={},col={}::{}",
            self.severity.github(),
            escape_property(&self.path),
            self.line,
            self.column,
            escape_data(&self.message)
        )
    }
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The name in `known` nearest to `typed`, when it is near enough to be a
/// typo: at most a third of its letters off (edit distance), 1 at least.
pub fn closest<'k>(typed: &str, known: &[&'k str]) -> Option<&'k str> {
    let typed = typed.to_lowercase();
    known
        .iter()
        .map(|k| (edits(&typed, &k.to_lowercase()), *k))
        .filter(|(d, k)| *d <= (k.chars().count() / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Levenshtein distance: the insertions, deletions and substitutions from `a` to `b`.
fn edits(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: u64, column: u64) -> Diagnostic {
        Diagnostic {
            path: "p.yaml".into(),
            line,
            column,
            severity: Severity::Error,
            message: "m".into(),
        }
    }

    #[test]
    fn the_caret_stands_under_the_column() {
        let r = at(2, 7).render(Some("id: x\ntitle: ünï\n"));
        assert_eq!(
            r,
            "p.yaml:2:7: error: m\n  |\n2 | title: ünï\n  |       ^\n"
        );
    }

    #[test]
    fn odd_positions_and_long_lines_draw_without_panicking() {
        let long = format!("key: {}\n", "é".repeat(500));
        for (line, col, src) in [
            (1, 400, long.as_str()),
            (1, 9999, "short\n"),
            (7, 1, "one line\n"),
            (1, 1, ""),
            (2, 3, "a\n\tb\tc\n"),
        ] {
            let r = at(line, col).render(Some(src));
            assert!(
                r.starts_with(&format!("p.yaml:{line}:{col}: error: m\n")),
                "{r}"
            );
        }
        let r = at(1, 400).render(Some(&long));
        assert!(r.lines().count() <= 5 && r.contains('^'), "{r}");
        assert!(r.lines().all(|l| l.chars().count() < 200), "{r}");
    }
}
