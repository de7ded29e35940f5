//! The image-guidance rules: never standalone, one modality, one session, not on top of a primary
//! that includes guidance, 77003's family, and 77014 versus 77012.

use super::Piece::{N, S};
use super::{
    Context, FieldPath, Finding, ReferenceLink, Section, Severity, describe_lines, guideline,
    or_list, pieces,
};
use crate::date::Date;
use crate::reference::{FastMap, GuidanceIncluded};

pub(crate) fn check(context: &Context, findings: &mut Vec<Finding>) {
    let guidance: Vec<(usize, &str)> = context.guidance_lines().collect();
    if guidance.is_empty() {
        return;
    }
    let primaries: Vec<(usize, &str)> = context.primary_lines().collect();
    standalone(context, &guidance, &primaries, findings);
    multiple_modalities(context, &guidance, findings);
    units(context, &guidance, findings);
    // What depends only on the guidance code is worked out once per code, not once per line, so
    // a draft with thousands of lines stays linear.
    let mut bundling: FastMap<&str, Bundling> = FastMap::default();
    let mut fluoroscopy: Option<Option<String>> = None;
    let mut needles: Option<Option<String>> = None;
    for &(i, code) in &guidance {
        let bundled = bundling
            .entry(code)
            .or_insert_with(|| bundling_primaries(context, code, &primaries));
        included_in_primary(i, code, bundled, findings);
        if code == "77003" {
            let others = fluoroscopy
                .get_or_insert_with(|| fluoroscopy_others(context, &primaries, &bundled.lines));
            fluoroscopy_family(i, others.as_deref(), findings);
        }
        if code == "77014" {
            let needles = needles.get_or_insert_with(|| needle_lines(context, &primaries));
            ct_77014(i, needles.as_deref(), findings);
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
    // The earliest guidance line with another code is the first line when the codes differ,
    // else the first line whose code differs from the first line's.
    let Some(&first) = guidance.first() else {
        return;
    };
    let first_other = guidance.iter().position(|(_, c)| *c != first.1);
    // "59, XE, XS or XU", made once for all the findings that name it.
    let mut listed: Option<String> = None;
    for (n, &(i, code)) in guidance.iter().enumerate() {
        let earlier_other = if code != first.1 {
            Some(first)
        } else {
            first_other.filter(|&k| k < n).map(|k| guidance[k])
        };
        let Some((first_line, first_code)) = earlier_other else {
            continue;
        };
        let line = &context.draft.lines[i];
        let marked = distinct.iter().any(|m| line.has_modifier(m));
        // "{code} (line {i}) and {first_code} (line {first_line}) are two different image-guidance
        // codes on one claim: {advice}", from pieces (see `pieces`).
        let head = [
            S(code),
            S(" (line "),
            N(i + 1),
            S(") and "),
            S(first_code),
            S(" (line "),
            N(first_line + 1),
            S(") are two different image-guidance codes on one claim: "),
        ];
        let (severity, message) = if marked {
            (
                Severity::Warning,
                pieces(&[
                    &head,
                    &[S("the record must document the separate site or session.")],
                ]),
            )
        } else {
            let listed = listed.get_or_insert_with(|| or_list(distinct));
            (
                Severity::Error,
                pieces(&[
                    &head,
                    &[
                        S("only one form of guidance is reported for a needle placement; if "),
                        S(code),
                        S(" guided a separate site or session, add "),
                        S(listed),
                        S(" to line "),
                        N(i + 1),
                        S("."),
                    ],
                ]),
            )
        };
        findings.push(Finding {
            rule: "GUIDANCE_MULTIPLE_MODALITIES",
            severity,
            message,
            target: FieldPath::LineCode(i),
            link: guideline_link(context, first_code, guideline::ONE_MODALITY),
        });
    }
}

fn units(context: &Context, guidance: &[(usize, &str)], findings: &mut Vec<Finding>) {
    let distinct = &context.reference.tables.distinct_lesion_modifiers.codes;
    // The first line of each guidance code.
    let mut first_line: FastMap<&str, usize> = FastMap::default();
    // "XS or XU", made once for all the findings that name it.
    let mut listed: Option<String> = None;
    for &(i, code) in guidance {
        let line = &context.draft.lines[i];
        let marked = distinct.iter().any(|m| line.has_modifier(m));
        let earlier = first_line.get(code).copied();
        first_line.entry(code).or_insert(i);
        // "{code} (line {i}) reports {units} units" or "{code} is on line {first} and again on
        // line {i}", from pieces (see `pieces`).
        let units = usize::try_from(line.units).unwrap_or(usize::MAX);
        let what = match (line.units > 1, earlier) {
            (true, _) => [
                S(code),
                S(" (line "),
                N(i + 1),
                S(") reports "),
                N(units),
                S(" units"),
            ],
            (false, Some(first)) => [
                S(code),
                S(" is on line "),
                N(first + 1),
                S(" and again on line "),
                N(i + 1),
                S(""),
            ],
            (false, None) => continue,
        };
        let (severity, message, target) = if marked {
            (
                Severity::Warning,
                pieces(&[
                    &what,
                    &[S(
                        ": the record must document the distinct lesion or site for each extra session.",
                    )],
                ]),
                FieldPath::LineCode(i),
            )
        } else {
            let listed = listed.get_or_insert_with(|| or_list(distinct));
            (
                Severity::Error,
                pieces(&[
                    &what,
                    &[
                        S(
                            ": guidance is one session per target, whatever the number of passes or samples; report one unit, or mark a distinct lesion or site with ",
                        ),
                        S(listed),
                        S(" on its own line."),
                    ],
                ]),
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

/// The primaries that already include one guidance code.
struct Bundling<'a> {
    /// Each bundling primary code once, at its first line, with the row that says so.
    first: Vec<(usize, &'a str, &'a GuidanceIncluded)>,
    /// Every line of a bundling primary, in line order (so `binary_search` finds one).
    lines: Vec<usize>,
}

fn bundling_primaries<'a>(
    context: &'a Context,
    code: &str,
    primaries: &[(usize, &'a str)],
) -> Bundling<'a> {
    let mut bundling = Bundling {
        first: Vec::new(),
        lines: Vec::new(),
    };
    let mut rows: FastMap<&str, Option<&GuidanceIncluded>> = FastMap::default();
    for &(p, primary) in primaries {
        let mut new_code = false;
        let row = *rows.entry(primary).or_insert_with(|| {
            new_code = true;
            context.reference.guidance_included(primary, code)
        });
        if let Some(row) = row {
            bundling.lines.push(p);
            if new_code {
                bundling.first.push((p, primary, row));
            }
        }
    }
    bundling
}

/// Reports primaries that already include guidance: each primary code once (at its first line),
/// so a draft repeating a code thousands of times gets one finding per guidance line, not
/// thousands.
fn included_in_primary(i: usize, code: &str, bundling: &Bundling, findings: &mut Vec<Finding>) {
    for &(p, primary, row) in &bundling.first {
        let instead = row
            .use_instead
            .iter()
            .find(|(from, _)| from == primary)
            .map(|(_, to)| to.as_str());
        // A large draft repeats this finding by the hundred: built from pieces, not `format!`.
        // "{code} (line {i}) must not be added to {primary} (line {p}): {primary} covers {what}; "
        let head = [
            S(code),
            S(" (line "),
            N(i + 1),
            S(") must not be added to "),
            S(primary),
            S(" (line "),
            N(p + 1),
            S("): "),
            S(primary),
            S(" covers "),
            S(&row.what),
            S("; "),
        ];
        let message = match instead {
            Some(with_guidance) => pieces(&[
                &head,
                &[
                    S(primary),
                    S(" is the without-guidance code: when imaging guided it, report "),
                    S(with_guidance),
                    S(" alone, without "),
                    S(code),
                    S("."),
                ],
            ]),
            None => pieces(&[
                &head,
                &[S("remove "), S(code), S(" (line "), N(i + 1), S(").")],
            ]),
        };
        findings.push(Finding {
            rule: "GUIDANCE_INCLUDED_IN_PRIMARY",
            severity: Severity::Error,
            message,
            target: FieldPath::LineCode(i),
            link: ReferenceLink::entry(primary),
        });
    }
}

/// The primaries 77003 is reported with that are neither bundling it nor CPT's listed 77003
/// primaries, described for a message; `None` when there is nothing to say.
fn fluoroscopy_others(
    context: &Context,
    primaries: &[(usize, &str)],
    bundled: &[usize],
) -> Option<String> {
    let others: Vec<(usize, &str)> = primaries
        .iter()
        .copied()
        .filter(|(p, _)| bundled.binary_search(p).is_err())
        .collect();
    if others.is_empty()
        || others
            .iter()
            .any(|(_, code)| context.reference.is_77003_primary(code))
    {
        return None;
    }
    Some(describe_lines(others))
}

fn fluoroscopy_family(i: usize, others: Option<&str>, findings: &mut Vec<Finding>) {
    let Some(others) = others else {
        return;
    };
    findings.push(Finding {
        rule: "FLUORO_77003_PRIMARY",
        severity: Severity::Warning,
        message: format!(
            "77003 (line {}) is reported with {}, which is not among the spine or paraspinous injection procedures CPT lists for 77003; for fluoroscopic guidance at other sites 77002 is usually the code.",
            i + 1,
            others
        ),
        target: FieldPath::LineCode(i),
        link: ReferenceLink::section("77003", Section::CodingGuidelines, None),
    });
}

/// The needle procedures on the claim, described for a message; `None` when there are none.
fn needle_lines(context: &Context, primaries: &[(usize, &str)]) -> Option<String> {
    let needles: Vec<(usize, &str)> = primaries
        .iter()
        .copied()
        .filter(|(_, code)| context.reference.is_needle_procedure(code))
        .collect();
    (!needles.is_empty()).then(|| describe_lines(needles))
}

fn ct_77014(i: usize, needles: Option<&str>, findings: &mut Vec<Finding>) {
    if let Some(needles) = needles {
        findings.push(Finding {
            rule: "CT_77014_NEEDLE",
            severity: Severity::Warning,
            message: format!(
                "77014 (line {}) is CT guidance for radiation therapy fields; with the needle procedure {} the CT guidance code is 77012. Replace 77014 with 77012.",
                i + 1,
                needles
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
