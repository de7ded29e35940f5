//! Findings for people and programs: the text and JSON the command line prints. The desktop app
//! shows the same `Finding`s; wording lives in the rules, not here.

use serde::Serialize;

use crate::reference::Reference;
use crate::rules::{Finding, ReferenceLink, Section, Severity};

/// The outcome of checking one file: its findings, or why it could not be read.
#[derive(Debug)]
pub struct FileReport {
    pub file: String,
    pub outcome: Result<Vec<Finding>, String>,
}

impl FileReport {
    pub fn count(&self, severity: Severity) -> usize {
        match &self.outcome {
            Ok(findings) => findings.iter().filter(|f| f.severity == severity).count(),
            Err(_) => 0,
        }
    }
}

/// "2 errors, 1 warning, 0 info".
pub fn counts_line(findings: &[Finding]) -> String {
    let mut out = String::new();
    push_counts(findings, &mut out);
    out
}

/// [`counts_line`] appended to `out`: the command line writes one per file.
fn push_counts(findings: &[Finding], out: &mut String) {
    use std::fmt::Write;
    let [mut errors, mut warnings, mut infos] = [0usize; 3];
    for finding in findings {
        match finding.severity {
            Severity::Error => errors += 1,
            Severity::Warning => warnings += 1,
            Severity::Info => infos += 1,
        }
    }
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    // Writing to a String cannot fail.
    let _ = write!(
        out,
        "{errors} error{}, {warnings} warning{}, {infos} info",
        plural(errors),
        plural(warnings)
    );
}

/// Where a link points, in words: "77012, coding guidelines #1".
pub fn describe_link(link: &ReferenceLink) -> String {
    let mut out = String::new();
    push_link(link, &mut out);
    out
}

/// [`describe_link`] appended to `out`.
fn push_link(link: &ReferenceLink, out: &mut String) {
    use std::fmt::Write;
    match link {
        ReferenceLink::Entry {
            code,
            section,
            item,
        } => {
            out.push_str(code);
            if let Some(section) = section {
                out.push_str(", ");
                out.push_str(section_label(*section));
                if let Some(item) = item {
                    let _ = write!(out, " #{}", item + 1);
                }
            }
        }
        ReferenceLink::Modifier { modifier } => {
            out.push_str("modifier dictionary, ");
            out.push_str(modifier);
        }
        ReferenceLink::PlaceOfService { code } => {
            out.push_str("places of service, ");
            out.push_str(code);
        }
        ReferenceLink::Diagnosis { code } => {
            out.push_str("diagnosis table, ");
            out.push_str(code);
        }
        ReferenceLink::Rule => out.push_str("rule description"),
    }
}

pub fn section_label(section: Section) -> &'static str {
    match section {
        Section::Summary => "summary",
        Section::ClinicalIndications => "clinical indications",
        Section::ProcedureSteps => "procedure steps",
        Section::CodingGuidelines => "coding guidelines",
        Section::Icd10Codes => "associated ICD-10 codes",
        Section::Modifiers => "modifiers",
        Section::Notes => "notes",
    }
}

/// The source a finding's rule cites, from `rules.ron`.
pub fn rule_source<'a>(reference: &'a Reference, finding: &Finding) -> &'a str {
    reference
        .rule(finding.rule)
        .map(|r| r.source.as_str())
        .unwrap_or("")
}

/// Plain text for a terminal: one block per file.
pub fn text(reports: &[FileReport], reference: &Reference) -> String {
    let mut out = String::new();
    for report in reports {
        text_block(report, reference, &mut out);
    }
    out
}

/// One file's block of [`text`], appended to `out`: what the command line streams per file.
/// Built with plain appends rather than one `write!` per finding: this is most of the command
/// line's time after parsing and validation.
pub fn text_block(report: &FileReport, reference: &Reference, out: &mut String) {
    use std::fmt::Write;
    out.push_str(&report.file);
    match &report.outcome {
        Err(error) => {
            out.push_str(": could not be checked\n  ");
            out.push_str(error);
            out.push('\n');
        }
        Ok(findings) if findings.is_empty() => out.push_str(": clean (no findings)\n"),
        Ok(findings) => {
            out.push_str(": ");
            push_counts(findings, out);
            out.push('\n');
            for finding in findings {
                let label = finding.severity.label();
                out.push_str("  ");
                out.push_str(label);
                // The label padded to 7 characters, as `{:<7}` would.
                out.extend(std::iter::repeat_n(' ', 7usize.saturating_sub(label.len())));
                out.push(' ');
                out.push_str(finding.rule);
                // Writing to a String cannot fail.
                let _ = write!(out, " [{}]", finding.target);
                out.push_str("\n          ");
                out.push_str(&finding.message);
                out.push_str("\n          see ");
                push_link(&finding.link, out);
                out.push_str("; source: ");
                out.push_str(rule_source(reference, finding));
                out.push('\n');
            }
        }
    }
}

#[derive(Serialize)]
struct JsonFile<'a> {
    file: &'a str,
    /// Why the file could not be checked; absent when it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    findings: Vec<JsonFinding<'a>>,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    severity: Severity,
    message: &'a str,
    /// 1-based service line, when the finding is about one.
    line: Option<usize>,
    field: String,
    reference: &'a ReferenceLink,
    source: &'a str,
}

/// One JSON document: `[{"file": ..., "findings": [...]}]`.
pub fn json(reports: &[FileReport], reference: &Reference) -> String {
    let mut out = String::new();
    let mut array = JsonArray::default();
    for report in reports {
        array.push(report, reference, &mut out);
    }
    array.finish(&mut out);
    out
}

fn json_file<'a>(report: &'a FileReport, reference: &'a Reference) -> JsonFile<'a> {
    match &report.outcome {
        Err(error) => JsonFile {
            file: &report.file,
            error: Some(error),
            findings: Vec::new(),
        },
        Ok(findings) => JsonFile {
            file: &report.file,
            error: None,
            findings: findings
                .iter()
                .map(|f| JsonFinding {
                    rule: f.rule,
                    severity: f.severity,
                    message: &f.message,
                    line: f.target.line_number(),
                    field: f.target.to_string(),
                    reference: &f.link,
                    source: rule_source(reference, f),
                })
                .collect(),
        },
    }
}

/// The JSON document of [`json`] written one file at a time, so the command line can print each
/// file's entry as soon as it is checked. The text is exactly `serde_json::to_string_pretty` of
/// the whole array: `[`, each file object indented one level with `,` between, then `]`
/// (`[]` when there is no file).
#[derive(Debug, Default)]
pub struct JsonArray {
    started: bool,
}

impl JsonArray {
    /// Appends one file's entry (with the `[` or `,` before it) to `out`.
    pub fn push(&mut self, report: &FileReport, reference: &Reference, out: &mut String) {
        self.push_entry(&json_entry(report, reference), out);
    }

    /// Appends an entry made by [`json_entry`] (with the `[` or `,` before it) to `out`.
    pub fn push_entry(&mut self, entry: &str, out: &mut String) {
        out.push_str(if self.started { ",\n  " } else { "[\n  " });
        self.started = true;
        out.push_str(entry);
    }

    /// Closes the array: `\n]`, or `[]` when nothing was pushed.
    pub fn finish(self, out: &mut String) {
        out.push_str(if self.started { "\n]" } else { "[]" });
    }
}

/// One file's object of [`json`], indented for its place in the array, without the `,` before
/// it: what can be made on any thread, before the order of output is known.
pub fn json_entry(report: &FileReport, reference: &Reference) -> String {
    // The element as the only one of a pretty array, `[\n  ` + element + `\n]`, is the element
    // indented for its place; the brackets are cut off. Serializing plain strings, numbers and
    // enums cannot fail; fall back to null.
    let mut text = serde_json::to_string_pretty(&[json_file(report, reference)])
        .unwrap_or_else(|_| "[\n  null\n]".to_string());
    text.truncate(text.len().saturating_sub(2));
    text.replace_range(..text.len().min(4), "");
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{FieldPath, ReferenceLink};

    fn reports() -> Vec<FileReport> {
        let finding = |rule, severity, target| Finding {
            rule,
            severity,
            message: "A \"quoted\" message,\nwith a line break and a tab\t.".into(),
            target,
            link: ReferenceLink::section("77012", Section::CodingGuidelines, Some(1)),
        };
        vec![
            FileReport {
                file: "a.ron".into(),
                outcome: Ok(vec![
                    finding("GUIDANCE_UNITS", Severity::Error, FieldPath::LineUnits(1)),
                    finding("DOS_MISSING", Severity::Warning, FieldPath::DateOfService),
                ]),
            },
            FileReport {
                file: "b \"odd\" name.ron".into(),
                outcome: Err("b.ron:2:3: expected a value".into()),
            },
            FileReport {
                file: "c.ron".into(),
                outcome: Ok(Vec::new()),
            },
        ]
    }

    /// The streamed document is byte for byte what serializing the whole array gives.
    #[test]
    fn streamed_json_is_the_pretty_array() {
        let reference = Reference::embedded().unwrap();
        let reports = reports();
        for n in 0..=reports.len() {
            let files: Vec<JsonFile> = reports[..n]
                .iter()
                .map(|r| json_file(r, &reference))
                .collect();
            let whole = serde_json::to_string_pretty(&files).unwrap();
            assert_eq!(json(&reports[..n], &reference), whole, "{n} files");
        }
    }

    #[test]
    fn text_is_the_blocks_in_order() {
        let reference = Reference::embedded().unwrap();
        let reports = reports();
        let mut blocks = String::new();
        for report in &reports {
            text_block(report, &reference, &mut blocks);
        }
        assert_eq!(text(&reports, &reference), blocks);
        assert!(blocks.starts_with("a.ron: 1 error, 1 warning, 0 info\n  error   GUIDANCE_UNITS"));
        assert!(blocks.contains("b \"odd\" name.ron: could not be checked\n  b.ron:2:3:"));
        assert!(blocks.ends_with("c.ron: clean (no findings)\n"));
    }
}
