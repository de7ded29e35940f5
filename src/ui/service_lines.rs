//! The service-line table: code (with its description), modifiers and diagnosis pointers as
//! comma-separated text, units; add, remove, duplicate and reorder lines.
//!
//! Modifiers and pointers are typed as text ("26, XS"). The text is kept in a buffer while it
//! still means what the draft holds, so a trailing comma is not swallowed as the user types; when
//! the draft changed underneath (open, reorder), the buffer is rebuilt from it.

use egui::{RichText, Ui};

use crate::claim::{ClaimDraft, ServiceLine};
use crate::rules::FieldPath;

use super::claim_form::FormContext;
use super::diagnoses::{DOWN, REMOVE, UP, small_button};
use super::rows::Rows;
use super::{Command, labels, name_widget};

const CODE_WIDTH: f32 = 72.0;
const MODIFIERS_WIDTH: f32 = 96.0;
const UNITS_WIDTH: f32 = 44.0;
const POINTERS_WIDTH: f32 = 84.0;

/// Text buffers of the modifier and pointer fields, one per line.
#[derive(Default)]
pub struct LineEditor {
    modifiers: Vec<String>,
    pointers: Vec<String>,
    /// The line whose code field takes the cursor on the next frame (Ctrl+L).
    focus_code: Option<usize>,
    /// The rows' heights, to skip laying out rows far off screen.
    rows: Rows,
}

/// A change to the table, applied after the rows are drawn.
enum Edit {
    Remove(usize),
    Duplicate(usize),
    Swap(usize, usize),
}

impl LineEditor {
    /// Puts the cursor in line `index`'s code field on the next frame.
    pub fn focus_code(&mut self, index: usize) {
        self.focus_code = Some(index);
    }

    pub fn ui(&mut self, ui: &mut Ui, draft: &mut ClaimDraft, context: &mut FormContext) {
        self.sync(draft);
        let count = draft.lines.len();
        if count == 0 {
            ui.label(RichText::new("No service lines yet.").weak());
        } else {
            header_ui(ui);
        }
        let mut edit = None;
        let focus_code = self.focus_code.take();
        // Rows far off screen are not laid out (`Rows`): a row's height depends on its code only
        // (the description under it), and the jump target and new focus are always drawn.
        let keys: Vec<u64> = draft
            .lines
            .iter()
            .map(|l| egui::util::hash(&l.code))
            .collect();
        let jump = context.highlight.and_then(FieldPath::line_index);
        let keep = |i: usize| focus_code == Some(i) || jump == Some(i);
        let lines = &mut draft.lines;
        let draw = |ui: &mut Ui, i: usize| {
            let line = &mut lines[i];
            egui::Frame::new()
                .inner_margin(egui::Margin::symmetric(2, 3))
                .show(ui, |ui| {
                    ui.horizontal(|ui| {
                        ui.add_sized(
                            [22.0, 18.0],
                            egui::Label::new(RichText::new(format!("{}", i + 1)).strong()),
                        );
                        code_ui(ui, i, line, context, focus_code == Some(i));
                        let text = &mut self.modifiers[i];
                        if text_list_ui(ui, i, text, context, Field::Modifiers) {
                            line.modifiers = parse_modifiers(text);
                        }
                        let units = ui.add_sized(
                            [UNITS_WIDTH, 18.0],
                            egui::DragValue::new(&mut line.units).range(0..=999),
                        );
                        name_widget(ui, &units, &labels::line_units(i));
                        context.mark(ui, &units, FieldPath::LineUnits(i));
                        let text = &mut self.pointers[i];
                        if text_list_ui(ui, i, text, context, Field::Pointers) {
                            line.diagnosis_pointers = parse_pointers(text).0;
                        }
                        if small_button(ui, UP, &labels::move_line_up(i), i > 0) {
                            edit = Some(Edit::Swap(i - 1, i));
                        }
                        if small_button(ui, DOWN, &labels::move_line_down(i), i + 1 < count) {
                            edit = Some(Edit::Swap(i, i + 1));
                        }
                        if small_button(ui, "Copy", &labels::duplicate_line(i), true) {
                            edit = Some(Edit::Duplicate(i));
                        }
                        if small_button(ui, REMOVE, &labels::remove_line(i), true) {
                            edit = Some(Edit::Remove(i));
                        }
                    });
                    description_ui(ui, line, context);
                });
        };
        self.rows.show(ui, count, 0.0, |i| keys[i], keep, draw);
        match edit {
            Some(Edit::Remove(i)) => {
                draft.lines.remove(i);
            }
            Some(Edit::Duplicate(i)) => {
                let copy = draft.lines[i].clone();
                draft.lines.insert(i + 1, copy);
            }
            Some(Edit::Swap(a, b)) => draft.lines.swap(a, b),
            None => {}
        }
        if edit.is_some() {
            self.sync(draft);
        }
        if ui.button(labels::ADD_LINE).clicked() {
            draft.lines.push(ServiceLine::default());
        }
    }

    /// Keeps one buffer per line, rebuilt from the draft when it no longer means the same.
    fn sync(&mut self, draft: &ClaimDraft) {
        let n = draft.lines.len();
        self.modifiers.resize(n, String::new());
        self.pointers.resize(n, String::new());
        for (i, line) in draft.lines.iter().enumerate() {
            if !modifiers_match(&self.modifiers[i], &line.modifiers) {
                self.modifiers[i] = line.modifiers.join(", ");
            }
            if !pointers_match(&self.pointers[i], &line.diagnosis_pointers) {
                self.pointers[i] = line
                    .diagnosis_pointers
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(", ");
            }
        }
    }
}

fn header_ui(ui: &mut Ui) {
    ui.horizontal(|ui| {
        let head = |ui: &mut Ui, width: f32, text: &str| {
            ui.add_sized(
                [width, 14.0],
                egui::Label::new(RichText::new(text).weak().small()),
            );
        };
        head(ui, 22.0, "#");
        head(ui, CODE_WIDTH, "Code");
        head(ui, MODIFIERS_WIDTH, "Modifiers");
        head(ui, UNITS_WIDTH, "Units");
        head(ui, POINTERS_WIDTH, "Dx pointers");
    });
}

/// The code field; a code with a reference entry shows that entry when typed or focused.
fn code_ui(ui: &mut Ui, i: usize, line: &mut ServiceLine, context: &mut FormContext, focus: bool) {
    let response = ui.add(
        egui::TextEdit::singleline(&mut line.code)
            .desired_width(CODE_WIDTH)
            .font(egui::TextStyle::Monospace)
            .hint_text("CPT"),
    );
    if focus {
        response.request_focus();
    }
    name_widget(ui, &response, &labels::line_code(i));
    context.mark(ui, &response, FieldPath::LineCode(i));
    if response.changed() || response.gained_focus() {
        let code = line.normalized_code();
        if context.reference.entry(&code).is_some() {
            context.commands.push(Command::ShowEntry(code));
        }
    }
}

/// What a comma-separated field holds.
#[derive(Clone, Copy, PartialEq)]
enum Field {
    Modifiers,
    Pointers,
}

/// A comma-separated field; true when the user changed it.
fn text_list_ui(
    ui: &mut Ui,
    i: usize,
    text: &mut String,
    context: &mut FormContext,
    field: Field,
) -> bool {
    let (width, hint, name, path) = match field {
        Field::Modifiers => (
            MODIFIERS_WIDTH,
            "none",
            labels::line_modifiers(i),
            FieldPath::LineModifiers(i),
        ),
        Field::Pointers => (
            POINTERS_WIDTH,
            "1, 2",
            labels::line_pointers(i),
            FieldPath::LinePointers(i),
        ),
    };
    let response = ui.add(
        egui::TextEdit::singleline(text)
            .desired_width(width)
            .hint_text(hint),
    );
    name_widget(ui, &response, &name);
    context.mark(ui, &response, path);
    let changed = response.changed();
    if field == Field::Pointers && !parse_pointers(text).1.is_empty() {
        ui.painter().rect_stroke(
            response.rect.expand(2.0),
            3.0,
            egui::Stroke::new(1.5, ui.visuals().error_fg_color),
            egui::StrokeKind::Outside,
        );
        response.on_hover_text("Pointers are diagnosis numbers from the list above, e.g. 1, 2");
    }
    changed
}

/// The line's code in words, from the reference; or why there is none.
fn description_ui(ui: &mut Ui, line: &ServiceLine, context: &FormContext) {
    let code = line.normalized_code();
    if code.is_empty() {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        ui.add_space(28.0);
        match context.reference.entry(&code) {
            Some(entry) => {
                ui.label(RichText::new(&entry.description).weak());
            }
            None => {
                ui.label(
                    RichText::new("Not in the reference: no description.")
                        .weak()
                        .italics(),
                );
            }
        }
    });
}

/// "26, xs" → ["26", "xs"]: commas or spaces separate; case is kept (the rules ignore it).
pub fn parse_modifiers(text: &str) -> Vec<String> {
    text.split(|c: char| c == ',' || c.is_whitespace())
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .map(str::to_string)
        .collect()
}

/// "1, 2" → [1, 2], plus the pieces that are not numbers.
pub fn parse_pointers(text: &str) -> (Vec<u32>, Vec<&str>) {
    let mut pointers = Vec::new();
    let mut bad = Vec::new();
    for piece in text
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|p| !p.is_empty())
    {
        match piece.parse() {
            Ok(n) => pointers.push(n),
            Err(_) => bad.push(piece),
        }
    }
    (pointers, bad)
}

/// `parse_modifiers(text) == modifiers` without allocating (checked every frame for every line).
fn modifiers_match(text: &str, modifiers: &[String]) -> bool {
    let mut pieces = text
        .split(|c: char| c == ',' || c.is_whitespace())
        .map(str::trim)
        .filter(|m| !m.is_empty());
    modifiers.iter().all(|m| pieces.next() == Some(m.as_str())) && pieces.next().is_none()
}

/// `parse_pointers(text).0 == pointers` without allocating (checked every frame for every line).
fn pointers_match(text: &str, pointers: &[u32]) -> bool {
    let mut numbers = text
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|p| !p.is_empty())
        .filter_map(|p| p.parse::<u32>().ok());
    pointers.iter().all(|p| numbers.next() == Some(*p)) && numbers.next().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_parse_leniently() {
        assert_eq!(parse_modifiers(" 26,XS ,, "), ["26", "XS"]);
        assert_eq!(parse_modifiers("26,"), ["26"]);
        assert_eq!(parse_pointers("1, 2 x"), (vec![1, 2], vec!["x"]));
    }

    #[test]
    fn matching_without_allocating_agrees_with_parsing() {
        let texts = [
            "",
            " ",
            "26",
            "26,",
            "26, XS",
            " 26,XS ,, ",
            "26 xs",
            "xs, 26",
            "1",
            "1, 2",
            "1,2 x",
            "x",
            "2,, 1",
            "1 1",
            "-1",
            "4294967296, 3",
        ];
        let modifier_lists: [&[&str]; 5] = [&[], &["26"], &["26", "XS"], &["XS", "26"], &["x"]];
        let pointer_lists: [&[u32]; 5] = [&[], &[1], &[1, 2], &[2, 1], &[3]];
        for text in texts {
            for list in modifier_lists {
                let list: Vec<String> = list.iter().map(|m| m.to_string()).collect();
                assert_eq!(
                    modifiers_match(text, &list),
                    parse_modifiers(text) == list,
                    "{text:?} {list:?}"
                );
            }
            for list in pointer_lists {
                assert_eq!(
                    pointers_match(text, list),
                    parse_pointers(text).0 == list,
                    "{text:?} {list:?}"
                );
            }
        }
    }

    #[test]
    fn buffers_keep_a_trailing_comma_and_follow_the_draft() {
        let mut editor = LineEditor::default();
        let mut draft = ClaimDraft {
            lines: vec![ServiceLine::default()],
            ..ClaimDraft::default()
        };
        editor.sync(&draft);
        editor.modifiers[0] = "26,".into();
        draft.lines[0].modifiers = parse_modifiers(&editor.modifiers[0]);
        editor.sync(&draft);
        assert_eq!(editor.modifiers[0], "26,");
        draft.lines[0].modifiers = vec!["XS".into()];
        editor.sync(&draft);
        assert_eq!(editor.modifiers[0], "XS");
        assert_eq!(editor.pointers[0], "1");
    }
}
