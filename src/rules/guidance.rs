//! The image-guidance rules: never standalone, one modality, one session, not on top of a primary
//! that includes guidance, 77003's family, and 77014 versus 77012.

use super::{
    Context, FieldPath, Finding, ReferenceLink, Section, Severity, describe_lines, guideline,
    or_list,
};
use crate::date::Date;

pub(crate) fn check(context: &Context, findings: &mut Vec<Finding>) {
    let guidance: Vec<(usize, &str)> = context.guidance_lines().collect();
    if guidance.is_empty() {
        return;
    }
    let primaries: Vec<(usize, &str)> = context.primary_lines().collect();
    standalone(context, &guidance, &primaries, findings);
    multiple_modalities(context, &guidance, findings);
    units(context, &guidance, findings);
    for &(i, code) in &guidance {
        let bundled = included_in_primary(context, i, code, &primaries, findings);
        if code == "77003" {
            fluoroscopy_family(context, i, &primaries, &bundled, findings);
        }
        if code == "77014" {
            ct_77014(context, i, &primaries, findings);
        }
        status_in_doubt(context, i, code, findings);
    }
}

/// The guideline behind a rule for `code`: the numbered CT guideline for 77012 and the seed's
/// 77014 (same order); a code's own guidelines when its entry has them; else 77012's, whose
/// guidelines speak for image guidance in general.
fn guideline_link(context: &Context, code: &str, item: usize) -> ReferenceLink {
    match code {
        "77012" | "77014" => ReferenceLink::section(code, Section::CodingGuidelines, Some(item)),
        _ if context
            .reference
            .entry(code)
            .is_some_and(|e| !e.coding_guidelines.is_empty()) =>
        {
            ReferenceLink::section(code, Section::CodingGuidelines, None)
        }
        _ => ReferenceLink::section("77012", Section::CodingGuidelines, Some(item)),
    }
}

fn standalone(
    context: &Context,
    guidance: &[(usize, &str)],
    primaries: &[(usize, &str)],
    findings: &mut Vec<Finding>,
) {
    if !primaries.is_empty() {
        return;
    }
    for &(i, code) in guidance {
        if !context.reference.guidance(code).is_some_and(|g| g.core) {
            continue;
        }
        findings.push(Finding {
            rule: "GUIDANCE_STANDALONE",
            severity: Severity::Error,
            message: format!(
                "{code} (line {}) is image guidance and is never billed on its own: add the primary procedure it guided (the biopsy, aspiration, injection or drainage code).",
                i + 1
            ),
            target: FieldPath::LineCode(i),
            link: guideline_link(context, code, guideline::STANDALONE),
        });
    }
}

fn multiple_modalities(context: &Context, guidance: &[(usize, &str)], findings: &mut Vec<Finding>) {
    let distinct = &context.reference.tables.distinct_procedure_modifiers.codes;
    for (n, &(i, code)) in guidance.iter().enumerate() {
        let Some(&(first_line, first_code)) = guidance[..n].iter().find(|(_, c)| *c != code) else {
            continue;
        };
        let line = &context.draft.lines[i];
        let marked = distinct.iter().any(|m| line.has_modifier(m));
        let (severity, advice) = if marked {
            (
                Severity::Warning,
                "the record must document the separate site or session.".to_string(),
            )
        } else {
            (
                Severity::Error,
                format!(
                    "only one form of guidance is reported for a needle placement; if {code} guided a separate site or session, add {} to line {}.",
                    or_list(distinct),
                    i + 1
                ),
            )
        };
        findings.push(Finding {
            rule: "GUIDANCE_MULTIPLE_MODALITIES",
            severity,
            message: format!(
                "{code} (line {}) and {first_code} (line {}) are two different image-guidance codes on one claim: {advice}",
                i + 1,
                first_line + 1
            ),
            target: FieldPath::LineCode(i),
            link: guideline_link(context, first_code, guideline::ONE_MODALITY),
        });
    }
}

fn units(context: &Context, guidance: &[(usize, &str)], findings: &mut Vec<Finding>) {
    let distinct = &context.reference.tables.distinct_lesion_modifiers.codes;
    for (n, &(i, code)) in guidance.iter().enumerate() {
        let line = &context.draft.lines[i];
        let marked = distinct.iter().any(|m| line.has_modifier(m));
        let earlier = guidance[..n]
            .iter()
            .find(|(_, c)| *c == code)
            .map(|&(l, _)| l);
        let what = match (line.units > 1, earlier) {
            (true, _) => format!("{code} (line {}) reports {} units", i + 1, line.units),
            (false, Some(first)) => format!(
                "{code} is on line {} and again on line {}",
                first + 1,
                i + 1
            ),
            (false, None) => continue,
        };
        let (severity, message, target) = if marked {
            (
                Severity::Warning,
                format!(
                    "{what}: the record must document the distinct lesion or site for each extra session."
                ),
                FieldPath::LineCode(i),
            )
        } else {
            (
                Severity::Error,
                format!(
                    "{what}: guidance is one session per target, whatever the number of passes or samples; report one unit, or mark a distinct lesion or site with {} on its own line.",
                    or_list(distinct)
                ),
                if line.units > 1 {
                    FieldPath::LineUnits(i)
                } else {
                    FieldPath::LineCode(i)
                },
            )
        };
        findings.push(Finding {
            rule: "GUIDANCE_UNITS",
            severity,
            message,
            target,
            link: guideline_link(context, code, guideline::SINGLE_SESSION),
        });
    }
}

/// Reports primaries that already include guidance; returns their line indexes.
fn included_in_primary(
    context: &Context,
    i: usize,
    code: &str,
    primaries: &[(usize, &str)],
    findings: &mut Vec<Finding>,
) -> Vec<usize> {
    let mut bundled = Vec::new();
    for &(p, primary) in primaries {
        let Some(row) = context.reference.guidance_included(primary, code) else {
            continue;
        };
        bundled.push(p);
        let instead = row
            .use_instead
            .iter()
            .find(|(from, _)| from == primary)
            .map(|(_, to)| to);
        let advice = match instead {
            Some(with_guidance) => format!(
                "{primary} is the without-guidance code: when imaging guided it, report {with_guidance} alone, without {code}."
            ),
            None => format!("remove {code} (line {}).", i + 1),
        };
        findings.push(Finding {
            rule: "GUIDANCE_INCLUDED_IN_PRIMARY",
            severity: Severity::Error,
            message: format!(
                "{code} (line {}) must not be added to {primary} (line {}): {primary} covers {}; {advice}",
                i + 1,
                p + 1,
                row.what
            ),
            target: FieldPath::LineCode(i),
            link: ReferenceLink::entry(primary),
        });
    }
    bundled
}

fn fluoroscopy_family(
    context: &Context,
    i: usize,
    primaries: &[(usize, &str)],
    bundled: &[usize],
    findings: &mut Vec<Finding>,
) {
    let others: Vec<(usize, &str)> = primaries
        .iter()
        .copied()
        .filter(|(p, _)| !bundled.contains(p))
        .collect();
    if others.is_empty()
        || others
            .iter()
            .any(|(_, code)| context.reference.is_77003_primary(code))
    {
        return;
    }
    findings.push(Finding {
        rule: "FLUORO_77003_PRIMARY",
        severity: Severity::Warning,
        message: format!(
            "77003 (line {}) is reported with {}, which is not among the spine or paraspinous injection procedures CPT lists for 77003; for fluoroscopic guidance at other sites 77002 is usually the code.",
            i + 1,
            describe_lines(others)
        ),
        target: FieldPath::LineCode(i),
        link: ReferenceLink::section("77003", Section::CodingGuidelines, None),
    });
}

fn ct_77014(context: &Context, i: usize, primaries: &[(usize, &str)], findings: &mut Vec<Finding>) {
    let needles: Vec<(usize, &str)> = primaries
        .iter()
        .copied()
        .filter(|(_, code)| context.reference.is_needle_procedure(code))
        .collect();
    if !needles.is_empty() {
        findings.push(Finding {
            rule: "CT_77014_NEEDLE",
            severity: Severity::Warning,
            message: format!(
                "77014 (line {}) is CT guidance for radiation therapy fields; with the needle procedure {} the CT guidance code is 77012. Replace 77014 with 77012.",
                i + 1,
                describe_lines(needles)
            ),
            target: FieldPath::LineCode(i),
            link: ReferenceLink::entry("77014"),
        });
    }
}

/// An information finding when the date of service is on or after the code's `verify_from`.
fn status_in_doubt(context: &Context, i: usize, code: &str, findings: &mut Vec<Finding>) {
    let Some(guidance) = context.reference.guidance(code) else {
        return;
    };
    let from = guidance
        .verify_from
        .as_deref()
        .and_then(|d| Date::parse(d).ok());
    let (Some(from), Some(date)) = (from, context.date_of_service) else {
        return;
    };
    if date < from {
        return;
    }
    let note = guidance
        .verify_note
        .as_deref()
        .unwrap_or("check the payer's fee schedule");
    findings.push(Finding {
        rule: "GUIDANCE_STATUS_VERIFY",
        severity: Severity::Info,
        message: format!(
            "{code} (line {}) on a date of service from {from}: {note}.",
            i + 1
        ),
        target: FieldPath::LineCode(i),
        link: ReferenceLink::section(code, Section::Notes, None),
    });
}
