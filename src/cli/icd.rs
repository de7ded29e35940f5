//! `cpt-guidance icd`: look up one ICD-10-CM code on a date, or search codes and titles.

use std::io::Write;

use serde::Serialize;

use super::exit;
use crate::date::Date;
use crate::icd10cm::{CodeSets, Verdict};

#[derive(Serialize)]
struct Lookup<'a> {
    input: &'a str,
    date: String,
    release: &'a str,
    in_range: bool,
    /// "billable", "header", "not_in_code_set" or "malformed".
    status: &'static str,
    code: Option<&'a str>,
    title: Option<&'a str>,
    billable_children: Vec<Child<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    changed_between: Option<&'a (String, String)>,
    #[serde(skip_serializing_if = "Option::is_none")]
    curated_source: Option<&'a str>,
}

#[derive(Serialize)]
struct Child<'a> {
    code: &'a str,
    title: &'a str,
}

/// Prints what `code` is on `date`. Exit 0 for a billable code, 1 otherwise.
pub fn lookup(sets: &CodeSets, code: &str, date: Date, json: bool, out: &mut dyn Write) -> u8 {
    let status = sets.status(code, date);
    let (kind, shown, title, children): (_, _, _, &[(String, String)]) = match &status.verdict {
        Verdict::Billable { code, title } => {
            ("billable", Some(code.as_str()), Some(title.as_str()), &[])
        }
        Verdict::Header {
            code,
            title,
            billable_children,
            ..
        } => (
            "header",
            Some(code.as_str()),
            Some(title.as_str()),
            billable_children,
        ),
        Verdict::NotInCodeSet { code } => ("not_in_code_set", Some(code.as_str()), None, &[]),
        Verdict::Malformed { .. } => ("malformed", None, None, &[]),
    };
    if json {
        let lookup = Lookup {
            input: code,
            date: date.to_string(),
            release: &status.release,
            in_range: status.in_range,
            status: kind,
            code: shown,
            title,
            billable_children: children
                .iter()
                .map(|(code, title)| Child { code, title })
                .collect(),
            changed_between: status.bracket.as_ref(),
            curated_source: status.curated_source.as_deref(),
        };
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&lookup).unwrap_or_default()
        )
        .ok();
    } else {
        let range = if status.in_range {
            ""
        } else {
            " (nearest release: no bundled release covers the date)"
        };
        let name = shown.unwrap_or(code.trim());
        let verdict = match kind {
            "billable" => "billable",
            "header" => "a category header, not billable",
            "not_in_code_set" => "not a valid ICD-10-CM code on this date",
            _ => {
                "not an ICD-10-CM code (a letter, a digit, a letter or digit, then up to four more)"
            }
        };
        writeln!(out, "{name}: {verdict}").ok();
        if let Some(title) = title {
            writeln!(out, "  {title}").ok();
        }
        writeln!(out, "  checked on {date} against {}{range}", status.release).ok();
        if let Some((before, after)) = &status.bracket {
            writeln!(
                out,
                "  changed between the {before} and the {after} release; verify for this date"
            )
            .ok();
        }
        if let Some(source) = &status.curated_source {
            writeln!(out, "  curated change date: {source}").ok();
        }
        if !children.is_empty() {
            writeln!(out, "  billable codes under it:").ok();
            for (code, title) in children {
                writeln!(out, "    {code:<8} {title}").ok();
            }
        }
    }
    if status.is_billable() {
        exit::CLEAN
    } else {
        exit::ERRORS
    }
}

/// Prints the best matches for `query` (a code prefix or title words) in the release for `date`.
pub fn search(
    sets: &CodeSets,
    query: &str,
    date: Date,
    limit: usize,
    json: bool,
    out: &mut dyn Write,
) -> u8 {
    let selection = sets.for_date(date);
    let matches = selection.set.search(query, limit);
    if json {
        #[derive(Serialize)]
        struct Match {
            code: String,
            billable: bool,
            title: String,
        }
        let list: Vec<Match> = matches
            .iter()
            .map(|r| Match {
                code: r.dotted(),
                billable: r.billable,
                title: r.title.to_string(),
            })
            .collect();
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&list).unwrap_or_default()
        )
        .ok();
    } else if matches.is_empty() {
        writeln!(
            out,
            "no code or title matches \"{query}\" in the {}",
            selection.set.release().name
        )
        .ok();
    } else {
        for r in &matches {
            let mark = if r.billable { " " } else { "*" };
            writeln!(out, "{:<8}{mark} {}", r.dotted(), r.title).ok();
        }
        writeln!(
            out,
            "({} matches in the {}; * = header, not billable)",
            matches.len(),
            selection.set.release().name
        )
        .ok();
    }
    if matches.is_empty() {
        exit::ERRORS
    } else {
        exit::CLEAN
    }
}
