//! How an [`ApiDiff`] reads: each [`Change`] in words, the text `cargo xtask diff` and
//! `cargo xtask generate` print, and the JSON of `cargo xtask diff --json`. It renders
//! what `compare.rs` found and judges nothing itself.

use std::fmt;

use super::compare::{ApiDiff, Bump, Change, ChangeKind, Item, Verdict};

impl Change {
    /// The change in words, without its verdict, such as
    /// ``field `Assistant.owner` changed: type `String` -> `i64` ``.
    pub fn describe(&self) -> String {
        let item = match self.item {
            Item::BaseUrl => "base URL of",
            Item::Operation => "operation",
            Item::Argument => "argument",
            Item::Method => "builder method",
            Item::Response => "response of",
            Item::Model => "model",
            Item::Field => "field",
            Item::Variant => "variant",
        };
        let what = match self.change {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        };
        let mut text = format!("{item} `{}` {what}", self.name);
        if !self.detail.is_empty() {
            text.push_str(": ");
            text.push_str(&self.detail);
        }
        text
    }
}

impl fmt::Display for ApiDiff {
    /// One line per change, then the bump: the text `cargo xtask diff` prints.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for change in &self.changes {
            let verdict = match change.verdict {
                Verdict::Breaking => "breaking",
                Verdict::Compatible => "compatible",
            };
            writeln!(f, "{verdict:<10}  {}", change.describe())?;
        }
        let breaking = self
            .changes
            .iter()
            .filter(|change| change.verdict == Verdict::Breaking)
            .count();
        let summary = match self.bump {
            Bump::None => "no change".to_owned(),
            Bump::Patch => {
                "no change to the public API; the generated code changed (documentation, the spec fingerprint or other text)"
                    .to_owned()
            }
            _ => format!(
                "{} change{}, {breaking} breaking",
                self.changes.len(),
                if self.changes.len() == 1 { "" } else { "s" }
            ),
        };
        write!(f, "{summary}; semver bump: {}", self.bump)
    }
}

impl ApiDiff {
    /// The diff as pretty JSON: `{"bump": ..., "changes": [{"verdict", "item", "name",
    /// "change", "detail"}, ...]}`.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self)
            .unwrap_or_else(|error| unreachable!("a diff is plain data: {error}"))
    }
}
