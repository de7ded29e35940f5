//! Reports for people: a checked claim with its findings as Markdown or as a self-contained,
//! print-ready HTML page (inline CSS, no scripts, every text escaped).
//!
//! Pure: no I/O, no egui. The desktop app (export, copy to clipboard) and `cpt-guidance check
//! --format markdown|html` call the same functions. Each finding cites its rule's title and source
//! and where the reference explains it; the footer names the reference data version and carries
//! the AMA notice for CPT.

use crate::claim::ClaimDraft;
use crate::reference::Reference;
use crate::report::{counts_line, describe_link, rule_source};
use crate::rules::{DocumentationItem, FieldPath, Finding, Severity};

/// The AMA notice every report carries.
pub const CPT_NOTICE: &str = "CPT is a registered trademark of the American Medical Association (AMA). CPT codes and descriptors are copyright AMA; all rights reserved. The code descriptions in this report are cpt-guidance's own plain-language summaries, not CPT descriptors.";

/// What the checks are and are not.
const SCOPE_NOTE: &str = "This report checks a claim draft against the app's reference tables; it does not replace the payer's own rules or the medical record.";

/// One file of a multi-file report: the draft and its findings, or why it could not be checked.
#[derive(Clone, Debug)]
pub struct ExportFile {
    pub file: String,
    pub outcome: Result<(ClaimDraft, Vec<Finding>), String>,
}

impl ExportFile {
    fn findings(&self) -> &[Finding] {
        match &self.outcome {
            Ok((_, findings)) => findings,
            Err(_) => &[],
        }
    }
}

/// One claim as a Markdown document.
pub fn markdown(
    draft: &ClaimDraft,
    findings: &[Finding],
    reference: &Reference,
    file_name: Option<&str>,
) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "# {}\n\n",
        md_text(&claim_title(draft, file_name))
    ));
    md_claim_body(&mut out, draft, findings, reference, file_name, "##");
    md_footer(&mut out, reference);
    out
}

/// Several files as one Markdown document: a summary table, then one section per file.
pub fn markdown_files(files: &[ExportFile], reference: &Reference) -> String {
    let mut out = String::from("# Claim check report\n\n");
    let all: Vec<Finding> = files.iter().flat_map(|f| f.findings().to_vec()).collect();
    out.push_str(&format!(
        "{} checked: {}.\n\n",
        plural(files.len(), "file"),
        counts_line(&all)
    ));
    out.push_str("| File | Title | Errors | Warnings | Info |\n|---|---|---:|---:|---:|\n");
    for file in files {
        match &file.outcome {
            Ok((draft, findings)) => {
                let [e, w, i] = severity_counts(findings);
                out.push_str(&format!(
                    "| {} | {} | {e} | {w} | {i} |\n",
                    md_cell(&file.file),
                    md_cell(&draft.title)
                ));
            }
            Err(_) => out.push_str(&format!(
                "| {} | could not be checked | — | — | — |\n",
                md_cell(&file.file)
            )),
        }
    }
    for file in files {
        out.push_str(&format!("\n## {}\n\n", md_text(&file.file)));
        match &file.outcome {
            Ok((draft, findings)) => {
                if !draft.title.trim().is_empty() {
                    out.push_str(&format!("**{}**\n\n", md_text(draft.title.trim())));
                }
                md_claim_body(&mut out, draft, findings, reference, None, "###");
            }
            Err(error) => out.push_str(&format!("**Could not be checked:** {}\n", md_text(error))),
        }
    }
    md_footer(&mut out, reference);
    out
}

/// One claim as a self-contained HTML page.
pub fn html(
    draft: &ClaimDraft,
    findings: &[Finding],
    reference: &Reference,
    file_name: Option<&str>,
) -> String {
    let title = claim_title(draft, file_name);
    let mut out = html_head(&format!("Claim check: {title}"));
    out.push_str(&format!("<header>\n<h1>{}</h1>\n", escape(&title)));
    if let Some(name) = file_name {
        out.push_str(&format!(
            "<p class=\"file\">File: <code>{}</code></p>\n",
            escape(name)
        ));
    }
    out.push_str("</header>\n<main>\n");
    html_claim_body(&mut out, draft, findings, reference, "h2");
    out.push_str("</main>\n");
    html_footer(&mut out, reference);
    out
}

/// Several files as one HTML page: a summary table, then one section per file (each file starts
/// a new page when printed).
pub fn html_files(files: &[ExportFile], reference: &Reference) -> String {
    let mut out = html_head("Claim check report");
    let all: Vec<Finding> = files.iter().flat_map(|f| f.findings().to_vec()).collect();
    out.push_str("<header>\n<h1>Claim check report</h1>\n");
    out.push_str(&format!(
        "<p>{} checked: {}.</p>\n</header>\n<main>\n",
        plural(files.len(), "file"),
        escape(&counts_line(&all))
    ));
    out.push_str("<table class=\"summary\">\n<thead><tr><th>File</th><th>Title</th><th class=\"num\">Errors</th><th class=\"num\">Warnings</th><th class=\"num\">Info</th></tr></thead>\n<tbody>\n");
    for file in files {
        match &file.outcome {
            Ok((draft, findings)) => {
                let [e, w, i] = severity_counts(findings);
                out.push_str(&format!(
                    "<tr><td><code>{}</code></td><td>{}</td><td class=\"num\">{e}</td><td class=\"num\">{w}</td><td class=\"num\">{i}</td></tr>\n",
                    escape(&file.file),
                    escape(&draft.title)
                ));
            }
            Err(_) => out.push_str(&format!(
                "<tr class=\"unreadable\"><td><code>{}</code></td><td colspan=\"4\">could not be checked</td></tr>\n",
                escape(&file.file)
            )),
        }
    }
    out.push_str("</tbody>\n</table>\n");
    for file in files {
        out.push_str(&format!(
            "<section class=\"claim-file\">\n<h2><code>{}</code></h2>\n",
            escape(&file.file)
        ));
        match &file.outcome {
            Ok((draft, findings)) => {
                if !draft.title.trim().is_empty() {
                    out.push_str(&format!(
                        "<p class=\"claim-title\">{}</p>\n",
                        escape(draft.title.trim())
                    ));
                }
                html_claim_body(&mut out, draft, findings, reference, "h3");
            }
            Err(error) => out.push_str(&format!(
                "<p class=\"unreadable\"><strong>Could not be checked:</strong> {}</p>\n",
                escape(error)
            )),
        }
        out.push_str("</section>\n");
    }
    out.push_str("</main>\n");
    html_footer(&mut out, reference);
    out
}

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// What both formats show.

fn claim_title(draft: &ClaimDraft, file_name: Option<&str>) -> String {
    let title = draft.title.trim();
    match (title.is_empty(), file_name) {
        (false, _) => title.to_string(),
        (true, Some(name)) => name.to_string(),
        (true, None) => "Untitled claim".to_string(),
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn severity_counts(findings: &[Finding]) -> [usize; 3] {
    Severity::ALL.map(|s| findings.iter().filter(|f| f.severity == s).count())
}

fn severity_title(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "Error",
        Severity::Warning => "Warning",
        Severity::Info => "Info",
    }
}

/// The claim's fields as (label, value) rows.
fn claim_fields(draft: &ClaimDraft, reference: &Reference) -> Vec<(&'static str, String)> {
    let or_missing = |text: &str| {
        let text = text.trim();
        if text.is_empty() {
            "(not given)".to_string()
        } else {
            text.to_string()
        }
    };
    let pos = draft.place_of_service.trim();
    let place = match reference.place_of_service(pos) {
        Some(place) => format!("{} ({})", place.code, place.name),
        None => or_missing(pos),
    };
    vec![
        ("Title", or_missing(&draft.title)),
        ("Date of service", or_missing(&draft.date_of_service)),
        ("Place of service", place),
    ]
}

/// The diagnoses as "1. C78.7 Secondary malignant neoplasm of liver" (titles from the curated list).
fn diagnosis_items(draft: &ClaimDraft, reference: &Reference) -> Vec<String> {
    draft
        .diagnoses
        .iter()
        .enumerate()
        .map(|(i, code)| {
            let code = code.trim();
            match reference.known_diagnosis(code) {
                Some(known) => format!("{}. {code} {}", i + 1, known.title),
                None => format!("{}. {code}", i + 1),
            }
        })
        .collect()
}

/// A service line for the table.
struct LineRow {
    number: usize,
    code: String,
    description: String,
    modifiers: String,
    units: u32,
    pointers: String,
    findings: String,
}

fn line_rows(draft: &ClaimDraft, findings: &[Finding], reference: &Reference) -> Vec<LineRow> {
    draft
        .lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let code = line.normalized_code();
            let description = reference
                .entry(&code)
                .map(|e| e.description.clone())
                .unwrap_or_else(|| "(not in the reference)".to_string());
            let on_line: Vec<Finding> = findings
                .iter()
                .filter(|f| f.target.line_index() == Some(i))
                .cloned()
                .collect();
            let modifiers: Vec<&str> = line
                .modifiers
                .iter()
                .map(|m| m.trim())
                .filter(|m| !m.is_empty())
                .collect();
            LineRow {
                number: i + 1,
                code: if code.is_empty() {
                    "(none)".into()
                } else {
                    code
                },
                description,
                modifiers: if modifiers.is_empty() {
                    "—".into()
                } else {
                    modifiers.join(", ")
                },
                units: line.units,
                pointers: if line.diagnosis_pointers.is_empty() {
                    "—".into()
                } else {
                    line.diagnosis_pointers
                        .iter()
                        .map(u32::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                },
                findings: if on_line.is_empty() {
                    "—".into()
                } else {
                    counts_short(&on_line)
                },
            }
        })
        .collect()
}

/// "1 error, 2 warnings": only the severities present.
fn counts_short(findings: &[Finding]) -> String {
    let [e, w, i] = severity_counts(findings);
    let mut parts = Vec::new();
    if e > 0 {
        parts.push(plural(e, "error"));
    }
    if w > 0 {
        parts.push(plural(w, "warning"));
    }
    if i > 0 {
        parts.push(format!("{i} info"));
    }
    parts.join(", ")
}

fn documentation_items(draft: &ClaimDraft) -> Vec<(bool, String)> {
    let doc = &draft.documentation;
    let site = doc.target_site.trim();
    vec![
        (
            doc.medical_necessity,
            "Medical necessity for the image guidance".to_string(),
        ),
        (
            !site.is_empty(),
            if site.is_empty() {
                "Target lesion or site".to_string()
            } else {
                format!("Target lesion or site: {site}")
            },
        ),
        (doc.procedure_performed, "Procedure performed".to_string()),
        (
            doc.supervision_and_interpretation,
            "Supervision and interpretation of the images".to_string(),
        ),
    ]
}

/// Where a finding is, in words: "line 2, modifiers".
pub fn describe_target(target: FieldPath) -> String {
    match target {
        FieldPath::Claim => "claim".into(),
        FieldPath::DateOfService => "date of service".into(),
        FieldPath::PlaceOfService => "place of service".into(),
        FieldPath::Diagnoses => "diagnoses".into(),
        FieldPath::Diagnosis(i) => format!("diagnosis {}", i + 1),
        FieldPath::Lines => "service lines".into(),
        FieldPath::LineCode(i) => format!("line {}, code", i + 1),
        FieldPath::LineModifiers(i) => format!("line {}, modifiers", i + 1),
        FieldPath::LineUnits(i) => format!("line {}, units", i + 1),
        FieldPath::LinePointers(i) => format!("line {}, diagnosis pointers", i + 1),
        FieldPath::Documentation(item) => format!(
            "documentation, {}",
            match item {
                DocumentationItem::MedicalNecessity => "medical necessity",
                DocumentationItem::TargetSite => "target site",
                DocumentationItem::ProcedurePerformed => "procedure performed",
                DocumentationItem::SupervisionAndInterpretation => "supervision and interpretation",
            }
        ),
    }
}

fn rule_title<'a>(reference: &'a Reference, finding: &Finding) -> &'a str {
    reference
        .rule(finding.rule)
        .map(|r| r.title.as_str())
        .unwrap_or(finding.rule)
}

fn reference_line(reference: &Reference) -> String {
    format!(
        "Reference data version {}, effective {} ({}).",
        reference.manifest.version, reference.manifest.effective_date, reference.origin
    )
}

// ---------------------------------------------------------------------------------------------
// Markdown.

/// Escapes text so Markdown shows it as typed (a leading `#` too: it would start a heading).
fn md_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 1);
    if text.starts_with('#') {
        out.push('\\');
    }
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '\r' => {}
            '\n' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// A table cell: escaped, on one line, never empty.
fn md_cell(text: &str) -> String {
    let text = md_text(text.trim());
    if text.is_empty() { "—".into() } else { text }
}

/// A code span that holds any text (backticks included).
fn md_code(text: &str) -> String {
    let text = text.replace(['\n', '\r'], " ");
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    if longest > 0 || text.starts_with(' ') || text.ends_with(' ') {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

fn md_claim_body(
    out: &mut String,
    draft: &ClaimDraft,
    findings: &[Finding],
    reference: &Reference,
    file_name: Option<&str>,
    h: &str,
) {
    if let Some(name) = file_name {
        out.push_str(&format!("File: {}\n\n", md_code(name)));
    }
    let [e, w, i] = severity_counts(findings);
    out.push_str(&format!("**Result:** {}\n\n", counts_line(findings)));
    out.push_str(&format!(
        "| Severity | Count |\n|---|---:|\n| Error | {e} |\n| Warning | {w} |\n| Info | {i} |\n\n"
    ));

    out.push_str(&format!("{h} Claim\n\n| Field | Value |\n|---|---|\n"));
    for (label, value) in claim_fields(draft, reference) {
        out.push_str(&format!("| {label} | {} |\n", md_cell(&value)));
    }
    let diagnoses = diagnosis_items(draft, reference);
    out.push_str(&format!(
        "| Diagnoses | {} |\n\n",
        if diagnoses.is_empty() {
            "(none)".to_string()
        } else {
            diagnoses
                .iter()
                .map(|d| md_text(d))
                .collect::<Vec<_>>()
                .join("<br>")
        }
    ));

    out.push_str(&format!("{h}# Service lines\n\n"));
    let rows = line_rows(draft, findings, reference);
    if rows.is_empty() {
        out.push_str("(no service lines)\n\n");
    } else {
        out.push_str("| # | Code | Description | Modifiers | Units | Diagnosis pointers | Findings |\n|---:|---|---|---|---:|---|---|\n");
        for row in rows {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} | {} |\n",
                row.number,
                md_cell(&row.code),
                md_cell(&row.description),
                md_cell(&row.modifiers),
                row.units,
                md_cell(&row.pointers),
                md_cell(&row.findings)
            ));
        }
        out.push('\n');
    }

    out.push_str(&format!("{h}# Documentation\n\n"));
    for (done, item) in documentation_items(draft) {
        out.push_str(&format!(
            "- [{}] {}\n",
            if done { "x" } else { " " },
            md_text(&item)
        ));
    }
    out.push('\n');
    let notes = draft.notes.trim();
    if !notes.is_empty() {
        out.push_str(&format!("{h}# Notes\n\n"));
        for line in notes.lines() {
            out.push_str(&format!("> {}\n", md_text(line)));
        }
        out.push('\n');
    }

    out.push_str(&format!("{h} Findings\n\n"));
    if findings.is_empty() {
        out.push_str("No findings: the claim passes every check.\n");
    }
    for (n, finding) in findings.iter().enumerate() {
        out.push_str(&format!(
            "{h}# {}. {}: {}\n\n",
            n + 1,
            severity_title(finding.severity),
            md_text(rule_title(reference, finding))
        ));
        out.push_str(&format!("{}\n\n", md_text(&finding.message)));
        out.push_str(&format!(
            "- Rule: {}\n- Where: {}\n- Reference: {}\n- Source: {}\n\n",
            md_code(finding.rule),
            md_text(&describe_target(finding.target)),
            md_text(&describe_link(&finding.link)),
            md_text(rule_source(reference, finding))
        ));
    }
    if !out.ends_with("\n\n") {
        out.push('\n');
    }
}

fn md_footer(out: &mut String, reference: &Reference) {
    if !out.ends_with("\n\n") {
        out.push('\n');
    }
    out.push_str("---\n\n");
    out.push_str(&format!("{}\n\n", md_text(&reference_line(reference))));
    out.push_str(&format!("{}\n\n", md_text(SCOPE_NOTE)));
    out.push_str(&format!("{}\n", md_text(CPT_NOTICE)));
}

// ---------------------------------------------------------------------------------------------
// HTML.

const CSS: &str = r#"
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1b1f24; background: #fff; margin: 2rem auto; max-width: 60rem; padding: 0 1.5rem; line-height: 1.45; font-size: 15px; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; border-bottom: 2px solid #d0d7de; padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .4rem; }
h4 { font-size: 1rem; margin: 0 0 .3rem; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .9em; background: #f3f4f6; padding: 0 .25em; border-radius: 3px; }
p.file, p.claim-title { margin: .2rem 0; color: #57606a; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { text-align: left; vertical-align: top; border: 1px solid #d0d7de; padding: .3rem .5rem; }
th { background: #f6f8fa; font-weight: 600; }
td.num, th.num { text-align: right; }
table.fields th { width: 12rem; }
.counts { display: flex; gap: .5rem; flex-wrap: wrap; margin: .75rem 0; }
.badge { display: inline-block; padding: .1rem .55rem; border-radius: 999px; font-size: .85em; font-weight: 600; border: 1px solid transparent; }
.badge.error { background: #ffebe9; color: #a40e26; border-color: #ff8182; }
.badge.warning { background: #fff8c5; color: #7d4e00; border-color: #d4a72c; }
.badge.info { background: #ddf4ff; color: #0a3069; border-color: #54aeff; }
ul.checklist { list-style: none; padding-left: 0; }
ul.checklist li::before { display: inline-block; width: 1.4em; font-weight: 700; }
ul.checklist li.yes::before { content: "\2713"; color: #1a7f37; }
ul.checklist li.no::before { content: "\2717"; color: #a40e26; }
blockquote { margin: .5rem 0; padding: .25rem .75rem; border-left: 4px solid #d0d7de; color: #424a53; white-space: pre-wrap; }
.finding { border: 1px solid #d0d7de; border-left-width: 6px; border-radius: 6px; padding: .6rem .8rem; margin: .6rem 0; }
.finding.error { border-left-color: #cf222e; }
.finding.warning { border-left-color: #bf8700; }
.finding.info { border-left-color: #0969da; }
.finding p { margin: .3rem 0; }
.finding dl { display: grid; grid-template-columns: 6.5rem 1fr; gap: .15rem .6rem; margin: .4rem 0 0; font-size: .9em; }
.finding dt { color: #57606a; }
.finding dd { margin: 0; }
.clean { color: #1a7f37; font-weight: 600; }
.unreadable { color: #a40e26; }
footer { margin-top: 2.5rem; padding-top: .75rem; border-top: 1px solid #d0d7de; font-size: .8em; color: #57606a; }
footer p { margin: .25rem 0; }
@media print {
  @page { margin: 15mm; }
  body { margin: 0; max-width: none; padding: 0; font-size: 10pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  .finding, tr, ul.checklist li { break-inside: avoid; page-break-inside: avoid; }
  section.claim-file + section.claim-file { break-before: page; page-break-before: always; }
  thead { display: table-header-group; }
  footer { break-inside: avoid; }
}
"#;

fn html_head(title: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"cpt-guidance\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        escape(title)
    )
}

fn html_badge(severity: Severity, text: &str) -> String {
    format!(
        "<span class=\"badge {}\">{}</span>",
        severity.label(),
        escape(text)
    )
}

fn html_claim_body(
    out: &mut String,
    draft: &ClaimDraft,
    findings: &[Finding],
    reference: &Reference,
    h: &str,
) {
    let sub = if h == "h2" { "h3" } else { "h4" };
    let counts = severity_counts(findings);
    out.push_str("<div class=\"counts\" aria-label=\"Findings by severity\">");
    for (severity, n) in Severity::ALL.iter().zip(counts) {
        let label = match severity {
            Severity::Info => format!("{n} info"),
            _ => plural(n, severity.label()),
        };
        out.push_str(&html_badge(*severity, &label));
    }
    out.push_str("</div>\n");

    out.push_str(&format!(
        "<{h}>Claim</{h}>\n<table class=\"fields\">\n<tbody>\n"
    ));
    for (label, value) in claim_fields(draft, reference) {
        out.push_str(&format!(
            "<tr><th scope=\"row\">{label}</th><td>{}</td></tr>\n",
            escape(&value)
        ));
    }
    let diagnoses = diagnosis_items(draft, reference);
    out.push_str(&format!(
        "<tr><th scope=\"row\">Diagnoses</th><td>{}</td></tr>\n</tbody>\n</table>\n",
        if diagnoses.is_empty() {
            "(none)".to_string()
        } else {
            diagnoses
                .iter()
                .map(|d| escape(d))
                .collect::<Vec<_>>()
                .join("<br>")
        }
    ));

    out.push_str(&format!("<{sub}>Service lines</{sub}>\n"));
    let rows = line_rows(draft, findings, reference);
    if rows.is_empty() {
        out.push_str("<p>(no service lines)</p>\n");
    } else {
        out.push_str("<table class=\"lines\">\n<thead><tr><th class=\"num\">#</th><th>Code</th><th>Description</th><th>Modifiers</th><th class=\"num\">Units</th><th>Diagnosis pointers</th><th>Findings</th></tr></thead>\n<tbody>\n");
        for row in rows {
            out.push_str(&format!(
                "<tr><td class=\"num\">{}</td><td><code>{}</code></td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>\n",
                row.number,
                escape(&row.code),
                escape(&row.description),
                escape(&row.modifiers),
                row.units,
                escape(&row.pointers),
                escape(&row.findings)
            ));
        }
        out.push_str("</tbody>\n</table>\n");
    }

    out.push_str(&format!(
        "<{sub}>Documentation</{sub}>\n<ul class=\"checklist\">\n"
    ));
    for (done, item) in documentation_items(draft) {
        let (class, state) = if done {
            ("yes", "documented")
        } else {
            ("no", "not confirmed")
        };
        out.push_str(&format!(
            "<li class=\"{class}\">{} <span class=\"state\">({state})</span></li>\n",
            escape(&item)
        ));
    }
    out.push_str("</ul>\n");
    let notes = draft.notes.trim();
    if !notes.is_empty() {
        out.push_str(&format!(
            "<{sub}>Notes</{sub}>\n<blockquote>{}</blockquote>\n",
            escape(notes)
        ));
    }

    out.push_str(&format!("<{h}>Findings</{h}>\n"));
    if findings.is_empty() {
        out.push_str("<p class=\"clean\">No findings: the claim passes every check.</p>\n");
    }
    for (n, finding) in findings.iter().enumerate() {
        let severity = finding.severity;
        out.push_str(&format!(
            "<article class=\"finding {}\">\n<{sub}>{}. {} {}</{sub}>\n<p>{}</p>\n<dl>\n<dt>Rule</dt><dd><code>{}</code></dd>\n<dt>Where</dt><dd>{}</dd>\n<dt>Reference</dt><dd>{}</dd>\n<dt>Source</dt><dd>{}</dd>\n</dl>\n</article>\n",
            severity.label(),
            n + 1,
            html_badge(severity, severity_title(severity)),
            escape(rule_title(reference, finding)),
            escape(&finding.message),
            escape(finding.rule),
            escape(&describe_target(finding.target)),
            escape(&describe_link(&finding.link)),
            escape(rule_source(reference, finding))
        ));
    }
}

fn html_footer(out: &mut String, reference: &Reference) {
    out.push_str(&format!(
        "<footer>\n<p>{}</p>\n<p>{}</p>\n<p>{}</p>\n</footer>\n</body>\n</html>\n",
        escape(&reference_line(reference)),
        escape(SCOPE_NOTE),
        escape(CPT_NOTICE)
    ));
}
