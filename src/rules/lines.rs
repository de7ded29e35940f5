//! Service lines: presence, code form, units and diagnosis pointers.

use super::{Context, FieldPath, Finding, ReferenceLink, Seen, Severity};

/// Claim forms carry at most four diagnosis pointers per line.
const MAX_POINTERS: usize = 4;

pub(crate) fn check(context: &Context, findings: &mut Vec<Finding>) {
    if context.draft.lines.is_empty() {
        findings.push(Finding {
            rule: "LINES_NONE",
            severity: Severity::Error,
            message: "The claim has no service lines: add the procedure and its guidance code."
                .into(),
            target: FieldPath::Lines,
            link: ReferenceLink::Rule,
        });
    }
    for (i, line) in context.draft.lines.iter().enumerate() {
        let code = &context.codes[i];
        code_form(context, i, code, findings);
        if line.units < 1 {
            findings.push(Finding {
                rule: "UNITS_MIN",
                severity: Severity::Error,
                message: format!(
                    "Line {} ({}) has {} units; a line reports at least 1.",
                    i + 1,
                    shown(code),
                    line.units
                ),
                target: FieldPath::LineUnits(i),
                link: ReferenceLink::Rule,
            });
        }
        pointers(context, i, code, &line.diagnosis_pointers, findings);
    }
}

fn shown(code: &str) -> &str {
    if code.is_empty() { "no code" } else { code }
}

/// True for five digits, four digits and a letter, or a letter and four digits.
pub fn is_procedure_code_form(code: &str) -> bool {
    let b = code.as_bytes();
    if b.len() != 5 || !b.iter().all(u8::is_ascii_alphanumeric) {
        return false;
    }
    let digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
    digits(b)
        || (digits(&b[..4]) && b[4].is_ascii_alphabetic())
        || (b[0].is_ascii_alphabetic() && digits(&b[1..]))
}

fn code_form(context: &Context, i: usize, code: &str, findings: &mut Vec<Finding>) {
    let (rule, severity, message) = if code.is_empty() {
        (
            "CODE_FORMAT",
            Severity::Error,
            format!("Line {} has no procedure code.", i + 1),
        )
    } else if !is_procedure_code_form(code) {
        (
            "CODE_FORMAT",
            Severity::Error,
            format!(
                "Line {}: \"{code}\" is not a CPT or HCPCS code (five digits like 47000, four digits and a letter like 0627T, or a letter and four digits like G6001).",
                i + 1
            ),
        )
    } else if context.reference.entry(code).is_none() {
        (
            "CODE_UNKNOWN",
            Severity::Info,
            format!(
                "Line {}: {code} is not in the app's reference, so its bundling rules are not checked; verify it in the CPT code set.",
                i + 1
            ),
        )
    } else {
        return;
    };
    findings.push(Finding {
        rule,
        severity,
        message,
        target: FieldPath::LineCode(i),
        link: ReferenceLink::Rule,
    });
}

fn pointers(
    context: &Context,
    i: usize,
    code: &str,
    pointers: &[u32],
    findings: &mut Vec<Finding>,
) {
    let diagnosis_count = context.draft.diagnoses.len();
    let mut push = |rule, severity, message: String| {
        findings.push(Finding {
            rule,
            severity,
            message,
            target: FieldPath::LinePointers(i),
            link: ReferenceLink::Rule,
        })
    };
    if pointers.is_empty() {
        push(
            "POINTER_NONE",
            Severity::Error,
            format!(
                "Line {} ({}) points to no diagnosis: add the number of the diagnosis it treats.",
                i + 1,
                shown(code)
            ),
        );
        return;
    }
    if pointers.len() > MAX_POINTERS {
        push(
            "POINTER_TOO_MANY",
            Severity::Error,
            format!(
                "Line {} ({}) has {} diagnosis pointers; a line takes at most {MAX_POINTERS}.",
                i + 1,
                shown(code),
                pointers.len()
            ),
        );
    }
    let mut seen = Seen::new();
    for &pointer in pointers {
        if pointer == 0 || pointer as usize > diagnosis_count {
            push(
                "POINTER_MISSING_DIAGNOSIS",
                Severity::Error,
                format!(
                    "Line {} ({}) points to diagnosis {pointer}, but the claim has {diagnosis_count} diagnos{}.",
                    i + 1,
                    shown(code),
                    if diagnosis_count == 1 { "is" } else { "es" }
                ),
            );
        }
        if !seen.insert(pointer) {
            push(
                "POINTER_DUPLICATE",
                Severity::Warning,
                format!(
                    "Line {} ({}) points to diagnosis {pointer} twice.",
                    i + 1,
                    shown(code)
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_procedure_code_form;

    #[test]
    fn procedure_code_forms() {
        for good in ["47000", "0627T", "G6001", "77012"] {
            assert!(is_procedure_code_form(good), "{good}");
        }
        for bad in ["4700", "470000", "A123B", "12A45", "7701-", "", "ÄÄÄÄÄ"] {
            assert!(!is_procedure_code_form(bad), "{bad}");
        }
    }
}
