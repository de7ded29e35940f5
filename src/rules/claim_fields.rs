//! Date of service, place of service and the documentation checklist.

use super::{
    Context, DocumentationItem, FieldPath, Finding, ReferenceLink, Section, Severity, guideline,
};
use crate::date::Date;

pub(crate) fn check(context: &Context, findings: &mut Vec<Finding>) {
    date_of_service(context, findings);
    place_of_service(context, findings);
    documentation(context, findings);
}

fn date_of_service(context: &Context, findings: &mut Vec<Finding>) {
    let text = context.draft.date_of_service.trim();
    match Date::parse(text) {
        Err(error) => findings.push(Finding {
            rule: "DOS_MISSING",
            severity: Severity::Error,
            message: format!(
                "Date of service: {error}. Enter it as YYYY-MM-DD (for example 2026-03-14)."
            ),
            target: FieldPath::DateOfService,
            link: ReferenceLink::Rule,
        }),
        Ok(date) if date > context.today => findings.push(Finding {
            rule: "DOS_FUTURE",
            severity: Severity::Warning,
            message: format!(
                "Date of service {date} is after today ({}); a claim is billed after the service.",
                context.today
            ),
            target: FieldPath::DateOfService,
            link: ReferenceLink::Rule,
        }),
        Ok(_) => {}
    }
}

fn place_of_service(context: &Context, findings: &mut Vec<Finding>) {
    let code = context.draft.place_of_service.trim();
    let message = if code.is_empty() {
        "Place of service is missing: choose the CMS place-of-service code (for example 22, on-campus outpatient hospital).".to_string()
    } else if context.reference.place_of_service(code).is_none() {
        format!("Place of service \"{code}\" is not a CMS place-of-service code the app knows.")
    } else {
        return;
    };
    findings.push(Finding {
        rule: "POS_UNKNOWN",
        severity: Severity::Error,
        message,
        target: FieldPath::PlaceOfService,
        link: ReferenceLink::PlaceOfService {
            code: code.to_string(),
        },
    });
}

/// The four items of the source's documentation guideline, asked for when guidance is billed.
fn documentation(context: &Context, findings: &mut Vec<Finding>) {
    let Some((_, code)) = context
        .guidance_lines()
        .find(|(_, code)| context.reference.guidance(code).is_some_and(|g| g.core))
    else {
        return;
    };
    let doc = &context.draft.documentation;
    let items = [
        (
            doc.medical_necessity,
            DocumentationItem::MedicalNecessity,
            "DOC_MEDICAL_NECESSITY",
            "the medical necessity for the image guidance",
        ),
        (
            !doc.target_site.trim().is_empty(),
            DocumentationItem::TargetSite,
            "DOC_TARGET_SITE",
            "the target lesion or site",
        ),
        (
            doc.procedure_performed,
            DocumentationItem::ProcedurePerformed,
            "DOC_PROCEDURE",
            "the procedure performed",
        ),
        (
            doc.supervision_and_interpretation,
            DocumentationItem::SupervisionAndInterpretation,
            "DOC_SUPERVISION",
            "the physician's supervision and interpretation of the images",
        ),
    ];
    // 77003's entry does not carry the CT documentation guideline; link to 77012's.
    let link_code = if code == "77003" { "77012" } else { code };
    for (confirmed, item, rule, what) in items {
        if !confirmed {
            findings.push(Finding {
                rule,
                severity: Severity::Warning,
                message: format!("{code} is billed but the draft does not confirm that the record documents {what}."),
                target: FieldPath::Documentation(item),
                link: ReferenceLink::section(link_code, Section::CodingGuidelines, Some(guideline::DOCUMENTATION)),
            });
        }
    }
}
