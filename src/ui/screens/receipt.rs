//! The receipt after a reception is saved: what the voter takes away.
//! It can be written to a text file or sent to the print command; either
//! is logged. One key starts the form for the next voter.

use super::reception::ReceptionScreen;
use crate::domain::choices::Route;
use crate::domain::reception::{ReceptionDraft, ValidReception};
use crate::domain::validate::mask_phone;
use crate::i18n::{Strings, fill};
use crate::store::{DutySession, SavedReception, Station};
use crate::ui::components::wrap::wrap_text;
use crate::ui::{Action, Ctx, Hint, Screen, Severity, View, current_actor};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use std::io::Write;
use std::process::{Command, Stdio};

#[derive(Debug, Clone, PartialEq)]
pub struct Receipt {
    pub number: String,
    pub reception_id: String,
    /// `label：value` lines, phone masked, ready to print.
    pub lines: Vec<(String, String)>,
    pub footer: String,
}

impl Receipt {
    pub fn build(
        r: &ValidReception,
        saved: &SavedReception,
        draft: &ReceptionDraft,
        on_duty: &[DutySession],
        station: Option<Station>,
        cx: &Ctx,
    ) -> Receipt {
        let t = cx.t;
        let l = &t.receipt_lines;
        let mut lines = Vec::new();
        let mut add = |label: &str, value: String| lines.push((label.to_string(), value));
        if let Some(s) = station {
            add(l.station, s.name);
        }
        add(l.number, saved.number.clone());
        add(l.date, cx.now.format("%Y-%m-%d %H:%M").to_string());
        let names: Vec<&str> = on_duty.iter().map(|d| d.deputy_name.as_str()).collect();
        add(l.deputies, names.join("、"));
        let visitor = t.visitor(r.visitor_name.as_deref(), r.confidential);
        add(l.visitor, visitor);
        if let Some(phone) = &r.phone {
            add(l.phone, mask_phone(phone));
        }
        add(l.category, r.category.clone());
        add(l.route, t.route(r.route).to_string());
        match r.route {
            Route::OnSpot => add(l.reply, r.on_spot_reply.clone()),
            Route::NotAccepted => {
                if let Some(reason) = r.not_accepted_reason {
                    add(
                        t.field(crate::domain::fields::Field::NotAcceptedReason),
                        t.not_accepted_reason(reason).to_string(),
                    );
                }
                add(l.guidance, r.guidance.clone());
            }
            Route::Assign | Route::Transfer => add(l.department, draft.department_name.clone()),
            Route::Suggestion => {}
        }
        if let Some(deadline) = saved.deadline {
            add(l.deadline, deadline.format("%Y-%m-%d").to_string());
        }
        Receipt {
            number: saved.number.clone(),
            reception_id: saved.reception_id.clone(),
            lines,
            footer: l.how_to_ask.to_string(),
        }
    }

    /// The receipt as plain text, for files and printers.
    pub fn text(&self, t: &Strings) -> String {
        let mut out = format!("{}\n\n", t.receipt_title);
        for (label, value) in &self.lines {
            out.push_str(&format!("{label}：{value}\n"));
        }
        out.push_str(&format!("\n{}\n", self.footer));
        out
    }
}

pub struct ReceiptScreen {
    receipt: Receipt,
}

impl ReceiptScreen {
    pub fn new(receipt: Receipt) -> Self {
        Self { receipt }
    }

    fn write_file(&self, cx: &mut Ctx) -> Action {
        let dir = cx.files_dir.join("receipts");
        let path = dir.join(format!("{}.txt", self.receipt.number));
        let written = std::fs::create_dir_all(&dir)
            .and_then(|_| std::fs::write(&path, self.receipt.text(cx.t)));
        if let Err(e) = written {
            return Action::Message(fill(cx.t.receipt_file_failed, &[&e]), Severity::Error);
        }
        let shown = path.display().to_string();
        let _ = cx.store.record_output(
            "receipt.save",
            "reception",
            &self.receipt.reception_id,
            serde_json::json!({ "destination": shown }),
            &current_actor(cx),
            cx.now,
        );
        Action::Message(fill(cx.t.receipt_file_written, &[&shown]), Severity::Ok)
    }

    fn print(&self, cx: &mut Ctx) -> Action {
        let command = cx
            .store
            .settings()
            .map(|s| s.print_command)
            .unwrap_or_default();
        if command.trim().is_empty() {
            return Action::Message(cx.t.receipt_no_printer.into(), Severity::Warn);
        }
        let result = Command::new("sh")
            .arg("-c")
            .arg(&command)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .and_then(|mut child| {
                if let Some(mut stdin) = child.stdin.take() {
                    // A command that fails at once closes its input early; its
                    // exit status and message say why, not the broken pipe.
                    let _ = stdin.write_all(self.receipt.text(cx.t).as_bytes());
                }
                child.wait_with_output()
            });
        match result {
            Ok(out) if out.status.success() => {
                let _ = cx.store.record_output(
                    "receipt.print",
                    "reception",
                    &self.receipt.reception_id,
                    serde_json::json!({ "destination": command }),
                    &current_actor(cx),
                    cx.now,
                );
                Action::Message(cx.t.receipt_printed.into(), Severity::Ok)
            }
            Ok(out) => {
                let why = String::from_utf8_lossy(&out.stderr).trim().to_string();
                let why = if why.is_empty() {
                    out.status.to_string()
                } else {
                    why
                };
                Action::Message(fill(cx.t.receipt_print_failed, &[&why]), Severity::Error)
            }
            Err(e) => Action::Message(fill(cx.t.receipt_print_failed, &[&e]), Severity::Error),
        }
    }
}

impl Screen for ReceiptScreen {
    fn title(&self, t: &Strings) -> String {
        t.receipt_title.to_string()
    }

    fn handle_key(&mut self, key: KeyEvent, cx: &mut Ctx) -> Action {
        match key.code {
            KeyCode::Char('n' | 'N') | KeyCode::Enter => {
                Action::Replace(Box::new(ReceptionScreen::new(cx)))
            }
            KeyCode::Char('s' | 'S') | KeyCode::F(3) => self.write_file(cx),
            KeyCode::Char('p' | 'P') | KeyCode::F(4) => self.print(cx),
            KeyCode::Esc | KeyCode::Char('h' | 'H') => Action::Home,
            _ => Action::None,
        }
    }

    fn render(&mut self, f: &mut Frame, area: Rect, v: &View) {
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(v.theme.ok)
            .title(Span::styled(
                format!(" {} ", v.t.receipt_title),
                v.theme.title,
            ));
        let inner = block.inner(area);
        f.render_widget(block, area);
        let width = inner.width.saturating_sub(4) as usize;
        let mut lines = vec![
            Line::styled(format!("  ✓ {}", v.t.receipt_saved), v.theme.ok),
            Line::raw(""),
        ];
        for (label, value) in &self.receipt.lines {
            let text = format!("{label}：{value}");
            for (i, part) in wrap_text(&text, width).into_iter().enumerate() {
                let style = if i == 0 && label == v.t.receipt_lines.number {
                    v.theme.focus
                } else {
                    v.theme.text
                };
                lines.push(Line::styled(format!("  {part}"), style));
            }
        }
        lines.push(Line::raw(""));
        for part in wrap_text(&self.receipt.footer, width) {
            lines.push(Line::styled(format!("  {part}"), v.theme.muted));
        }
        f.render_widget(Paragraph::new(lines), inner);
    }

    fn hints(&self, t: &'static Strings) -> Vec<Hint> {
        vec![
            Hint::new("N/Enter", t.hint_next_voter),
            Hint::new("S", t.hint_receipt_file),
            Hint::new("P", t.hint_receipt_print),
            Hint::new("Esc", t.hint_home),
        ]
    }
}
