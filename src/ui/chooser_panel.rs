//! "Which guidance code?": a window over the app that asks for the modality, the target, the
//! primary procedure and the place of service, and shows [`crate::chooser`]'s answer: the code (or
//! "included: do not report"), the modifiers to consider, every step of the path with its rule and
//! source, and a decision diagram drawn with the painter, the path taken highlighted.
//!
//! The panel only reads the reference and pushes [`Command`]s: "Use this code" adds the guidance
//! line through the app, and a step's link shows its reference text in the reference panel.

use egui::{Align2, Color32, FontId, Pos2, Rect, RichText, Role, Sense, Stroke, Ui, Vec2};

use crate::chooser::{self, Answer, ModifierWhen, Node, Outcome, Question};
use crate::claim::ClaimDraft;
use crate::reference::{Modality, Reference};
use crate::report::describe_link;

use super::{Command, labels, name_widget};

/// The modalities in the order of the radio buttons, with their labels.
const MODALITIES: [(Modality, &str); 4] = [
    (Modality::Ct, labels::CHOOSER_CT),
    (Modality::Fluoroscopy, labels::CHOOSER_FLUOROSCOPY),
    (Modality::Ultrasound, labels::CHOOSER_ULTRASOUND),
    (Modality::Mr, labels::CHOOSER_MR),
];

/// The chooser's question, its cached answer and whether the window is open.
pub struct ChooserPanel {
    open: bool,
    modality: Modality,
    spine: bool,
    primary: String,
    place_of_service: String,
    /// Put the keyboard focus on the chosen modality on the next frame (just opened).
    focus_pending: bool,
    /// The answer and the question (as typed) it belongs to: answered once per change.
    cache: Option<(Question, Answer)>,
}

impl Default for ChooserPanel {
    fn default() -> Self {
        ChooserPanel {
            open: false,
            modality: Modality::Ct,
            spine: false,
            primary: String::new(),
            place_of_service: String::new(),
            focus_pending: false,
            cache: None,
        }
    }
}

impl ChooserPanel {
    pub fn is_open(&self) -> bool {
        self.open
    }

    pub fn close(&mut self) {
        self.open = false;
    }

    /// Opens the window with the question filled from the claim: the primary is the first line
    /// that is not a guidance code, the place of service the claim's, and the modality and target
    /// those of the claim's first guidance line, if it has one. Already open: only takes focus.
    pub fn open(&mut self, draft: &ClaimDraft, reference: &Reference) {
        self.focus_pending = true;
        if self.open {
            return;
        }
        self.open = true;
        let codes: Vec<String> = draft.lines.iter().map(|l| l.normalized_code()).collect();
        if let Some(primary) = codes
            .iter()
            .find(|c| !c.is_empty() && !reference.is_guidance(c))
        {
            self.primary = primary.clone();
        }
        if let Some(guidance) = codes.iter().find_map(|c| reference.guidance(c)) {
            self.modality = guidance.modality;
            self.spine = guidance.spine_only;
        }
        self.place_of_service = draft.place_of_service.trim().to_string();
    }

    /// The question as the fields hold it.
    pub fn question(&self) -> Question {
        Question {
            modality: self.modality,
            spine: self.spine,
            primary: self.primary.clone(),
            place_of_service: Some(self.place_of_service.clone()),
        }
    }

    /// The answer to the current question (answered again only when the question changed).
    pub fn answer(&mut self, reference: &Reference) -> &Answer {
        let question = self.question();
        if self
            .cache
            .as_ref()
            .is_some_and(|(asked, _)| *asked != question)
        {
            self.cache = None;
        }
        let (_, answer) = self.cache.get_or_insert_with(|| {
            let answer = chooser::choose(reference, &question);
            (question, answer)
        });
        answer
    }

    /// Shows the window while open. Escape closes it when `keyboard` (no dialog above it).
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        reference: &Reference,
        keyboard: bool,
        commands: &mut Vec<Command>,
    ) {
        if !self.open {
            return;
        }
        if keyboard && ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
            self.open = false;
            return;
        }
        let mut close = false;
        egui::Window::new(labels::CHOOSER_TITLE)
            .id(egui::Id::unique("guidance-chooser"))
            .collapsible(false)
            .resizable(false)
            .default_pos(ctx.content_rect().center_top() + Vec2::new(-410.0, 40.0))
            .show(ctx, |ui| {
                close = self.window_ui(ui, reference, commands);
            });
        if close {
            self.open = false;
        }
    }

    /// The window's contents; true when the user closed it.
    fn window_ui(
        &mut self,
        ui: &mut Ui,
        reference: &Reference,
        commands: &mut Vec<Command>,
    ) -> bool {
        let mut close = false;
        let answer = ui
            .horizontal_top(|ui| {
                let answer = ui
                    .vertical(|ui| {
                        ui.set_width(450.0);
                        self.question_ui(ui, reference);
                        ui.separator();
                        let answer = self.answer(reference).clone();
                        answer_ui(ui, &answer, reference, commands);
                        answer
                    })
                    .inner;
                // Space, not a separator: a separator here would take the window's full height.
                ui.add_space(16.0);
                diagram_ui(ui, &answer);
                answer
            })
            .inner;
        ui.separator();
        ui.label(RichText::new("Why: the decision path").strong());
        // The steps take the room left on the screen, so the window always fits.
        let room = ui.ctx().content_rect().bottom() - ui.cursor().top() - 60.0;
        let height = room.clamp(120.0, 420.0);
        egui::ScrollArea::vertical()
            .id_salt("chooser-steps")
            .max_height(height)
            // From the first frame: the default minimum makes the window grow a bit per frame.
            .min_scrolled_height(height)
            .auto_shrink([false, true])
            .show(ui, |ui| steps_ui(ui, &answer, reference, commands));
        ui.separator();
        // Left to right: a right-aligned button would sit beyond the auto-sized window's clip.
        ui.horizontal(|ui| {
            if ui
                .button(labels::CHOOSER_CLOSE)
                .on_hover_text("Close the chooser (Escape)")
                .clicked()
            {
                close = true;
            }
            let text = ui.ctx().format_shortcut(&super::menu::CHOOSER);
            ui.label(
                RichText::new(format!("{text} opens this window; Escape closes it."))
                    .weak()
                    .small(),
            );
        });
        close
    }

    fn question_ui(&mut self, ui: &mut Ui, reference: &Reference) {
        let focus = std::mem::take(&mut self.focus_pending);
        egui::Grid::new("chooser-question")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                ui.label(labels::CHOOSER_MODALITY);
                ui.horizontal(|ui| {
                    for (modality, text) in MODALITIES {
                        let response = ui
                            .radio_value(&mut self.modality, modality, text)
                            .on_hover_text(format!("{text} guided the needle"));
                        if focus && self.modality == modality {
                            response.request_focus();
                        }
                    }
                });
                ui.end_row();

                ui.label("");
                ui.checkbox(&mut self.spine, labels::CHOOSER_SPINE)
                    .on_hover_text(
                        "The needle goes into the spine or next to it (epidural, facet, nerve \
                         root, discography): with fluoroscopy that is 77003, not 77002.",
                    );
                ui.end_row();

                let label = ui.label(labels::CHOOSER_PRIMARY);
                ui.horizontal(|ui| {
                    ui.add(
                        egui::TextEdit::singleline(&mut self.primary)
                            .desired_width(80.0)
                            .font(egui::TextStyle::Monospace)
                            .hint_text("47000"),
                    )
                    .labelled_by(label.id)
                    .on_hover_text("The biopsy, aspiration, injection or drainage code");
                    let code = self.primary.trim().to_ascii_uppercase();
                    if let Some(entry) = reference.entry(&code) {
                        ui.add(egui::Label::new(RichText::new(&entry.description).weak()).wrap());
                    }
                });
                ui.end_row();

                let label = ui.label(labels::CHOOSER_PLACE_OF_SERVICE);
                ui.horizontal(|ui| {
                    ui.add(
                        egui::TextEdit::singleline(&mut self.place_of_service)
                            .desired_width(80.0)
                            .font(egui::TextStyle::Monospace)
                            .hint_text("22"),
                    )
                    .labelled_by(label.id)
                    .on_hover_text("The CMS place-of-service code; a facility setting adds 26");
                    let code = self.place_of_service.trim();
                    if let Some(place) = reference.place_of_service(code) {
                        ui.add(egui::Label::new(RichText::new(&place.name).weak()).wrap());
                    }
                });
                ui.end_row();
            });
    }
}

/// The headline, the code to report (or why none), the modifiers and "Use this code".
fn answer_ui(ui: &mut Ui, answer: &Answer, reference: &Reference, commands: &mut Vec<Command>) {
    let headline = answer.headline();
    ui.add(egui::Label::new(RichText::new(&headline).strong().size(16.0)).wrap());
    ui.add_space(4.0);
    let (text, color) = match &answer.outcome {
        Outcome::Report { code } => {
            let add = answer.modifiers_to_add();
            let coded = if add.is_empty() {
                code.clone()
            } else {
                format!("{code}-{}", add.join("-"))
            };
            (format!("Guidance code: {coded}"), accent(ui))
        }
        Outcome::Included { guidance, .. } => (
            format!("Included: do not report {guidance}"),
            ui.visuals().warn_fg_color,
        ),
        Outcome::Unknown {
            code_if_separate, ..
        } => (
            match code_if_separate {
                Some(code) => format!("No answer (if guidance is separately reportable: {code})"),
                None => "No answer".to_string(),
            },
            ui.visuals().error_fg_color,
        ),
    };
    ui.label(RichText::new(text).monospace().size(15.0).color(color));
    if let Some(other) = &answer.consider_instead {
        ui.label(
            RichText::new(format!("Consider {other} instead")).color(ui.visuals().warn_fg_color),
        );
    }
    if !answer.modifiers.is_empty() {
        ui.add_space(4.0);
        ui.label(RichText::new("Modifiers to consider").strong());
        for advice in &answer.modifiers {
            let when = match advice.when {
                ModifierWhen::Add => "add",
                ModifierWhen::IfFacility => "if in a facility",
                ModifierWhen::IfDistinctLesion => "only for a distinct lesion or site",
                ModifierWhen::NeverTogether => "never together",
            };
            let list = match (advice.when, advice.modifiers.split_first()) {
                (ModifierWhen::NeverTogether, Some((first, rest))) => {
                    format!("{first} with {}", rest.join(", "))
                }
                _ => advice.modifiers.join(" or "),
            };
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(format!("• {when}:")).weak());
                ui.label(RichText::new(list).monospace().strong());
                ui.label(RichText::new(advice.rule).monospace().small().weak())
                    .on_hover_ui(|ui| {
                        ui.set_max_width(360.0);
                        ui.label(&advice.reason);
                        rule_tooltip(ui, reference, advice.rule);
                    });
            });
        }
    }
    ui.add_space(6.0);
    let code = answer.code();
    let modifiers = answer.modifiers_to_add();
    let button = ui.add_enabled(
        code.is_some(),
        egui::Button::new(RichText::new(labels::CHOOSER_USE_CODE).strong()),
    );
    let button = match code {
        Some(code) => {
            let coded = std::iter::once(code.to_string())
                .chain(modifiers.iter().cloned())
                .collect::<Vec<_>>()
                .join("-");
            button.on_hover_text(format!("Add a service line {coded} to the claim"))
        }
        None => button.on_disabled_hover_text("There is no guidance code to add for this answer"),
    };
    if button.clicked()
        && let Some(code) = code
    {
        commands.push(Command::AddGuidanceLine {
            code: code.to_string(),
            modifiers,
        });
    }
}

/// Each step: the question and answer, why, the rule (hover: in plain words) and the source, and
/// a link that shows the reference text.
fn steps_ui(ui: &mut Ui, answer: &Answer, reference: &Reference, commands: &mut Vec<Command>) {
    for (i, step) in answer.steps.iter().enumerate() {
        egui::Frame::new()
            .fill(ui.visuals().faint_bg_color)
            .corner_radius(4.0)
            .inner_margin(6.0)
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(format!("{}. {}", i + 1, step.question)).strong());
                    let color = if step.caution {
                        ui.visuals().warn_fg_color
                    } else {
                        accent(ui)
                    };
                    // Monospace: the answers' arrows (→) are only in the monospace font.
                    ui.label(RichText::new(&step.answer).monospace().color(color));
                });
                ui.add(egui::Label::new(&step.explanation).wrap());
                ui.horizontal_wrapped(|ui| {
                    if let Some(rule) = step.rule {
                        ui.label(RichText::new(rule).monospace().small().strong())
                            .on_hover_ui(|ui| rule_tooltip(ui, reference, rule));
                    }
                    let link = ui
                        .link(RichText::new(format!("see {}", describe_link(&step.link))).small())
                        .on_hover_text("Show this text in the reference panel");
                    name_widget(ui, &link, &labels::chooser_step_reference(i));
                    if link.clicked() {
                        commands.push(Command::ShowReference(step.link.clone()));
                        if let Some(rule) = step.rule {
                            commands.push(Command::ShowRule(rule));
                        }
                    }
                });
                if !step.source.is_empty() {
                    ui.add(
                        egui::Label::new(
                            RichText::new(format!("Source: {}", step.source))
                                .weak()
                                .small(),
                        )
                        .wrap(),
                    );
                }
            });
        ui.add_space(3.0);
    }
}

/// A rule in plain words, with its source (`rules.ron`).
fn rule_tooltip(ui: &mut Ui, reference: &Reference, rule: &str) {
    ui.set_max_width(360.0);
    match reference.rule(rule) {
        Some(info) => {
            ui.label(RichText::new(&info.title).strong());
            ui.label(&info.explanation);
            ui.label(RichText::new(format!("Source: {}", info.source)).weak());
        }
        None => {
            ui.label(rule);
        }
    }
}

/// The path colour.
fn accent(ui: &Ui) -> Color32 {
    if ui.visuals().dark_mode {
        Color32::from_rgb(110, 170, 255)
    } else {
        Color32::from_rgb(20, 90, 200)
    }
}

// ---- The decision diagram ----

const LANE: f32 = 14.0;
const COLUMNS: f32 = 300.0;
const BOX_HEIGHT: f32 = 36.0;
const ROW_GAP: f32 = 16.0;
const ROWS: f32 = 7.0;
const DIAGRAM_SIZE: Vec2 = Vec2::new(
    COLUMNS + 2.0 * LANE,
    ROWS * BOX_HEIGHT + (ROWS - 1.0) * ROW_GAP,
);

/// The diagram's arrows, from question to question.
const EDGES: [(Node, Node); 9] = [
    (Node::Primary, Node::Modality),
    (Node::Modality, Node::SpineTarget),
    (Node::Modality, Node::NeedleNotRadiationFields),
    (Node::Modality, Node::IncludedInPrimary),
    (Node::SpineTarget, Node::IncludedInPrimary),
    (Node::NeedleNotRadiationFields, Node::IncludedInPrimary),
    (Node::IncludedInPrimary, Node::Listed77003Primary),
    (Node::IncludedInPrimary, Node::PlaceOfService),
    (Node::Listed77003Primary, Node::PlaceOfService),
];

/// A box's row and horizontal extent (left and right edge) in diagram units.
fn layout(node: Node) -> (f32, f32, f32) {
    match node {
        Node::Primary => (0.0, 40.0, 260.0),
        Node::Modality => (1.0, 40.0, 260.0),
        Node::SpineTarget => (2.0, 0.0, 140.0),
        Node::NeedleNotRadiationFields => (2.0, 160.0, 300.0),
        Node::IncludedInPrimary => (3.0, 40.0, 260.0),
        Node::Listed77003Primary => (4.0, 0.0, 140.0),
        Node::PlaceOfService => (5.0, 40.0, 260.0),
    }
}

fn row_top(origin: Pos2, row: f32) -> f32 {
    origin.y + row * (BOX_HEIGHT + ROW_GAP)
}

fn node_rect(origin: Pos2, node: Node) -> Rect {
    let (row, left, right) = layout(node);
    let top = row_top(origin, row);
    Rect::from_min_max(
        Pos2::new(origin.x + LANE + left, top),
        Pos2::new(origin.x + LANE + right, top + BOX_HEIGHT),
    )
}

/// The x where an arrow between `from` and `to` runs: every arrow is vertical, placed where both
/// boxes are (the narrow box's middle), or in the middle of the diagram when both are wide.
fn edge_x(origin: Pos2, from: Node, to: Node) -> f32 {
    let narrow = |n: Node| {
        let (_, left, right) = layout(n);
        right - left < 200.0
    };
    let x = if narrow(to) {
        let (_, left, right) = layout(to);
        (left + right) / 2.0
    } else if narrow(from) {
        let (_, left, right) = layout(from);
        (left + right) / 2.0
    } else {
        COLUMNS / 2.0
    };
    origin.x + LANE + x
}

/// A line with a small filled tip at `to` (egui's own arrow tip grows with the arrow's length).
fn arrow(painter: &egui::Painter, from: Pos2, to: Pos2, stroke: Stroke) {
    let direction = (to - from).normalized();
    let size = 4.0 + 1.5 * stroke.width;
    let back = to - direction * size;
    let side = direction.rot90() * (0.6 * size);
    painter.line_segment([from, back], stroke);
    painter.add(egui::Shape::convex_polygon(
        vec![to, back + side, back - side],
        stroke.color,
        Stroke::NONE,
    ));
}

/// The outcome in a few words, for the box at the bottom.
fn outcome_text(answer: &Answer) -> String {
    match &answer.outcome {
        Outcome::Report { code } => {
            let add = answer.modifiers_to_add();
            if add.is_empty() {
                format!("Report {code}")
            } else {
                format!("Report {code}-{}", add.join("-"))
            }
        }
        Outcome::Included { guidance, .. } => format!("{guidance} included: do not report"),
        Outcome::Unknown { .. } => "No answer".to_string(),
    }
}

/// The seven questions as boxes with arrows, the path taken in the accent colour (filled, bold),
/// the rest dimmed; an outcome box at the bottom joined to the last question on the path.
fn diagram_ui(ui: &mut Ui, answer: &Answer) {
    let (response, painter) = ui.allocate_painter(DIAGRAM_SIZE, Sense::hover());
    let origin = response.rect.min;
    let visuals = ui.visuals();
    let path_color = accent(ui);
    let dim = visuals.weak_text_color().gamma_multiply(0.6);
    let text_color = visuals.strong_text_color();
    let path: Vec<Node> = answer.steps.iter().map(|s| s.node).collect();
    let on_path_edge = |from: Node, to: Node| path.windows(2).any(|w| w[0] == from && w[1] == to);

    // Arrows first, so boxes sit on top of them.
    let mut edges: Vec<(Node, Node)> = EDGES.to_vec();
    for pair in path.windows(2) {
        if !edges.contains(&(pair[0], pair[1])) {
            edges.push((pair[0], pair[1]));
        }
    }
    for &(from, to) in &edges {
        let highlighted = on_path_edge(from, to);
        let x = edge_x(origin, from, to);
        let start = Pos2::new(x, node_rect(origin, from).bottom());
        let end = Pos2::new(x, node_rect(origin, to).top());
        let stroke = if highlighted {
            Stroke::new(2.5, path_color)
        } else {
            Stroke::new(1.0, dim)
        };
        arrow(&painter, start, end, stroke);
    }

    let hover = response.hover_pos();
    let mut hovered = None;
    for node in Node::ALL {
        let rect = node_rect(origin, node);
        let step = answer.steps.iter().find(|s| s.node == node);
        let (fill, stroke, color) = match step {
            Some(step) => {
                let color = if step.caution {
                    visuals.warn_fg_color
                } else {
                    path_color
                };
                (
                    color.gamma_multiply(0.18),
                    Stroke::new(2.5, color),
                    text_color,
                )
            }
            None => (Color32::TRANSPARENT, Stroke::new(1.0, dim), dim),
        };
        painter.rect(rect, 5.0, fill, stroke, egui::StrokeKind::Inside);
        let font = FontId::proportional(12.0);
        let mut job = egui::text::LayoutJob::simple(
            node.label().to_string(),
            font,
            color,
            rect.width() - 10.0,
        );
        job.halign = egui::Align::Center;
        let galley = painter.layout_job(job);
        let pos = rect.center() - galley.rect.center().to_vec2();
        painter.galley(pos, galley, color);
        if hover.is_some_and(|p| rect.contains(p)) {
            hovered = Some(node);
        }
    }

    // The outcome, joined to the last question through a side lane.
    let outcome_rect = Rect::from_min_max(
        Pos2::new(origin.x + LANE + 40.0, row_top(origin, 6.0)),
        Pos2::new(origin.x + LANE + 260.0, row_top(origin, 6.0) + BOX_HEIGHT),
    );
    let outcome_color = match answer.outcome {
        Outcome::Report { .. } => path_color,
        Outcome::Included { .. } => visuals.warn_fg_color,
        Outcome::Unknown { .. } => visuals.error_fg_color,
    };
    if let Some(&last) = path.last() {
        let from = node_rect(origin, last);
        let stroke = Stroke::new(2.5, outcome_color);
        if last == Node::PlaceOfService {
            let x = outcome_rect.center().x;
            let start = Pos2::new(x, from.bottom());
            arrow(&painter, start, Pos2::new(x, outcome_rect.top()), stroke);
        } else {
            let left_side = from.center().x < origin.x + LANE + COLUMNS / 2.0;
            let (lane_x, from_x, to_x) = if left_side {
                (origin.x + LANE / 2.0, from.left(), outcome_rect.left())
            } else {
                (
                    origin.x + LANE + COLUMNS + LANE / 2.0,
                    from.right(),
                    outcome_rect.right(),
                )
            };
            let y = outcome_rect.center().y;
            let corner_top = Pos2::new(lane_x, from.center().y);
            let corner_bottom = Pos2::new(lane_x, y);
            painter.line_segment([Pos2::new(from_x, from.center().y), corner_top], stroke);
            painter.line_segment([corner_top, corner_bottom], stroke);
            arrow(&painter, corner_bottom, Pos2::new(to_x, y), stroke);
        }
    }
    painter.rect(
        outcome_rect,
        BOX_HEIGHT / 2.0,
        outcome_color.gamma_multiply(0.25),
        Stroke::new(2.5, outcome_color),
        egui::StrokeKind::Inside,
    );
    painter.text(
        outcome_rect.center(),
        Align2::CENTER_CENTER,
        outcome_text(answer),
        FontId::proportional(13.0),
        text_color,
    );

    let mut name = format!("{}: path ", labels::DECISION_DIAGRAM);
    for node in &path {
        name.push_str(node.label());
        name.push_str(" → ");
    }
    name.push_str(&outcome_text(answer));
    response.widget_info(|| egui::WidgetInfo::labeled(Role::Image, true, &name));
    response.on_hover_ui(|ui| {
        ui.set_max_width(340.0);
        match hovered.and_then(|node| answer.steps.iter().find(|s| s.node == node)) {
            Some(step) => {
                ui.label(RichText::new(&step.question).strong());
                ui.label(RichText::new(&step.answer).monospace());
            }
            None => {
                ui.label(
                    "The highlighted boxes are the questions on this answer's path; dimmed boxes \
                     did not apply.",
                );
            }
        }
    });
}
