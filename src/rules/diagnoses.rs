//! Diagnoses: count, form, duplicates, validity on the date of service, and whether any supports
//! the guidance code's listed indications.

use super::{Context, FieldPath, Finding, ReferenceLink, Section, Seen, Severity};
use crate::date::Date;
use crate::icd10cm::Verdict;

/// A professional claim carries diagnoses A through L.
pub const MAX_DIAGNOSES: usize = 12;

pub(crate) fn check(context: &Context, findings: &mut Vec<Finding>) {
    let diagnoses = &context.draft.diagnoses;
    if diagnoses.is_empty() {
        findings.push(Finding {
            rule: "DX_NONE",
            severity: Severity::Error,
            message:
                "The claim has no diagnosis: add the ICD-10-CM code that supports the procedure."
                    .into(),
            target: FieldPath::Diagnoses,
            link: ReferenceLink::Rule,
        });
    } else if diagnoses.len() > MAX_DIAGNOSES {
        findings.push(Finding {
            rule: "DX_TOO_MANY",
            severity: Severity::Error,
            message: format!(
                "The claim has {} diagnoses; a claim carries at most {MAX_DIAGNOSES}.",
                diagnoses.len()
            ),
            target: FieldPath::Diagnosis(MAX_DIAGNOSES),
            link: ReferenceLink::Rule,
        });
    }
    let normalized: Vec<Option<String>> = diagnoses.iter().map(|d| normalize(d)).collect();
    let mut seen: Seen<&str> = Seen::new();
    let mut nearest = None;
    for (i, raw) in diagnoses.iter().enumerate() {
        let Some(code) = &normalized[i] else {
            let raw = raw.trim();
            let message = if raw.is_empty() {
                format!(
                    "Diagnosis {} is empty: enter an ICD-10-CM code or remove it.",
                    i + 1
                )
            } else {
                format!(
                    "Diagnosis {}: \"{raw}\" is not an ICD-10-CM code (a letter, a digit, a letter or digit, then an optional dot and up to four more, like C78.7 or M54.50).",
                    i + 1
                )
            };
            findings.push(diagnosis_finding(
                "DX_FORMAT",
                Severity::Error,
                message,
                i,
                ReferenceLink::Rule,
            ));
            continue;
        };
        if !seen.insert(code.as_str()) {
            let message = format!(
                "Diagnosis {} ({code}) is listed twice; list it once and point to it.",
                i + 1
            );
            findings.push(diagnosis_finding(
                "DX_DUPLICATE",
                Severity::Warning,
                message,
                i,
                ReferenceLink::Rule,
            ));
            continue;
        }
        nearest = validity(context, i, code, findings).or(nearest);
    }
    nearest_release_note(context, nearest, findings);
    indications(context, &normalized, findings);
}

fn diagnosis_finding(
    rule: &'static str,
    severity: Severity,
    message: String,
    i: usize,
    link: ReferenceLink,
) -> Finding {
    Finding {
        rule,
        severity,
        message,
        target: FieldPath::Diagnosis(i),
        link,
    }
}

/// The dotted, upper-case form of an ICD-10-CM code, or `None` when it is not of that form:
/// a letter, a digit, a letter or digit, then an optional dot and up to four letters or digits.
/// The code sets' own normalization, shown dotted; a trailing dot ("C78.") is refused as a typo.
pub fn normalize(input: &str) -> Option<String> {
    if input.trim_end().ends_with('.') {
        return None;
    }
    let mut buf = [0u8; 8];
    crate::icd10cm::normalize_into(input, &mut buf).map(crate::icd10cm::dotted)
}

/// How many billable codes a header finding lists before "and N more".
const LISTED_CHILDREN: usize = 8;

/// Checks a code against the ICD-10-CM release in force on the date of service, or, without the
/// code sets, against the curated list (where an unknown code is information, never an error).
fn validity(
    context: &Context,
    i: usize,
    code: &str,
    findings: &mut Vec<Finding>,
) -> Option<NearestRelease> {
    let Some(sets) = context.reference.icd10cm() else {
        curated_validity(context, i, code, findings);
        return None;
    };
    let date = context.date_of_service.unwrap_or(context.today);
    if sets.is_plainly_billable(code, date) {
        // The common case, answered without building a status: nothing to report.
        return None;
    }
    let status = sets.status_listing(code, date, LISTED_CHILDREN);
    if !status.in_range {
        // Outside every bundled release a curated validity window is the better witness
        // (M48.06 was billable until 2017-09-30, before the oldest bundled release).
        let curated = context.reference.known_diagnosis(code);
        if curated.is_some_and(|k| k.billable_from.is_some() || k.billable_until.is_some()) {
            curated_validity(context, i, code, findings);
            return Some(NearestRelease(status.release));
        }
    }
    let link = ReferenceLink::Diagnosis {
        code: code.to_string(),
    };
    let checked = format!("{date}, {} release", status.release);
    let bracket = status.bracket.as_ref().map(|(before, after)| {
        format!(" The bundled releases disagree about this code: it changed between the {before} and the {after} release, and the exact date is not bundled; verify it for this date of service.")
    });
    let severity = if bracket.is_some() {
        Severity::Warning
    } else {
        Severity::Error
    };
    match status.verdict {
        Verdict::Billable { .. } => {}
        Verdict::Malformed { .. } => {} // `normalize` already refused these as DX_FORMAT.
        Verdict::Header {
            code,
            title,
            billable_children,
            unlisted_children,
        } => {
            let since = status
                .curated_source
                .as_ref()
                .and_then(|_| {
                    let wanted = crate::icd10cm::normalize(&code);
                    sets.curated_changes()
                        .iter()
                        .find(|c| crate::icd10cm::normalize(&c.code) == wanted)
                })
                .map(|c| format!(" since {}", c.becomes_header_on))
                .unwrap_or_default();
            let codes: Vec<String> = billable_children.into_iter().map(|(c, _)| c).collect();
            let more = if unlisted_children > 0 {
                format!(" (and {unlisted_children} more)")
            } else {
                String::new()
            };
            let message = format!(
                "Diagnosis {} ({code}, {title}) is a category header, not a billable code{since} (checked on {checked}): use {}{more}.{}",
                i + 1,
                super::or_list(&codes),
                bracket.unwrap_or_default()
            );
            findings.push(diagnosis_finding(
                "DX_NOT_BILLABLE",
                severity,
                message,
                i,
                link,
            ));
        }
        Verdict::NotInCodeSet { code } => {
            let message = format!(
                "Diagnosis {} ({code}) is not a valid ICD-10-CM code on the date of service (checked on {checked}).{}",
                i + 1,
                bracket.unwrap_or_default()
            );
            findings.push(diagnosis_finding(
                "DX_NOT_IN_CODE_SET",
                severity,
                message,
                i,
                link,
            ));
        }
    }
    (!status.in_range).then_some(NearestRelease(status.release))
}

/// The name of the release used because no bundled release covers the date of service.
struct NearestRelease(String);

/// One information finding when the date of service is outside every bundled release.
fn nearest_release_note(
    context: &Context,
    nearest: Option<NearestRelease>,
    findings: &mut Vec<Finding>,
) {
    let Some(NearestRelease(release)) = nearest else {
        return;
    };
    let date = context
        .date_of_service
        .map(|d| format!("The date of service {d} is"))
        .unwrap_or_else(|| {
            format!(
                "With no valid date of service, today ({}) is used; it is",
                context.today
            )
        });
    findings.push(Finding {
        rule: "DX_RELEASE_NEAREST",
        severity: Severity::Info,
        message: format!(
            "{date} outside every bundled ICD-10-CM release; the diagnoses were checked against the nearest one, {release}. Verify codes that changed since."
        ),
        target: FieldPath::Diagnoses,
        link: ReferenceLink::Rule,
    });
}

/// Validity from the curated list (`reference/icd10.ron`) alone.
fn curated_validity(context: &Context, i: usize, code: &str, findings: &mut Vec<Finding>) {
    let link = ReferenceLink::Diagnosis {
        code: code.to_string(),
    };
    let Some(known) = context.reference.known_diagnosis(code) else {
        let message = format!(
            "Diagnosis {} ({code}) is well formed but not in the bundled list; verify it in the ICD-10-CM code set for the date of service.",
            i + 1
        );
        findings.push(diagnosis_finding(
            "DX_UNKNOWN",
            Severity::Info,
            message,
            i,
            link,
        ));
        return;
    };
    let Some(date) = context.date_of_service else {
        return; // DOS_MISSING already asks for the date; validity depends on it.
    };
    let parse = |d: &Option<String>| d.as_deref().and_then(|d| Date::parse(d).ok());
    let too_early = parse(&known.billable_from).filter(|from| date < *from);
    let too_late = parse(&known.billable_until).filter(|until| date > *until);
    let when = match (too_early, too_late) {
        (Some(from), _) => format!("is billable only from {from}"),
        (_, Some(until)) => format!("is not billable after {until}"),
        _ => return,
    };
    let instead = if known.use_instead.is_empty() {
        String::new()
    } else {
        format!(" Use {} instead.", super::or_list(&known.use_instead))
    };
    let message = format!(
        "Diagnosis {} ({code}, {}) {when}; the date of service is {date}.{instead}",
        i + 1,
        known.title
    );
    findings.push(diagnosis_finding(
        "DX_NOT_BILLABLE",
        Severity::Error,
        message,
        i,
        link,
    ));
}

/// True when `diagnosis` is `listed` or one of its subcodes (M54.50 under M54.5), or the reverse.
fn related(diagnosis: &str, listed: &str) -> bool {
    // One is a prefix of the other, dots ignored: compare until either ends (no allocation).
    let mut d = diagnosis.bytes().filter(|&b| b != b'.');
    let mut l = listed.bytes().filter(|&b| b != b'.');
    loop {
        match (d.next(), l.next()) {
            (Some(a), Some(b)) if a == b => {}
            (Some(_), Some(_)) => return false,
            _ => return true,
        }
    }
}

fn indications(context: &Context, normalized: &[Option<String>], findings: &mut Vec<Finding>) {
    let mut seen = Vec::new();
    for (i, code) in context.guidance_lines() {
        if seen.contains(&code) || !context.reference.guidance(code).is_some_and(|g| g.core) {
            continue;
        }
        seen.push(code);
        // Only codes whose source lists indications are checked (77003's source lists none).
        let Some(source) = context
            .reference
            .guidance(code)
            .and_then(|g| g.indications_from.as_deref())
        else {
            continue;
        };
        let listed = context
            .reference
            .entry(source)
            .map(|e| e.icd10_codes.as_slice())
            .unwrap_or(&[]);
        // The diagnoses this line points to, or all of them when it points nowhere valid.
        let pointed: Vec<&String> = context.draft.lines[i]
            .diagnosis_pointers
            .iter()
            .filter_map(|&p| normalized.get((p as usize).checked_sub(1)?)?.as_ref())
            .collect();
        let considered: Vec<&String> = if pointed.is_empty() {
            normalized.iter().flatten().collect()
        } else {
            pointed
        };
        if listed.is_empty() || considered.is_empty() {
            continue;
        }
        if considered
            .iter()
            .any(|d| listed.iter().any(|l| related(d, &l.code)))
        {
            continue;
        }
        let given = considered
            .iter()
            .map(|d| d.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let examples = listed
            .iter()
            .map(|l| l.code.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        findings.push(Finding {
            rule: "DX_INDICATION",
            severity: Severity::Info,
            message: format!(
                "None of the diagnoses for {code} (line {}: {given}) is among its listed indications ({examples}); make sure the record states why the guidance was medically necessary.",
                i + 1
            ),
            target: FieldPath::LinePointers(i),
            link: ReferenceLink::section(source, Section::Icd10Codes, None),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_icd10_forms() {
        assert_eq!(normalize("c78.7").as_deref(), Some("C78.7"));
        assert_eq!(normalize("M5450").as_deref(), Some("M54.50"));
        assert_eq!(normalize(" R91.1 ").as_deref(), Some("R91.1"));
        assert_eq!(normalize("U07.1").as_deref(), Some("U07.1"));
        assert_eq!(normalize("C7A.00").as_deref(), Some("C7A.00"));
        assert_eq!(normalize("S72.001A").as_deref(), Some("S72.001A"));
        assert_eq!(normalize("R91").as_deref(), Some("R91"));
        for bad in [
            "",
            "78.7",
            "CC8.7",
            "C78.",
            "C78.12345",
            "C7.81",
            "C78..1",
            "C78-7",
            "1234",
        ] {
            assert_eq!(normalize(bad), None, "{bad}");
        }
    }

    #[test]
    fn related_codes() {
        assert!(related("M54.50", "M54.5"));
        assert!(related("M48.061", "M48.06"));
        assert!(!related("M54.16", "M54.5"));
    }
}
