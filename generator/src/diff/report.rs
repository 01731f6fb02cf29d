//! How an [`ApiDiff`] reads: each [`Change`] in words, the text `cargo xtask diff` and
//! `cargo xtask generate` print, and the JSON of `cargo xtask diff --json`. It renders
//! what `compare.rs` found and judges nothing itself.

use std::fmt;

use super::compare::{ApiDiff, Bump, Change, ChangeKind, Item, Verdict};
use super::surface::Surface;

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
            writeln!(f, "{:<10}  {}", change.verdict.as_str(), change.describe())?;
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
    /// The diff as Markdown for a pull request's description: the bump, then the breaking
    /// changes and the compatible ones, each grouped by the resource handle its operation is
    /// on (`AssistantsResource`), models last; `old` and `new` are the surfaces it compares,
    /// which say where each operation is.
    pub fn to_markdown(&self, old: &Surface, new: &Surface) -> String {
        let breaking = self
            .changes
            .iter()
            .filter(|change| change.verdict == Verdict::Breaking)
            .count();
        let mut text = format!(
            "**API changes**: {} change{}, {breaking} breaking; semver bump: {}\n",
            self.changes.len(),
            if self.changes.len() == 1 { "" } else { "s" },
            self.bump
        );
        for (verdict, title) in [
            (Verdict::Breaking, "Breaking"),
            (Verdict::Compatible, "Compatible"),
        ] {
            let mut groups: Vec<(String, Vec<&Change>)> = Vec::new();
            for change in self
                .changes
                .iter()
                .filter(|change| change.verdict == verdict)
            {
                let group = group_of(change, old, new);
                match groups.iter_mut().find(|(name, _)| *name == group) {
                    Some((_, changes)) => changes.push(change),
                    None => groups.push((group, vec![change])),
                }
            }
            // Models and the client come after the resources, in a fixed order.
            groups.sort_by_key(|(name, _)| match name.as_str() {
                "Models" => 1,
                "Client" => 2,
                _ => 0,
            });
            if groups.is_empty() {
                continue;
            }
            text.push_str(&format!("\n### {title}\n"));
            for (group, changes) in groups {
                text.push_str(&format!("\n#### {group}\n\n"));
                for change in changes {
                    text.push_str(&format!("- {}\n", change.describe()));
                }
            }
        }
        text
    }

    /// The diff as pretty JSON: `{"bump": ..., "changes": [{"verdict", "item", "name",
    /// "change", "detail"}, ...]}`.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self)
            .unwrap_or_else(|error| unreachable!("a diff is plain data: {error}"))
    }
}

/// The group a change is listed under in [`ApiDiff::to_markdown`]: the handle type of its
/// operation (in the new surface, else the old one), `Models` or `Client`.
fn group_of(change: &Change, old: &Surface, new: &Surface) -> String {
    match change.item {
        Item::Operation | Item::Argument | Item::Method | Item::Response => {
            let id = change.name.split('.').next().unwrap_or_default();
            new.operations
                .iter()
                .chain(&old.operations)
                .find(|operation| operation.id == id)
                .map_or_else(
                    || "Operations".to_owned(),
                    |operation| format!("`{}`", operation.handle),
                )
        }
        Item::Model | Item::Field | Item::Variant => "Models".to_owned(),
        Item::BaseUrl => "Client".to_owned(),
    }
}
