//! The receipt after a reception is saved: what the voter takes away.
//! It can be written to a text file or sent to the print command; either
//! is logged. One key starts the form for the next voter.

use super::reception::ReceptionScreen;
use crate::domain::choices::Route;
use crate::domain::ids::ReceptionId;
use crate::domain::reception::{ReceptionDraft, ValidReception};
use crate::domain::validate::mask_phone;
use crate::i18n::Strings;
use crate::store::{DutySession, SavedReception, Station};
use crate::ui::components::wrap::wrap_text;
use crate::ui::keys;
use crate::ui::output::{Outgoing, print_text, save_text};
use crate::ui::{Action, Ctx, Hint, Screen, View};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

#[derive(Debug, Clone, PartialEq)]
pub struct Receipt {
    pub number: String,
    pub reception_id: ReceptionId,
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
        // No ID number, not even masked: a receipt leaves the station in
        // the voter's hand and can be lost.
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

    fn outgoing(&self, cx: &Ctx) -> Outgoing<'_> {
        Outgoing {
            kind: "receipt",
            entity: "reception",
            entity_id: &self.receipt.reception_id,
            text: self.receipt.text(cx.t),
            saved_template: cx.t.receipt_file_written,
            printed_message: cx.t.receipt_printed,
        }
    }

    fn write_file(&self, cx: &mut Ctx) -> Action {
        let dir = cx.files_dir.join("receipts");
        let name = format!("{}.txt", self.receipt.number);
        let out = self.outgoing(cx);
        save_text(cx, &dir, &name, out)
    }

    fn print(&self, cx: &mut Ctx) -> Action {
        let out = self.outgoing(cx);
        print_text(cx, out)
    }
}

impl Screen for ReceiptScreen {
    fn title(&self, t: &Strings) -> String {
        t.receipt_title.to_string()
    }

    fn handle_key(&mut self, key: KeyEvent, cx: &mut Ctx) -> Action {
        if keys::NEXT_VOTER.matches(&key) {
            Action::Replace(Box::new(ReceptionScreen::new(cx)))
        } else if keys::RECEIPT_FILE.matches(&key) {
            self.write_file(cx)
        } else if keys::RECEIPT_PRINT.matches(&key) {
            self.print(cx)
        } else if keys::RECEIPT_HOME.matches(&key) {
            Action::Home
        } else {
            Action::None
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
            keys::NEXT_VOTER.hint(t, t.hint_next_voter),
            keys::RECEIPT_FILE.hint(t, t.hint_receipt_file),
            keys::RECEIPT_PRINT.hint(t, t.hint_receipt_print),
            keys::RECEIPT_HOME.hint(t, t.hint_home),
        ]
    }
}
