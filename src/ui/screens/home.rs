//! The home screen: the product's six parts, and today at a glance.

use super::audit::AuditScreen;
use super::cases::CasesScreen;
use super::closing::ClosingScreen;
use super::duty::DutyScreen;
use super::placeholder::PlaceholderScreen;
use super::registers::RegistersScreen;
use super::settings::SettingsScreen;
use super::statistics::StatisticsScreen;
use super::users::UsersScreen;
use crate::domain::roles::Permission;
use crate::i18n::Strings;
use crate::store::TodayCounts;
use crate::ui::components::list_nav;
use crate::ui::components::wrap::{pad, wrap_text};
use crate::ui::keys;
use crate::ui::{Action, Ctx, Hint, Screen, View};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

/// What the right-hand panel shows, loaded when the screen (re)appears.
#[derive(Debug, Clone, Default)]
struct Today {
    /// 某某（秘书）: who is signed in.
    user: String,
    station: String,
    on_duty: Vec<String>,
    counts: TodayCounts,
    overdue: i64,
    near_deadline: i64,
    drafts: usize,
    /// 民生实事 milestones past their month and not done.
    late_milestones: usize,
    error: Option<String>,
}

pub struct HomeScreen {
    selected: usize,
    today: Today,
    /// The user may manage users (shows the key).
    admin: bool,
}

/// The station's six parts, in the order of the home menu (and of
/// `Strings::home_items`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Duty,
    Cases,
    Registers,
    Closing,
    Statistics,
    Settings,
}

impl Part {
    pub const ALL: [Part; 6] = [
        Part::Duty,
        Part::Cases,
        Part::Registers,
        Part::Closing,
        Part::Statistics,
        Part::Settings,
    ];

    /// The part's name as the menu shows it.
    pub fn name(self, t: &Strings) -> &'static str {
        t.home_items[self as usize]
    }
}

impl HomeScreen {
    pub fn new(cx: &mut Ctx) -> Self {
        let admin = cx
            .user
            .is_some_and(|u| u.role.allows(Permission::ManageUsers));
        let mut screen = Self {
            selected: 0,
            today: Today::default(),
            admin,
        };
        screen.load(cx);
        screen
    }

    fn load(&mut self, cx: &mut Ctx) {
        let date = cx.now.date();
        let user = cx
            .user
            .map(|u| format!("{}（{}）", u.name, cx.t.users.roles[u.role.index()]))
            .unwrap_or_default();
        let store = &*cx.store;
        let loaded = (|| -> crate::store::StoreResult<Today> {
            let settings = store.settings()?;
            let near = settings
                .working_calendar()
                .add_working_days(date, settings.near_deadline_days);
            let (overdue, near_deadline) = store.deadline_counts(date, near)?;
            Ok(Today {
                overdue,
                near_deadline,
                station: store.station()?.map(|s| s.name).unwrap_or_default(),
                on_duty: store
                    .on_duty(date)?
                    .into_iter()
                    .map(|s| s.deputy_name)
                    .collect(),
                counts: store.today_counts(date)?,
                user: user.clone(),
                drafts: store.drafts("reception")?.len(),
                late_milestones: store
                    .overdue_milestones(&settings.working_calendar(), date)?
                    .len(),
                error: None,
            })
        })();
        self.today = loaded.unwrap_or_else(|e| Today {
            user,
            error: Some(cx.t.store_error(&e)),
            ..Today::default()
        });
    }

    fn open(&self, index: usize, cx: &mut Ctx) -> Action {
        let Some(&part) = Part::ALL.get(index) else {
            return Action::Push(Box::new(PlaceholderScreen::new(cx.t.none)));
        };
        match part {
            Part::Duty => Action::Push(Box::new(DutyScreen::new(cx))),
            Part::Cases => Action::Push(Box::new(CasesScreen::new(cx))),
            Part::Registers => Action::Push(Box::new(RegistersScreen::new(cx))),
            Part::Closing => Action::Push(Box::new(ClosingScreen::new(cx))),
            Part::Statistics => Action::Push(Box::new(StatisticsScreen::new(cx))),
            Part::Settings => Action::Push(Box::new(SettingsScreen::new(cx))),
        }
    }

    fn render_menu(&self, f: &mut Frame, area: Rect, v: &View) {
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(v.theme.border)
            .title(Span::styled(format!(" {} ", v.t.home_title), v.theme.title));
        let inner = block.inner(area);
        f.render_widget(block, area);
        let width = inner.width as usize;
        let mut lines = Vec::new();
        for (i, (item, note)) in v.t.home_items.iter().zip(v.t.home_item_notes).enumerate() {
            let label = format!(" {}  {}", i + 1, item);
            let style = if i == self.selected {
                v.theme.selection
            } else {
                v.theme.text
            };
            lines.push(Line::styled(pad(&label, width), style));
            lines.push(Line::styled(
                pad(&format!("      {note}"), width),
                v.theme.muted,
            ));
            if inner.height as usize >= v.t.home_items.len() * 3 {
                lines.push(Line::raw(""));
            }
        }
        f.render_widget(Paragraph::new(lines), inner);
    }

    fn render_today(&self, f: &mut Frame, area: Rect, v: &View) {
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(v.theme.border)
            .title(Span::styled(format!(" {} ", v.t.home_today), v.theme.title));
        let inner = block.inner(area);
        f.render_widget(block, area);
        let width = inner.width.saturating_sub(2) as usize;
        let mut lines = Vec::new();
        let mut push_wrapped = |text: &str, style| {
            for l in wrap_text(text, width) {
                lines.push(Line::styled(format!(" {l}"), style));
            }
        };
        if let Some(error) = &self.today.error {
            push_wrapped(error, v.theme.error);
        } else {
            let d = &self.today;
            push_wrapped(
                &format!("{}：{}", v.t.home_station, d.station),
                v.theme.text,
            );
            push_wrapped(&format!("{}：{}", v.t.users.current, d.user), v.theme.text);
            push_wrapped(
                &format!("{}：{}", v.t.home_today, v.now.format("%Y-%m-%d")),
                v.theme.text,
            );
            if d.on_duty.is_empty() {
                push_wrapped(
                    &format!("{}：{}", v.t.home_on_duty, v.t.home_nobody_on_duty),
                    v.theme.muted,
                );
            } else {
                push_wrapped(
                    &format!("{}：{}", v.t.home_on_duty, d.on_duty.join("、")),
                    v.theme.ok,
                );
            }
            push_wrapped("", v.theme.text);
            let c = d.counts;
            push_wrapped(
                &v.t.home_counts.fill([
                    &c.visits,
                    &c.persons,
                    &c.open_cases,
                    &d.overdue,
                    &d.near_deadline,
                ]),
                if d.overdue > 0 {
                    v.theme.warn
                } else {
                    v.theme.text
                },
            );
            if d.drafts > 0 {
                push_wrapped("", v.theme.text);
                push_wrapped(&v.t.home_drafts.fill([&d.drafts]), v.theme.warn);
            }
            if d.late_milestones > 0 {
                push_wrapped("", v.theme.text);
                let said = v.t.mszs.home_overdue.fill([&d.late_milestones]);
                push_wrapped(&said, v.theme.warn);
            }
        }
        f.render_widget(Paragraph::new(lines), inner);
    }
}

impl Screen for HomeScreen {
    fn title(&self, t: &Strings) -> String {
        t.home_title.to_string()
    }

    fn handle_key(&mut self, key: KeyEvent, cx: &mut Ctx) -> Action {
        let count = cx.t.home_items.len();
        if list_nav::cycle(&key, &mut self.selected, count) {
            return Action::None;
        } else if keys::ENTER.matches(&key) {
            return self.open(self.selected, cx);
        } else if let Some(i) = keys::DIGITS.index(&key).filter(|&i| i < count) {
            self.selected = i;
            return self.open(i, cx);
        } else if keys::QUIT.matches(&key) {
            // Esc is pressed once too often on the way back: only q quits.
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
        let [menu, today] =
            Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
                .areas(area);
        self.render_menu(f, menu, v);
        self.render_today(f, today, v);
    }

    fn hints(&self, t: &'static Strings) -> Vec<Hint> {
        let mut hints = vec![
            keys::UP_DOWN.hint(t, t.hint_move),
            keys::ENTER.hint(t, t.hint_open),
            keys::digits_hint(t.home_items.len(), t.hint_open),
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
