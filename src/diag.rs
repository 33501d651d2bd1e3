//! Diagnostics that point into a file: `path:line:col: error: message`,
//! followed by the line and a caret, as compilers print them. Lint and the
//! playbook loader speak through this type; renderers turn it into text,
//! JSON or GitHub workflow annotations.

use serde::Serialize;
use serde_saphyr::Location;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
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

    /// The header, then the source line with a caret under the column.
    pub fn render(&self, source: Option<&str>) -> String {
        let mut s = self.header();
        s.push('\n');
        if let Some(line) = source.and_then(|src| src.lines().nth(self.line as usize - 1)) {
            let num = self.line.to_string();
            let pad = " ".repeat(num.len());
            // A long line is shown as a window around the column.
            let col = self.column as usize - 1;
            let skip = col.saturating_sub(60);
            let shown: String = line.chars().skip(skip).take(120).collect();
            let more = line.chars().nth(skip + 120).is_some();
            let (lead, caret_from) = if skip > 0 { ("…", 1) } else { ("", 0) };
            let caret_pad: String = std::iter::repeat_n(' ', caret_from)
                .chain(
                    shown
                        .chars()
                        .take(col - skip)
                        .map(|c| if c == '\t' { '\t' } else { ' ' }),
                )
                .collect();
            let tail = if more { "…" } else { "" };
            s.push_str(&format!(
                "{pad} |\n{num} | {lead}{shown}{tail}\n{pad} | {caret_pad}^\n"
            ));
        }
        s
    }

    /// A GitHub Actions workflow command that annotates the line.
    pub fn github(&self) -> String {
        format!(
            "::{} file={},line={},col={}::{}",
            self.severity.as_str(),
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
