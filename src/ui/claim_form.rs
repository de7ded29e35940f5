//! The claim form: title, date and place of service, diagnoses, service lines and the
//! documentation checklist. It edits the draft in place; the app notices the change by comparing
//! the draft with the one last validated.

use egui::{RichText, Ui};

use crate::claim::ClaimDraft;
use crate::date::Date;
use crate::icd10cm::CodeSets;
use crate::reference::Reference;
use crate::rules::{DocumentationItem, FieldPath, Finding};

use super::diagnoses::DiagnosisEditor;
use super::service_lines::LineEditor;
use super::{Command, labels, mark_field, severity_at};

/// What every part of the form reads, and where it reports commands.
pub struct FormContext<'a> {
    pub reference: &'a Reference,
    /// The ICD-10-CM code sets, once loaded.
    pub code_sets: Option<&'a CodeSets>,
    /// The date of service when it parses, else today: picks the ICD-10-CM release.
    pub date: Date,
    pub findings: &'a [Finding],
    pub highlight: Option<FieldPath>,
    pub scroll: &'a mut bool,
    pub commands: &'a mut Vec<Command>,
}

impl FormContext<'_> {
    /// Outlines a field that has a finding or was jumped to (and scrolls to it once).
    pub fn mark(&mut self, ui: &Ui, response: &egui::Response, path: FieldPath) {
        let highlighted = self.highlight == Some(path);
        mark_field(
            ui,
            response,
            severity_at(self.findings, path),
            highlighted,
            self.scroll,
        );
    }
}

/// The form's own state: the jump highlight and the editors' text buffers.
#[derive(Default)]
pub struct ClaimForm {
    highlight: Option<FieldPath>,
    scroll_pending: bool,
    /// Put the cursor in the title field on the next frame (a new draft).
    focus_title: bool,
    diagnoses: DiagnosisEditor,
    lines: LineEditor,
}

impl ClaimForm {
    /// Highlights the field a finding is about and scrolls to it on the next frame.
    pub fn jump_to(&mut self, path: FieldPath) {
        self.highlight = Some(path);
        self.scroll_pending = true;
    }

    /// The highlighted field, if any.
    pub fn highlight(&self) -> Option<FieldPath> {
        self.highlight
    }

    /// Puts the cursor in the title field on the next frame.
    pub fn focus_title(&mut self) {
        self.focus_title = true;
    }

    /// Puts the cursor in the new-diagnosis field on the next frame.
    pub fn focus_new_diagnosis(&mut self) {
        self.diagnoses.focus_new_field();
    }

    /// Puts the cursor in line `index`'s code field on the next frame.
    pub fn focus_line_code(&mut self, index: usize) {
        self.lines.focus_code(index);
    }

    /// Forgets per-draft state (a new or opened draft).
    pub fn reset(&mut self) {
        *self = ClaimForm::default();
    }

    pub fn ui(
        &mut self,
        ui: &mut Ui,
        draft: &mut ClaimDraft,
        reference: &Reference,
        code_sets: Option<&CodeSets>,
        findings: &[Finding],
        commands: &mut Vec<Command>,
    ) {
        let mut context = FormContext {
            reference,
            code_sets,
            date: Date::parse(&draft.date_of_service).unwrap_or_else(|_| Date::today_utc()),
            findings,
            highlight: self.highlight,
            scroll: &mut self.scroll_pending,
            commands,
        };
        let heading = ui.heading(labels::CLAIM_HEADING);
        context.mark(ui, &heading, FieldPath::Claim);
        header_ui(
            ui,
            draft,
            &mut context,
            std::mem::take(&mut self.focus_title),
        );

        ui.add_space(12.0);
        let heading = ui.heading(labels::DIAGNOSES_HEADING);
        context.mark(ui, &heading, FieldPath::Diagnoses);
        self.diagnoses.ui(ui, draft, &mut context);

        ui.add_space(12.0);
        let heading = ui.heading(labels::LINES_HEADING);
        context.mark(ui, &heading, FieldPath::Lines);
        self.lines.ui(ui, draft, &mut context);

        ui.add_space(12.0);
        ui.heading(labels::DOCUMENTATION_HEADING);
        documentation_ui(ui, draft, &mut context);

        ui.add_space(12.0);
        let label = ui.label(RichText::new(labels::NOTES).strong());
        ui.add(
            egui::TextEdit::multiline(&mut draft.notes)
                .desired_rows(2)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
        ui.add_space(12.0);
    }
}

/// Title, date of service and place of service.
fn header_ui(ui: &mut Ui, draft: &mut ClaimDraft, context: &mut FormContext, focus_title: bool) {
    egui::Grid::new("claim-header")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            let label = ui.label(labels::TITLE);
            let title = ui
                .add(egui::TextEdit::singleline(&mut draft.title).desired_width(380.0))
                .labelled_by(label.id);
            if focus_title {
                title.request_focus();
            }
            ui.end_row();

            let label = ui.label(labels::DATE_OF_SERVICE);
            ui.horizontal(|ui| {
                let response = ui
                    .add(
                        egui::TextEdit::singleline(&mut draft.date_of_service)
                            .hint_text("YYYY-MM-DD")
                            .desired_width(110.0),
                    )
                    .labelled_by(label.id);
                context.mark(ui, &response, FieldPath::DateOfService);
                if let Some(sets) = context.code_sets {
                    let release = sets.for_date(context.date).set.release();
                    ui.label(RichText::new(format!("ICD-10-CM: {}", release.name)).weak());
                }
            });
            ui.end_row();

            let label = ui.label(labels::PLACE_OF_SERVICE);
            place_of_service_ui(ui, draft, context, label.id);
            ui.end_row();
        });
}

fn place_of_service_ui(
    ui: &mut Ui,
    draft: &mut ClaimDraft,
    context: &mut FormContext,
    label: egui::Id,
) {
    let reference = context.reference;
    let current = draft.place_of_service.trim();
    let selected_text = match reference.place_of_service(current) {
        Some(pos) => format!("{} — {}", pos.code, pos.name),
        None if current.is_empty() => "Choose…".to_string(),
        None => format!("{current} — not a known place of service"),
    };
    let combo = egui::ComboBox::from_id_salt("place-of-service")
        .selected_text(selected_text)
        .width(380.0)
        .height(420.0)
        .show_ui(ui, |ui| {
            for pos in &reference.places_of_service {
                let text = format!("{} — {}", pos.code, pos.name);
                ui.selectable_value(&mut draft.place_of_service, pos.code.clone(), text);
            }
        });
    let response = combo.response.labelled_by(label);
    context.mark(ui, &response, FieldPath::PlaceOfService);
}

/// The four facts the coding guideline asks the record to document.
fn documentation_ui(ui: &mut Ui, draft: &mut ClaimDraft, context: &mut FormContext) {
    let documentation = &mut draft.documentation;
    check_ui(
        ui,
        context,
        &mut documentation.medical_necessity,
        labels::MEDICAL_NECESSITY,
        DocumentationItem::MedicalNecessity,
    );
    ui.horizontal(|ui| {
        let label = ui.label(labels::TARGET_SITE);
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut documentation.target_site)
                    .hint_text("as documented, e.g. right upper lobe nodule")
                    .desired_width(320.0),
            )
            .labelled_by(label.id);
        context.mark(
            ui,
            &response,
            FieldPath::Documentation(DocumentationItem::TargetSite),
        );
    });
    check_ui(
        ui,
        context,
        &mut documentation.procedure_performed,
        labels::PROCEDURE_PERFORMED,
        DocumentationItem::ProcedurePerformed,
    );
    check_ui(
        ui,
        context,
        &mut documentation.supervision_and_interpretation,
        labels::SUPERVISION,
        DocumentationItem::SupervisionAndInterpretation,
    );
}

fn check_ui(
    ui: &mut Ui,
    context: &mut FormContext,
    value: &mut bool,
    label: &str,
    item: DocumentationItem,
) {
    let response = ui.checkbox(value, label);
    context.mark(ui, &response, FieldPath::Documentation(item));
}
