//! The floor for start-up and memory measurements: an empty eframe window with the same renderer
//! and features as cpt-guidance (glow, x11, wayland, default fonts, AccessKit, persistence).
//!
//! With `CPT_GUIDANCE_FIRST_FRAME_EXIT=1` it prints `first_frame_unix_ms=<ms>` on stderr at its
//! first frame and closes, so `scripts/startup.sh` can time process start to first frame.

fn main() -> eframe::Result {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_inner_size([1280.0, 800.0])
            .with_title("bare window"),
        ..Default::default()
    };
    eframe::run_native(
        "bare-window",
        options,
        Box::new(|_cc| Ok(Box::new(BareWindow::default()))),
    )
}

#[derive(Default)]
struct BareWindow {
    reported: bool,
}

impl eframe::App for BareWindow {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::CentralPanel::default_margins().show(ui, |ui| {
            ui.label("bare window");
        });
        if !self.reported && std::env::var_os("CPT_GUIDANCE_FIRST_FRAME_EXIT").is_some() {
            self.reported = true;
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_millis())
                .unwrap_or(0);
            eprintln!("first_frame_unix_ms={now}");
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }
}
