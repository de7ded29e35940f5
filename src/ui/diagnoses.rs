//! The diagnosis list (edit, remove, reorder; each with its title) and the new-diagnosis field
//! with search-as-you-type suggestions from ICD-10-CM, picked with Up/Down/Enter or a click.
//! Removing or moving a diagnosis renumbers the lines' pointers, so they keep pointing at it.

use egui::{Key, Modifiers, RichText, Ui};

use crate::claim::ClaimDraft;
use crate::icd10cm;

use super::claim_form::FormContext;
use super::{labels, name_widget};
use crate::rules::FieldPath;

/// How many suggestions the new-diagnosis field lists.
pub const SUGGESTION_LIMIT: usize = 8;

/// One suggestion under the new-diagnosis field.
#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    /// Display form, as added to the claim ("R91.1").
    pub dotted: String,
    pub title: String,
    pub billable: bool,
}

/// The new-diagnosis field's text, its suggestions (computed once per query) and the keyboard
/// choice among them.
#[derive(Default)]
pub struct DiagnosisEditor {
    new_code: String,
    suggestions: Vec<Suggestion>,
    /// The query and release the suggestions were computed for.
    suggestions_for: Option<(String, String)>,
    chosen: usize,
    refocus: bool,
    /// The release whose title search index was asked for (when the field took the focus).
    warmed: Option<String>,
}

/// A change to the list, applied after the rows are drawn.
enum Edit {
    Remove(usize),
    Swap(usize, usize),
}

impl DiagnosisEditor {
    /// Puts the cursor in the new-diagnosis field on the next frame (Ctrl+D).
    pub fn focus_new_field(&mut self) {
        self.refocus = true;
    }

    pub fn ui(&mut self, ui: &mut Ui, draft: &mut ClaimDraft, context: &mut FormContext) {
        let mut edit = None;
        let count = draft.diagnoses.len();
        if count == 0 {
            ui.label(RichText::new("No diagnoses yet: add one below.").weak());
        }
        for (i, code) in draft.diagnoses.iter_mut().enumerate() {
            ui.horizontal(|ui| {
                ui.label(RichText::new(format!("{}.", i + 1)).strong());
                let response = ui.add(
                    egui::TextEdit::singleline(code)
                        .desired_width(80.0)
                        .font(egui::TextStyle::Monospace),
                );
                name_widget(ui, &response, &labels::diagnosis(i));
                context.mark(ui, &response, FieldPath::Diagnosis(i));
                if small_button(ui, UP, &labels::move_diagnosis_up(i), i > 0) {
                    edit = Some(Edit::Swap(i - 1, i));
                }
                if small_button(ui, DOWN, &labels::move_diagnosis_down(i), i + 1 < count) {
                    edit = Some(Edit::Swap(i, i + 1));
                }
                if small_button(ui, REMOVE, &labels::remove_diagnosis(i), true) {
                    edit = Some(Edit::Remove(i));
                }
                let (title, known) = diagnosis_title(code, context);
                let text = RichText::new(title);
                let text = if known { text } else { text.weak().italics() };
                ui.add(egui::Label::new(text).wrap());
            });
        }
        match edit {
            Some(Edit::Remove(i)) => remove_diagnosis(draft, i),
            Some(Edit::Swap(a, b)) => swap_diagnoses(draft, a, b),
            None => {}
        }
        ui.add_space(4.0);
        self.new_diagnosis_ui(ui, draft, context);
    }

    /// The field to add a diagnosis, with suggestions below it.
    fn new_diagnosis_ui(&mut self, ui: &mut Ui, draft: &mut ClaimDraft, context: &FormContext) {
        self.refresh_suggestions(context);
        let mut add = None;
        ui.horizontal(|ui| {
            let label = ui.label(labels::NEW_DIAGNOSIS);
            let field = egui::TextEdit::singleline(&mut self.new_code)
                .hint_text("code or words: R91.1, lung nodule")
                .desired_width(220.0);
            let response = ui.add(field).labelled_by(label.id);
            if std::mem::take(&mut self.refocus) {
                response.request_focus();
            }
            if response.has_focus() {
                self.warm_title_search(context);
            }
            if response.has_focus() && !self.suggestions.is_empty() {
                let last = self.suggestions.len() - 1;
                ui.input_mut(|i| {
                    if i.consume_key(Modifiers::NONE, Key::ArrowDown) {
                        self.chosen = (self.chosen + 1).min(last);
                    }
                    if i.consume_key(Modifiers::NONE, Key::ArrowUp) {
                        self.chosen = self.chosen.saturating_sub(1);
                    }
                });
            }
            let entered = response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            let button = ui.add_enabled(
                !self.new_code.trim().is_empty(),
                egui::Button::new(labels::ADD_DIAGNOSIS),
            );
            if entered || button.clicked() {
                add = Some(
                    self.suggestions
                        .get(self.chosen)
                        .map(|s| s.dotted.clone())
                        .unwrap_or_else(|| self.new_code.trim().to_string()),
                );
                // Keep typing codes one after another.
                self.refocus = entered;
            }
        });
        if context.code_sets.is_none() && !self.new_code.trim().is_empty() {
            ui.label(RichText::new(labels::LOADING_CODE_SETS).weak());
        }
        if !self.suggestions.is_empty() {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                for (i, suggestion) in self.suggestions.iter().enumerate() {
                    let mut text = format!("{}  {}", suggestion.dotted, suggestion.title);
                    if !suggestion.billable {
                        text.push_str("  (header, not billable)");
                    }
                    let response =
                        ui.add(egui::Button::selectable(i == self.chosen, text).truncate());
                    name_widget(ui, &response, &labels::suggestion(&suggestion.dotted));
                    if response.clicked() {
                        add = Some(suggestion.dotted.clone());
                    }
                    if response.hovered() {
                        self.chosen = i;
                    }
                }
            });
        }
        if let Some(code) = add.filter(|c| !c.is_empty()) {
            // Kept in the dotted, upper-case form when it is a code at all ("m545" -> "M54.5").
            let code = icd10cm::normalize(&code).map_or(code, |c| icd10cm::dotted(&c));
            draft.diagnoses.push(code);
            self.new_code.clear();
            self.suggestions.clear();
            self.suggestions_for = None;
            self.chosen = 0;
        }
    }

    /// With the cursor in the field, the release's title index is built in the background.
    fn warm_title_search(&mut self, context: &FormContext) {
        let Some(sets) = context.code_sets else {
            return;
        };
        let release = &sets.for_date(context.date).set.release().id;
        if self.warmed.as_ref() != Some(release) {
            self.warmed = Some(release.clone());
            super::background::warm_title_search(context.reference, context.date);
        }
    }

    /// Recomputes the suggestions when the query or the release changed (not every frame).
    fn refresh_suggestions(&mut self, context: &FormContext) {
        let Some(sets) = context.code_sets else {
            self.suggestions.clear();
            return;
        };
        let set = sets.for_date(context.date).set;
        let query = self.new_code.trim();
        let release = &set.release().id;
        if self
            .suggestions_for
            .as_ref()
            .is_some_and(|(q, r)| q == query && r == release)
        {
            return;
        }
        let query = query.to_string();
        let key = (query.clone(), release.clone());
        self.suggestions = if query.is_empty() {
            Vec::new()
        } else {
            set.search(&query, SUGGESTION_LIMIT)
                .into_iter()
                .map(|r| Suggestion {
                    dotted: r.dotted(),
                    title: r.title.to_string(),
                    billable: r.billable,
                })
                .collect()
        };
        self.suggestions_for = Some(key);
        self.chosen = 0;
    }
}

/// A diagnosis's title from ICD-10-CM for the date of service, else from the reference's table;
/// `false` when neither knows the code.
fn diagnosis_title(code: &str, context: &FormContext) -> (String, bool) {
    if code.trim().is_empty() {
        return (String::new(), false);
    }
    if let Some(sets) = context.code_sets {
        let selection = sets.for_date(context.date);
        if let Some(record) = selection.set.get(code) {
            let mut title = record.title.to_string();
            if !record.billable {
                title.push_str(" (header, not billable)");
            }
            return (title, true);
        }
    }
    if let Some(known) = context.reference.known_diagnosis(code.trim()) {
        return (known.title.clone(), true);
    }
    if icd10cm::normalize(code).is_none() {
        return ("not an ICD-10-CM code".to_string(), false);
    }
    let where_ = match context.code_sets {
        Some(sets) => format!(
            "not in ICD-10-CM {}",
            sets.for_date(context.date).set.release().name
        ),
        None => "unknown code".to_string(),
    };
    (where_, false)
}

/// Icons of the row buttons; the arrows are drawn in the monospace font, which has them.
pub const UP: &str = "▲";
pub const DOWN: &str = "▼";
pub const REMOVE: &str = "×";

/// A small row button (icon or short word) with an accessible name and a tooltip.
pub fn small_button(ui: &mut Ui, icon: &str, name: &str, enabled: bool) -> bool {
    let text = if icon.is_ascii() || icon == REMOVE {
        RichText::new(icon)
    } else {
        RichText::new(icon).monospace()
    };
    let response = ui
        .add_enabled(enabled, egui::Button::new(text).small())
        .on_hover_text(name);
    name_widget(ui, &response, name);
    response.clicked()
}

/// Removes diagnosis `index`; pointers to it go, pointers after it move down by one.
pub fn remove_diagnosis(draft: &mut ClaimDraft, index: usize) {
    if index >= draft.diagnoses.len() {
        return;
    }
    draft.diagnoses.remove(index);
    let removed = index as u32 + 1;
    for line in &mut draft.lines {
        line.diagnosis_pointers.retain(|&p| p != removed);
        for pointer in &mut line.diagnosis_pointers {
            if *pointer > removed {
                *pointer -= 1;
            }
        }
    }
}

/// Swaps diagnoses `a` and `b`, and every pointer to them.
pub fn swap_diagnoses(draft: &mut ClaimDraft, a: usize, b: usize) {
    if a >= draft.diagnoses.len() || b >= draft.diagnoses.len() {
        return;
    }
    draft.diagnoses.swap(a, b);
    let (pa, pb) = (a as u32 + 1, b as u32 + 1);
    for line in &mut draft.lines {
        for pointer in &mut line.diagnosis_pointers {
            if *pointer == pa {
                *pointer = pb;
            } else if *pointer == pb {
                *pointer = pa;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claim::ServiceLine;

    fn draft() -> ClaimDraft {
        ClaimDraft {
            diagnoses: vec!["A".into(), "B".into(), "C".into()],
            lines: vec![ServiceLine {
                diagnosis_pointers: vec![1, 2, 3],
                ..ServiceLine::default()
            }],
            ..ClaimDraft::default()
        }
    }

    #[test]
    fn removing_renumbers_pointers() {
        let mut d = draft();
        remove_diagnosis(&mut d, 1);
        assert_eq!(d.diagnoses, ["A", "C"]);
        assert_eq!(d.lines[0].diagnosis_pointers, [1, 2]);
        remove_diagnosis(&mut d, 9);
        assert_eq!(d.diagnoses.len(), 2);
    }

    #[test]
    fn swapping_follows_pointers() {
        let mut d = draft();
        d.lines[0].diagnosis_pointers = vec![1];
        swap_diagnoses(&mut d, 0, 1);
        assert_eq!(d.diagnoses, ["B", "A", "C"]);
        assert_eq!(d.lines[0].diagnosis_pointers, [2]);
    }
}
