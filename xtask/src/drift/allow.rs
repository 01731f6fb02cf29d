//! The allow-file of `cargo xtask drift`: the differences accepted on purpose, one per
//! line as `<difference>  # <reason>`, read with every problem reported at its line, and
//! the verdict of setting the differences found against them (which are new, which
//! entries are stale) with the report the command prints.

use std::collections::{BTreeMap, BTreeSet};

use super::compare::Difference;

/// One entry of the allow-file: an accepted difference and why it is accepted.
#[derive(Debug, PartialEq)]
pub(super) struct Entry {
    /// The line of the entry, from 1.
    line: usize,
    /// The difference, exactly as printed.
    difference: String,
}

/// Parses an allow-file; `label` names it in messages. Every entry needs a reason and may
/// appear once; all problems are reported together, each with its line.
pub(super) fn parse(text: &str, label: &str) -> Result<Vec<Entry>, String> {
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some(difference) = entry_difference(line) else {
            problems.push(format!(
                "{label}:{number}: the entry has no reason; write it as `<difference>  # <reason>`"
            ));
            continue;
        };
        if let Some(first) = seen.insert(difference, number) {
            problems.push(format!(
                "{label}:{number}: the entry repeats the one on line {first}"
            ));
            continue;
        }
        entries.push(Entry {
            line: number,
            difference: difference.to_owned(),
        });
    }
    if problems.is_empty() {
        Ok(entries)
    } else {
        Err(format!(
            "error: invalid allow-file\n{}",
            problems.join("\n")
        ))
    }
}

/// The difference of an entry `<difference>  # <reason>`: what comes before the first `#`
/// with whitespace on both sides; `None` when there is no such `#` or no reason after it.
fn entry_difference(line: &str) -> Option<&str> {
    let mut rest = line;
    let mut offset = 0;
    while let Some(at) = rest.find('#') {
        let before = line[..offset + at].chars().next_back();
        let after = rest[at + 1..].chars().next();
        if before.is_some_and(char::is_whitespace) && after.is_some_and(char::is_whitespace) {
            let difference = line[..offset + at].trim_end();
            let reason = rest[at + 1..].trim();
            return (!reason.is_empty()).then_some(difference);
        }
        offset += at + 1;
        rest = &rest[at + 1..];
    }
    None
}

/// The differences set against the allow-file.
pub(super) struct Verdict<'a> {
    /// How many differences there are in all.
    total: usize,
    /// The differences that no entry allows.
    pub(super) new: Vec<&'a Difference>,
    /// How many differences an entry allows.
    allowed: usize,
    /// The entries that allow no difference.
    pub(super) stale: Vec<&'a Entry>,
}

/// Sets `differences` against the allow-file's `entries`.
pub(super) fn judge<'a>(differences: &'a [Difference], entries: &'a [Entry]) -> Verdict<'a> {
    let lines: BTreeSet<String> = differences.iter().map(ToString::to_string).collect();
    let allowed: BTreeSet<&str> = entries
        .iter()
        .map(|entry| entry.difference.as_str())
        .collect();
    let new: Vec<&Difference> = differences
        .iter()
        .filter(|difference| !allowed.contains(difference.to_string().as_str()))
        .collect();
    Verdict {
        total: differences.len(),
        allowed: differences.len() - new.len(),
        new,
        stale: entries
            .iter()
            .filter(|entry| !lines.contains(&entry.difference))
            .collect(),
    }
}

impl Verdict<'_> {
    /// The report printed: the new differences, ready to be copied into the allow-file,
    /// the stale entries with their lines, and a summary line.
    pub(super) fn report(&self, allow_label: &str) -> String {
        let mut report = String::new();
        for difference in &self.new {
            report.push_str(&format!("{difference}\n"));
        }
        for entry in &self.stale {
            report.push_str(&format!(
                "{allow_label}:{}: stale entry, no such difference: {}\n",
                entry.line, entry.difference
            ));
        }
        report.push_str(&format!(
            "drift: {} differences, {} allowed, {} new, {} stale\n",
            self.total,
            self.allowed,
            self.new.len(),
            self.stale.len()
        ));
        report
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_without_a_reason_is_an_error_with_its_line() {
        let text = "# comment\n\nGET /a: operation: present (spec) vs missing (other)\n\
                    GET /b: operation: present (spec) vs missing (other)  #   \n";
        let error = parse(text, "drift.allow").err().unwrap_or_default();
        assert!(
            error.contains("drift.allow:3: the entry has no reason"),
            "{error}"
        );
        assert!(
            error.contains("drift.allow:4: the entry has no reason"),
            "{error}"
        );
    }

    #[test]
    fn a_repeated_entry_is_an_error() {
        let text =
            "GET /a: x: 1 (spec) vs 2 (other)  # why\nGET /a: x: 1 (spec) vs 2 (other)  # why\n";
        let error = parse(text, "drift.allow").err().unwrap_or_default();
        assert!(
            error.contains("drift.allow:2: the entry repeats the one on line 1"),
            "{error}"
        );
    }

    #[test]
    fn entries_allow_differences_and_stale_ones_are_found() -> Result<(), String> {
        let found = |key: &str| Difference {
            order: (String::new(), String::new()),
            key: key.to_owned(),
            spec: "^a#b$".to_owned(),
            other: "none".to_owned(),
        };
        let differences = [found("GET /a: pattern"), found("GET /b: pattern")];
        let text = "GET /a: pattern: ^a#b$ (spec) vs none (other)  # the reason\n\
                    GET /c: pattern: ^a#b$ (spec) vs none (other)\t#\tgone\n";
        let entries = parse(text, "drift.allow")?;
        let verdict = judge(&differences, &entries);
        assert_eq!(verdict.allowed, 1);
        assert_eq!(verdict.new, [&differences[1]]);
        assert_eq!(
            verdict
                .stale
                .iter()
                .map(|entry| entry.line)
                .collect::<Vec<_>>(),
            [2]
        );
        assert_eq!(
            verdict.report("drift.allow"),
            "GET /b: pattern: ^a#b$ (spec) vs none (other)\n\
             drift.allow:2: stale entry, no such difference: GET /c: pattern: ^a#b$ (spec) vs \
             none (other)\n\
             drift: 2 differences, 1 allowed, 1 new, 1 stale\n"
        );
        Ok(())
    }
}
