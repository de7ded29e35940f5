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
    let count = |s| findings.iter().filter(|f| f.severity == s).count();
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    format!(
        "{}, {}, {} info",
        plural(count(Severity::Error), "error"),
        plural(count(Severity::Warning), "warning"),
        count(Severity::Info)
    )
}

/// Where a link points, in words: "77012, coding guidelines #1".
pub fn describe_link(link: &ReferenceLink) -> String {
    match link {
        ReferenceLink::Entry {
            code,
            section,
            item,
        } => {
            let mut text = code.clone();
            if let Some(section) = section {
                text.push_str(", ");
                text.push_str(section_label(*section));
                if let Some(item) = item {
                    text.push_str(&format!(" #{}", item + 1));
                }
            }
            text
        }
        ReferenceLink::Modifier { modifier } => format!("modifier dictionary, {modifier}"),
        ReferenceLink::PlaceOfService { code } => format!("places of service, {code}"),
        ReferenceLink::Diagnosis { code } => format!("diagnosis table, {code}"),
        ReferenceLink::Rule => "rule description".to_string(),
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
        match &report.outcome {
            Err(error) => out.push_str(&format!(
                "{}: could not be checked\n  {error}\n",
                report.file
            )),
            Ok(findings) if findings.is_empty() => {
                out.push_str(&format!("{}: clean (no findings)\n", report.file))
            }
            Ok(findings) => {
                out.push_str(&format!("{}: {}\n", report.file, counts_line(findings)));
                for finding in findings {
                    out.push_str(&format!(
                        "  {:<7} {} [{}]\n          {}\n          see {}; source: {}\n",
                        finding.severity.label(),
                        finding.rule,
                        finding.target,
                        finding.message,
                        describe_link(&finding.link),
                        rule_source(reference, finding)
                    ));
                }
            }
        }
    }
    out
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
    let files: Vec<JsonFile> = reports
        .iter()
        .map(|report| match &report.outcome {
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
        })
        .collect();
    // Serializing plain strings, numbers and enums cannot fail; fall back to an empty list.
    serde_json::to_string_pretty(&files).unwrap_or_else(|_| "[]".to_string())
}
