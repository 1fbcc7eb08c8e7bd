//! The hub's screens: its stations with their figures (home), the 督办
//! list across stations, and any station's registers on the hub's copy.

mod copy;
mod supervision;

use crate::domain::ids::CaseId;
use crate::domain::roles::Permission;
use crate::domain::stats::{Counts, percent};
use crate::i18n::Strings;
use crate::service::hub::{HomeRow, hub_home};
use crate::ui::components::list_nav::Reach;
use crate::ui::components::panel;
use crate::ui::components::table::{TableView, text_row};
use crate::ui::components::wrap::{str_width, wrap_text};
use crate::ui::keys;
use crate::ui::screens::audit::AuditScreen;
use crate::ui::screens::registers::RegistersScreen;
use crate::ui::screens::statistics::StatisticsScreen;
use crate::ui::screens::users::UsersScreen;
use crate::ui::{Action, Ctx, Hint, Screen, Severity, View};
use copy::CopyScreen;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use supervision::SupervisionScreen;

/// The stations table's narrowest column widths; a figure's column grows
/// to its widest figure (a county's totals run to seven digits), to 30.
const WIDTHS: [u16; 7] = [20, 10, 12, 13, 7, 7, 5];

pub struct HubHomeScreen {
    rows: Vec<HomeRow>,
    total: (Counts, Counts),
    widths: [u16; 7],
    table: TableView,
    error: Option<String>,
    admin: bool,
}

impl HubHomeScreen {
    pub fn new(cx: &mut Ctx) -> Self {
        let admin = cx
            .user
            .is_some_and(|u| u.role.allows(Permission::ManageUsers));
        let mut screen = Self {
            rows: Vec::new(),
            total: Default::default(),
            widths: WIDTHS,
            table: TableView::new(),
            error: None,
            admin,
        };
        screen.load(cx);
        screen
    }

    fn load(&mut self, cx: &mut Ctx) {
        match hub_home(cx.store, cx.now.date()) {
            Ok(rows) => {
                let mut total = (Counts::default(), Counts::default());
                for r in &rows {
                    total.0.add(&r.month);
                    total.1.add(&r.year);
                }
                self.rows = rows;
                self.total = total;
                self.widths = self.content_widths();
                self.error = None;
            }
            Err(e) => self.error = Some(e.message(cx.t)),
        }
    }

    fn row_cells(r: &HomeRow) -> Vec<String> {
        let s = &r.station;
        cells((&s.label(), &s.data_through), &r.month, &r.year, r.overdue)
    }

    fn total_cells(&self, label: &str) -> Vec<String> {
        let (month, year) = &self.total;
        let overdue = self.rows.iter().map(|r| r.overdue).sum();
        cells((label, ""), month, year, overdue)
    }

    fn content_widths(&self) -> [u16; 7] {
        let mut widths = WIDTHS;
        let figures = self.rows.iter().map(Self::row_cells);
        for texts in figures.chain([self.total_cells("")]) {
            // The code, name and date columns keep their width.
            for (w, text) in widths.iter_mut().zip(&texts).skip(2) {
                let wanted = (str_width(text) + 1).min(30) as u16;
                *w = (*w).max(wanted);
            }
        }
        widths
    }

    fn open_registers(&self, cx: &mut Ctx) -> Action {
        let Some(row) = self.rows.get(self.table.selected()) else {
            return Action::None;
        };
        let path = cx.store.hub_folder().join(&row.station.file);
        let name = row.station.name.clone();
        match CopyScreen::open(path, name, cx, |own| Box::new(RegistersScreen::new(own))) {
            Ok(screen) => Action::Push(Box::new(screen)),
            Err(why) => Action::Message(why, Severity::Error),
        }
    }
}

/// The widths with the name's column narrowed (to 8 at the least) so
/// that every figure fits in `room`: a name can be cut, a figure not.
fn fit_name(mut widths: [u16; 7], room: u16) -> [u16; 7] {
    let spacing = widths.len() as u16 - 1;
    let wanted: u16 = widths.iter().sum::<u16>() + spacing;
    let over = wanted.saturating_sub(room);
    widths[0] = widths[0].saturating_sub(over).max(8);
    widths
}

/// 批次/人次/件数
pub(crate) fn three(c: &Counts) -> String {
    format!("{}/{}/{}", c.batches, c.persons, c.items)
}

/// The overdue count is today's (the 督办 list's), the rest the periods'.
fn cells(
    (label, through): (&str, &str),
    month: &Counts,
    year: &Counts,
    overdue: i64,
) -> Vec<String> {
    vec![
        label.to_string(),
        through.to_string(),
        three(month),
        three(year),
        percent(year.resolution_rate()),
        percent(year.on_time_rate()),
        overdue.to_string(),
    ]
}

impl Screen for HubHomeScreen {
    fn title(&self, t: &Strings) -> String {
        t.rollup.home_title.to_string()
    }

    fn handle_key(&mut self, key: KeyEvent, cx: &mut Ctx) -> Action {
        if self.table.navigate(&key, Reach::Pages, self.rows.len()) {
            return Action::None;
        } else if keys::ENTER.matches(&key) {
            return self.open_registers(cx);
        } else if keys::SUPERVISE.matches(&key) {
            return Action::Push(Box::new(SupervisionScreen::new(cx)));
        } else if keys::HUB_STATISTICS.matches(&key) {
            return Action::Push(Box::new(StatisticsScreen::new(cx)));
        } else if keys::QUIT.matches(&key) {
            return Action::Quit;
        } else if keys::SIGN_OUT.matches(&key) {
            return Action::SignOut;
        } else if keys::USERS.matches(&key) && self.admin {
            return Action::Push(Box::new(UsersScreen::new(cx)));
        } else if keys::AUDIT.matches(&key) && self.admin {
            return Action::Push(Box::new(AuditScreen::new(cx)));
        }
        Action::None
    }

    fn render(&mut self, f: &mut Frame, area: Rect, v: &View) {
        let w = v.t.rollup;
        let inner = panel(f, area, w.home_title, v.theme.border, v);
        let line = |y: u16| Rect {
            y,
            height: 1,
            ..inner
        };
        let intro = self.error.as_deref().unwrap_or(w.home_intro);
        let style = if self.error.is_some() {
            v.theme.error
        } else {
            v.theme.muted
        };
        // The intro is wrapped, at most two lines: a narrow screen keeps
        // the whole sentence (on what the columns mean).
        let intro: Vec<Line> = wrap_text(intro, inner.width as usize)
            .into_iter()
            .take(2)
            .map(|l| Line::styled(l, style))
            .collect();
        let top = intro.len() as u16 + 1;
        f.render_widget(
            Paragraph::new(intro),
            Rect {
                height: top - 1,
                ..inner
            },
        );
        if self.rows.is_empty() {
            let said = format!("{}{}", v.t.rollup.no_stations, v.t.rollup.no_stations_how);
            let lines: Vec<Line> = wrap_text(&said, inner.width as usize)
                .into_iter()
                .map(|l| Line::styled(l, v.theme.text))
                .collect();
            let below = Rect {
                y: inner.y + top,
                height: inner.height.saturating_sub(top),
                ..inner
            };
            f.render_widget(Paragraph::new(lines), below);
            return;
        }
        let body = Rect {
            y: inner.y + top,
            height: inner.height.saturating_sub(top + 2),
            ..inner
        };
        let fitted = fit_name(self.widths, inner.width);
        let widths: Vec<Constraint> = fitted.iter().map(|w| Constraint::Length(*w)).collect();
        let header = text_row(&w.home_columns, &fitted, v.theme.title);
        let total = self.total_cells(w.total_row);
        let rows = &self.rows;
        let column_widths = &fitted;
        self.table
            .render(f, body, header, &widths, rows.len(), |i, selected| {
                let r = &rows[i];
                let texts = Self::row_cells(r);
                let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
                let style = match (selected, r.stale) {
                    (true, _) => v.theme.selection,
                    (false, true) => v.theme.error,
                    (false, false) => v.theme.text,
                };
                text_row(&refs, column_widths, style)
            });
        let refs: Vec<&str> = total.iter().map(String::as_str).collect();
        let total =
            ratatui::widgets::Table::new(vec![text_row(&refs, &fitted, v.theme.title)], widths);
        f.render_widget(total, line(inner.y + inner.height.saturating_sub(1)));
    }

    fn hints(&self, t: &'static Strings) -> Vec<Hint> {
        let mut hints = vec![
            keys::UP_DOWN.hint(t, t.hint_move),
            keys::ENTER.hint(t, t.rollup.hint_registers),
            keys::SUPERVISE.hint(t, t.rollup.hint_supervise),
            keys::HUB_STATISTICS.hint(t, t.rollup.hint_statistics),
        ];
        if self.admin {
            hints.push(keys::USERS.hint(t, t.users.hint_users));
            hints.push(keys::AUDIT.hint(t, t.audit.hint_open));
        }
        hints.push(keys::SIGN_OUT.hint(t, t.users.hint_sign_out));
        hints.push(keys::QUIT.hint(t, t.hint_quit));
        hints
    }

    fn resume(&mut self, cx: &mut Ctx) {
        self.load(cx);
    }
}

/// A case of a station's copy, opened read-only (the 督办 list's Enter).
pub(super) fn open_case(
    path: std::path::PathBuf,
    station: String,
    case_id: &CaseId,
    cx: &mut Ctx,
) -> Action {
    let id = case_id.clone();
    let made = CopyScreen::open(path, station, cx, |own| {
        Box::new(crate::ui::screens::case_detail::CaseDetailScreen::new(
            &id, own,
        ))
    });
    match made {
        Ok(screen) => Action::Push(Box::new(screen)),
        Err(why) => Action::Message(why.to_string(), Severity::Error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_gives_way_so_that_the_figures_fit() {
        let widths = [20, 10, 12, 16, 7, 7, 5];
        // 83 wanted with the spacing: 83 columns leave all as they are.
        assert_eq!(fit_name(widths, 83), widths);
        assert_eq!(fit_name(widths, 78)[0], 15);
        assert_eq!(fit_name(widths, 40)[0], 8);
        assert_eq!(fit_name(widths, 40)[3], 16);
    }
}
