//! Modifiers on each line: known, not repeated, not contradicting each other, and 26 on guidance
//! lines in facility settings.

use std::borrow::Cow;

use super::{Context, FieldPath, Finding, ReferenceLink, Section, Seen, Severity, guideline};

pub(crate) fn check(context: &Context, findings: &mut Vec<Finding>) {
    let tables = &context.reference.tables;
    for (i, line) in context.draft.lines.iter().enumerate() {
        let code = context.codes[i].as_ref();
        // Trimmed and upper-case; borrowed when already so (no allocation per modifier).
        let modifiers: Vec<Cow<str>> = line
            .modifiers
            .iter()
            .map(|m| m.trim())
            .filter(|m| !m.is_empty())
            .map(|m| {
                if m.bytes().any(|b| b.is_ascii_lowercase()) {
                    Cow::Owned(m.to_ascii_uppercase())
                } else {
                    Cow::Borrowed(m)
                }
            })
            .collect();
        let mut push = |rule, severity, message, link| {
            findings.push(Finding {
                rule,
                severity,
                message,
                target: FieldPath::LineModifiers(i),
                link,
            })
        };
        let mut seen = Seen::new();
        for modifier in &modifiers {
            if !seen.insert(modifier.as_ref()) {
                push(
                    "MODIFIER_DUPLICATE",
                    Severity::Warning,
                    format!("Line {} ({code}) lists modifier {modifier} twice.", i + 1),
                    ReferenceLink::Rule,
                );
            } else if context.reference.modifier(modifier).is_none() {
                push(
                    "MODIFIER_UNKNOWN",
                    Severity::Error,
                    format!(
                        "Line {} ({code}): modifier \"{modifier}\" is not in the modifier dictionary.",
                        i + 1
                    ),
                    ReferenceLink::Modifier {
                        modifier: modifier.to_string(),
                    },
                );
            }
        }
        let has = |m: &str| modifiers.iter().any(|x| x == m);
        if has("26") && has("TC") {
            let link = if context.reference.is_guidance(code) {
                ReferenceLink::section(
                    code,
                    Section::CodingGuidelines,
                    Some(guideline::MODIFIER_26_TC),
                )
            } else {
                ReferenceLink::Modifier {
                    modifier: "26".into(),
                }
            };
            push(
                "MODIFIER_26_TC",
                Severity::Error,
                format!(
                    "Line {} ({code}) has both 26 (professional component) and TC (technical component); use one, or neither to bill both.",
                    i + 1
                ),
                link,
            );
        }
        let x_present: Vec<&str> = modifiers
            .iter()
            .map(|m| m.as_ref())
            .filter(|m| tables.x_modifiers.codes.iter().any(|x| x == m))
            .collect();
        if has("59") && !x_present.is_empty() {
            let x = x_present.join(", ");
            push(
                "MODIFIER_59_WITH_X",
                Severity::Error,
                format!(
                    "Line {} ({code}) has 59 together with {x}; the X modifiers replace 59: keep {x} and remove 59.",
                    i + 1
                ),
                ReferenceLink::Modifier {
                    modifier: "59".into(),
                },
            );
        }
        facility_needs_26(context, i, code, has("26"), findings);
    }
}

fn facility_needs_26(
    context: &Context,
    i: usize,
    code: &str,
    has_26: bool,
    findings: &mut Vec<Finding>,
) {
    if has_26 || !context.reference.is_guidance(code) {
        return;
    }
    let pos_code = context.draft.place_of_service.trim();
    let Some(pos) = context
        .reference
        .place_of_service(pos_code)
        .filter(|p| p.facility)
    else {
        return;
    };
    findings.push(Finding {
        rule: "FACILITY_NEEDS_26",
        severity: Severity::Warning,
        message: format!(
            "Place of service {} ({}) is a facility setting: the facility bills the technical part, so the physician bills {code} (line {}) with modifier 26.",
            pos.code,
            pos.name,
            i + 1
        ),
        target: FieldPath::LineModifiers(i),
        link: ReferenceLink::PlaceOfService { code: pos.code.clone() },
    });
}
