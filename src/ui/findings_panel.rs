//! The validation panel: the findings of the last validation, grouped by severity with counts.
//! Hovering a finding explains its rule; clicking it jumps to the field and to the reference text.

use egui::{Frame, RichText, Role, ScrollArea, Sense, Ui, WidgetInfo};

use crate::reference::Reference;
use crate::report;
use crate::rules::{FieldPath, Finding, Severity};

use super::rows::Rows;
use super::{Command, labels, severity_color};

/// Which finding the user clicked, by rule and field (indexes change when the draft does).
#[derive(Default)]
pub struct FindingsPanel {
    selected: Option<(&'static str, FieldPath)>,
    /// The cards' heights per severity group, to skip laying out cards far off screen.
    rows: [Rows; 3],
}

impl FindingsPanel {
    pub fn clear_selection(&mut self) {
        self.selected = None;
    }

    /// The rule and field of the clicked finding.
    pub fn selected(&self) -> Option<(&'static str, FieldPath)> {
        self.selected
    }

    /// `findings` is `None` while the code sets load (validation waits for them).
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        findings: Option<&[Finding]>,
        reference: &Reference,
        commands: &mut Vec<Command>,
    ) {
        ui.add_space(4.0);
        ui.heading(labels::FINDINGS_HEADING);
        let Some(findings) = findings else {
            ui.label(RichText::new(labels::LOADING_CODE_SETS).weak());
            return;
        };
        ui.label(report::counts_line(findings));
        let serious = findings.iter().any(|f| f.severity < Severity::Info);
        if !serious {
            ui.add_space(6.0);
            let green = if ui.visuals().dark_mode {
                egui::Color32::from_rgb(120, 220, 120)
            } else {
                egui::Color32::from_rgb(0, 120, 0)
            };
            ui.label(
                RichText::new(labels::NO_FINDINGS)
                    .size(18.0)
                    .strong()
                    .color(green),
            );
        }
        ui.separator();
        let mut rows = std::mem::take(&mut self.rows);
        ScrollArea::vertical()
            .id_salt("findings-scroll")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                for (severity, rows) in Severity::ALL.into_iter().zip(&mut rows) {
                    let group: Vec<(usize, &Finding)> = findings
                        .iter()
                        .enumerate()
                        .filter(|(_, f)| f.severity == severity)
                        .collect();
                    if group.is_empty() {
                        continue;
                    }
                    let title = format!("{} ({})", group_title(severity), group.len());
                    ui.label(
                        RichText::new(title)
                            .strong()
                            .size(16.0)
                            .color(severity_color(ui, severity)),
                    );
                    // A card's height depends on its finding and on whether it is the
                    // selected one (a thicker border).
                    let selected = self.selected;
                    let key = |i: usize| {
                        let finding = group[i].1;
                        let chosen = selected == Some((finding.rule, finding.target));
                        egui::util::hash((finding, chosen))
                    };
                    let card = |ui: &mut Ui, i: usize| {
                        let (index, finding) = group[i];
                        self.finding_ui(ui, index, finding, reference, commands);
                    };
                    rows.show(ui, group.len(), 4.0, key, |_| false, card);
                    ui.add_space(8.0);
                }
            });
        self.rows = rows;
    }

    fn finding_ui(
        &mut self,
        ui: &mut Ui,
        index: usize,
        finding: &Finding,
        reference: &Reference,
        commands: &mut Vec<Command>,
    ) {
        let key = (finding.rule, finding.target);
        let selected = self.selected == Some(key);
        let color = severity_color(ui, finding.severity);
        let fill = if selected {
            ui.visuals().selection.bg_fill.gamma_multiply(0.5)
        } else {
            ui.visuals().faint_bg_color
        };
        let frame = Frame::new()
            .fill(fill)
            .stroke(egui::Stroke::new(if selected { 2.0 } else { 1.0 }, color))
            .corner_radius(4.0)
            .inner_margin(6.0)
            .show(ui, |ui| {
                // The card is one button: its texts must not take the click for text selection.
                ui.style_mut().interaction.selectable_labels = false;
                ui.set_width(ui.available_width());
                ui.horizontal_wrapped(|ui| {
                    ui.label(
                        RichText::new(finding.rule)
                            .monospace()
                            .strong()
                            .color(color),
                    );
                    ui.label(RichText::new(finding.target.to_string()).weak().small());
                });
                ui.label(&finding.message);
                ui.label(
                    RichText::new(format!("see {}", report::describe_link(&finding.link)))
                        .weak()
                        .small(),
                );
            });
        let id = ui.scope_id().with(("finding", index));
        let response = ui
            .interact(frame.response.rect, id, Sense::click())
            .on_hover_cursor(egui::CursorIcon::PointingHand);
        let name = labels::finding(finding.rule, &finding.message);
        response.widget_info(|| WidgetInfo::labeled(Role::Button, true, &name));
        let response = response.on_hover_ui(|ui| rule_tooltip(ui, finding, reference));
        if response.has_focus() {
            // Tab reaches the cards; Enter or Space on the focused one acts like a click.
            let stroke = egui::Stroke::new(2.0, ui.visuals().selection.stroke.color);
            ui.painter().rect_stroke(
                frame.response.rect.expand(2.0),
                5.0,
                stroke,
                egui::StrokeKind::Outside,
            );
        }
        if response.gained_focus() {
            response.scroll_to_me(None);
        }
        if response.clicked() {
            self.selected = Some(key);
            commands.push(Command::JumpTo(finding.target));
            commands.push(Command::ShowReference(finding.link.clone()));
            commands.push(Command::ShowRule(finding.rule));
        }
        // The space below the card is the caller's (`Rows`).
    }
}

fn group_title(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "Errors",
        Severity::Warning => "Warnings",
        Severity::Info => "Info",
    }
}

/// The rule behind a finding: title, explanation and source from `rules.ron`.
fn rule_tooltip(ui: &mut Ui, finding: &Finding, reference: &Reference) {
    match reference.rule(finding.rule) {
        Some(rule) => {
            ui.label(RichText::new(&rule.title).strong());
            ui.label(&rule.explanation);
            ui.label(RichText::new(format!("Source: {}", rule.source)).weak());
        }
        None => {
            ui.label(finding.rule);
        }
    }
    ui.label(
        RichText::new("Click (or Enter) to go to the field and the reference text.").italics(),
    );
}
