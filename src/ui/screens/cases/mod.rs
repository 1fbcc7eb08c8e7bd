//! The handling register (意见建议办理登记簿) as a list: search as you
//! type, filters, urgency order, deadlines in colour, and pages fetched as
//! the selection moves down (keyset paging: a million cases scroll fine).

mod filter;

use super::case_detail::CaseDetailScreen;
use super::departments::DepartmentsScreen;
use crate::domain::calendar::Calendar;
use crate::domain::case::CaseStatus;
use crate::domain::search::highlight_ranges;
use crate::domain::search::match_expression;
use crate::domain::validate::mask_phone;
use crate::i18n::Strings;
use crate::store::{CaseFilter, CaseRow, Cursor};
use crate::ui::components::list_nav::Reach;
use crate::ui::components::panel;
use crate::ui::components::picker::Picker;
use crate::ui::components::table::{TableView, text_row};
use crate::ui::components::text_input::{InputOutcome, TextInput};
use crate::ui::components::wrap::{pad, str_width, truncate};
use crate::ui::keys;
use crate::ui::{Action, Ctx, Hint, Screen, View};
use chrono::NaiveDate;
use crossterm::event::KeyEvent;
use filter::{FilterForm, FilterOutcome};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row};

const PAGE: usize = 50;

pub struct CasesScreen {
    search: TextInput,
    filter: CaseFilter,
    overdue_only: bool,
    due_within: Option<u32>,
    rows: Vec<CaseRow>,
    next: Cursor,
    table: TableView,
    counts: Vec<(CaseStatus, i64)>,
    calendar: Calendar,
    near_days: u32,
    today: NaiveDate,
    error: Option<String>,
    filter_form: Option<FilterForm>,
}

impl CasesScreen {
    pub fn new(cx: &mut Ctx) -> Self {
        let settings = cx.read(cx.store.settings());
        let mut screen = Self {
            search: TextInput::single(""),
            filter: CaseFilter::default(),
            overdue_only: false,
            due_within: None,
            rows: Vec::new(),
            next: Cursor::Start,
            table: TableView::new(),
            counts: Vec::new(),
            calendar: settings.working_calendar(),
            near_days: settings.near_deadline_days,
            today: cx.now.date(),
            error: None,
            filter_form: None,
        };
        screen.reload(cx);
        screen
    }

    /// The filter with the search text and the date-based choices applied.
    fn effective_filter(&self) -> CaseFilter {
        CaseFilter {
            query: self.search.text(),
            overdue_before: self.overdue_only.then_some(self.today),
            due_by: self
                .due_within
                .map(|n| self.calendar.add_working_days(self.today, n)),
            ..self.filter.clone()
        }
    }

    fn reload(&mut self, cx: &mut Ctx) {
        self.rows.clear();
        self.next = Cursor::Start;
        self.table.reset();
        self.counts = cx.read(cx.store.status_counts());
        self.load_more(cx);
    }

    fn load_more(&mut self, cx: &mut Ctx) {
        if self.next == Cursor::End {
            return;
        }
        match cx
            .store
            .case_page(&self.effective_filter(), &self.next, PAGE)
        {
            Ok((rows, next)) => {
                self.rows.extend(rows);
                self.next = next;
                self.error = None;
            }
            Err(e) => {
                self.error = Some(cx.t.store_error(&e));
                self.next = Cursor::End;
            }
        }
    }

    fn select(&mut self, index: usize, cx: &mut Ctx) {
        // Fetch the next page before the selection reaches the end.
        while index + 5 >= self.rows.len() && self.next != Cursor::End {
            let before = self.rows.len();
            self.load_more(cx);
            if self.rows.len() == before {
                break;
            }
        }
        self.table
            .select(index.min(self.rows.len().saturating_sub(1)));
    }

    fn filter_summary(&self, t: &Strings) -> String {
        let mut parts = Vec::new();
        let f = &self.filter;
        let labels = &t.cases.filter_fields;
        if let Some(s) = f.status {
            parts.push(format!("{}={}", labels[0], t.status(s)));
        }
        if let Some(c) = &f.category {
            parts.push(format!("{}={c}", labels[1]));
        }
        if f.department_id.is_some() {
            parts.push(labels[2].to_string());
        }
        if f.deputy_id.is_some() {
            parts.push(labels[3].to_string());
        }
        if let Some(d) = f.from {
            parts.push(format!("{}={d}", labels[4]));
        }
        if let Some(d) = f.to {
            parts.push(format!("{}={d}", labels[5]));
        }
        if self.overdue_only {
            parts.push(labels[6].to_string());
        }
        if let Some(n) = self.due_within {
            parts.push(format!("{}={n}", labels[7]));
        }
        // Search results come newest first; the plain list by urgency.
        let searching = match_expression(&self.search.text()).is_some();
        match (parts.is_empty(), searching) {
            (true, false) => t.cases.no_filter.to_string(),
            (true, true) => t.cases.search_newest_first.to_string(),
            (false, false) => t.cases.filter_summary.fill([&parts.join("，")]),
            (false, true) => {
                let summary = t.cases.filter_summary.fill([&parts.join("，")]);
                format!("{summary}{}", t.cases.newest_first_suffix)
            }
        }
    }

    fn open_filter(&mut self, cx: &mut Ctx) {
        let settings = cx.read(cx.store.settings());
        self.filter_form = Some(FilterForm::new(
            &self.filter,
            self.due_within,
            settings.categories,
            cx.read(cx.store.departments()),
            cx.read(cx.store.deputies(true)),
        ));
        // Keep the overdue tick as it is.
        if let Some(form) = &mut self.filter_form {
            form.set_overdue(self.overdue_only);
        }
    }

    /// The deadline column: days left or overdue, and its style.
    fn deadline_cell(&self, row: &CaseRow, v: &View) -> (String, Style) {
        let awaiting = matches!(row.status, CaseStatus::Registered | CaseStatus::InProgress);
        let Some(deadline) = row.deadline.filter(|_| awaiting) else {
            return (String::new(), v.theme.muted);
        };
        let left = self.calendar.working_days_left(self.today, deadline);
        if deadline < self.today {
            (
                v.t.cases.overdue_by.fill([&left.abs().max(1)]),
                v.theme.invalid,
            )
        } else if deadline == self.today {
            (v.t.cases.due_today.to_string(), v.theme.warn)
        } else if left <= self.near_days as i64 {
            (v.t.cases.days_left.fill([&left]), v.theme.warn)
        } else {
            (v.t.cases.days_left.fill([&left]), v.theme.text)
        }
    }

    /// The voter column: the name, or for an anonymous voter the masked phone.
    fn voter(row: &CaseRow, t: &Strings) -> String {
        match (&row.visitor_name, &row.phone) {
            (None, Some(p)) if !row.confidential => mask_phone(p),
            (name, _) => t.visitor(name.as_deref(), row.confidential),
        }
    }

    fn render_table(&mut self, f: &mut Frame, area: Rect, v: &View) {
        let cols = Columns::for_width(area.width as usize);
        let c = &v.t.cases.columns;
        let mut labels = vec![c[0]];
        if cols.wide {
            labels.push(c[1]);
        }
        labels.extend([c[2], c[3], c[4], c[5], c[if cols.wide { 7 } else { 6 }]]);
        let widths = cols.widths();
        let header = text_row(&labels, &widths, v.theme.title);
        let constraints: Vec<Constraint> = widths.iter().map(|&w| Constraint::Length(w)).collect();
        let query = self.search.text();
        // The table is taken out for the frame so rows can read the screen.
        let mut table = std::mem::take(&mut self.table);
        table.render(
            f,
            area,
            header,
            &constraints,
            self.rows.len(),
            |i, selected| self.table_row(&self.rows[i], selected, &cols, &query, v),
        );
        self.table = table;
        if self.rows.is_empty() {
            let text = self
                .error
                .clone()
                .unwrap_or_else(|| v.t.cases.empty.to_string());
            let style = if self.error.is_some() {
                v.theme.error
            } else {
                v.theme.muted
            };
            let below = Rect {
                y: area.y + 1,
                height: area.height.saturating_sub(1).min(1),
                ..area
            };
            f.render_widget(Paragraph::new(Line::styled(text, style)), below);
        }
    }

    fn table_row(
        &self,
        row: &CaseRow,
        selected: bool,
        cols: &Columns,
        query: &str,
        v: &View,
    ) -> Row<'static> {
        let base = if selected {
            v.theme.selection
        } else {
            v.theme.text
        };
        let (due_text, due_style) = self.deadline_cell(row, v);
        let due = match (&row.department, cols.wide) {
            (Some(d), true) => format!("{} {}", truncate(d, cols.due - 12), due_text),
            _ => due_text,
        };
        let mut cells = vec![Cell::from(pad(&row.number, cols.number))];
        if cols.wide {
            cells.push(Cell::from(pad(&row.opened, cols.date)));
        }
        let summary = highlighted(&pad(&row.summary, cols.summary), query, base, v);
        cells.extend([
            Cell::from(pad(&row.category, cols.category)),
            Cell::from(Line::from(summary)),
            Cell::from(pad(&Self::voter(row, v.t), cols.voter)),
            Cell::from(pad(v.t.status(row.status), cols.status)),
            Cell::from(Span::styled(
                pad(&due, cols.due),
                if selected { base } else { due_style },
            )),
        ]);
        Row::new(cells).style(base)
    }
}

/// A summary this wide reads well; more width helps other columns first.
const SUMMARY_ENOUGH: usize = 60;

/// The case list's column widths at a width; the summary takes what is
/// left, and a wide screen adds the date and the department.
struct Columns {
    wide: bool,
    number: usize,
    date: usize,
    category: usize,
    summary: usize,
    voter: usize,
    status: usize,
    due: usize,
}

impl Columns {
    fn for_width(width: usize) -> Self {
        let wide = width >= 110;
        let mut cols = Columns {
            wide,
            number: 17,
            date: if wide { 10 } else { 0 },
            category: if wide { 12 } else { 8 },
            summary: 0,
            voter: 8,
            status: 6,
            due: if wide { 26 } else { 14 },
        };
        let fixed =
            cols.number + cols.date + cols.category + cols.voter + cols.status + cols.due + 6;
        cols.summary = width.saturating_sub(fixed).max(6);
        // Past a comfortable summary, the width goes first to the
        // department (cut at 14 otherwise), then the voter and category.
        if wide && cols.summary > SUMMARY_ENOUGH {
            let mut spare = cols.summary - SUMMARY_ENOUGH;
            for (col, most) in [
                (&mut cols.due, 24),
                (&mut cols.voter, 4),
                (&mut cols.category, 4),
            ] {
                let give = spare.min(most);
                *col += give;
                spare -= give;
            }
            cols.summary = SUMMARY_ENOUGH + spare;
        }
        cols
    }

    fn widths(&self) -> Vec<u16> {
        let mut widths = vec![self.number];
        if self.wide {
            widths.push(self.date);
        }
        widths.extend([
            self.category,
            self.summary,
            self.voter,
            self.status,
            self.due,
        ]);
        widths.into_iter().map(|w| w as u16).collect()
    }
}

/// Spans of `text` with the search hits in the focus style.
fn highlighted<'a>(text: &str, query: &str, base: Style, v: &View) -> Vec<Span<'a>> {
    let ranges = highlight_ranges(text, query);
    if ranges.is_empty() {
        return vec![Span::styled(text.to_string(), base)];
    }
    // On the selected row the colours are the selection's; underline the hit.
    let hit = if base == v.theme.selection {
        base
    } else {
        v.theme.focus
    }
    .add_modifier(Modifier::UNDERLINED | Modifier::BOLD);
    let chars: Vec<char> = text.chars().collect();
    let mut spans = Vec::new();
    let mut at = 0;
    for (start, end) in ranges {
        if start > at {
            spans.push(Span::styled(
                chars[at..start].iter().collect::<String>(),
                base,
            ));
        }
        spans.push(Span::styled(
            chars[start..end].iter().collect::<String>(),
            hit,
        ));
        at = end;
    }
    if at < chars.len() {
        spans.push(Span::styled(chars[at..].iter().collect::<String>(), base));
    }
    spans
}

impl Screen for CasesScreen {
    fn title(&self, t: &Strings) -> String {
        t.cases.list_title.to_string()
    }

    fn handle_key(&mut self, key: KeyEvent, cx: &mut Ctx) -> Action {
        if let Some(form) = &mut self.filter_form {
            match form.handle_key(key, cx.t) {
                FilterOutcome::Open => {}
                FilterOutcome::Cancel => self.filter_form = None,
                FilterOutcome::Apply(filter, overdue, due) => {
                    self.filter = filter;
                    self.overdue_only = overdue;
                    self.due_within = due;
                    self.filter_form = None;
                    self.reload(cx);
                }
            }
            return Action::None;
        }
        let len = self.rows.len();
        if keys::ESC.matches(&key) {
            return Action::Pop;
        } else if keys::FILTER.matches(&key) {
            self.open_filter(cx);
        } else if keys::DEPARTMENTS.matches(&key) {
            return Action::Push(Box::new(DepartmentsScreen::new(cx)));
        } else if keys::CLEAR_FILTER.matches(&key) {
            self.filter = CaseFilter::default();
            self.overdue_only = false;
            self.due_within = None;
            self.search.set_text("");
            self.reload(cx);
        } else if let Some(to) = self.table.target(&key, Reach::Pages, len) {
            self.select(to, cx);
        } else if keys::ENTER.matches(&key) {
            if let Some(row) = self.rows.get(self.table.selected()) {
                return Action::Push(Box::new(CaseDetailScreen::new(&row.id.clone(), cx)));
            }
        } else if self.search.handle_key(key) == InputOutcome::Changed {
            self.reload(cx);
        }
        Action::None
    }

    fn paste(&mut self, text: &str, cx: &mut Ctx) -> Action {
        self.search.insert_str(text);
        self.reload(cx);
        Action::None
    }

    fn render(&mut self, f: &mut Frame, area: Rect, v: &View) {
        let inner = panel(f, area, v.t.cases.list_title, v.theme.border, v);
        let [counts, search, summary, table] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(2),
        ])
        .areas(inner);
        let counts_text: Vec<String> = self
            .counts
            .iter()
            .map(|(s, n)| format!("{} {n}", v.t.status(*s)))
            .collect();
        f.render_widget(
            Paragraph::new(Span::styled(counts_text.join(" │ "), v.theme.muted)),
            counts,
        );
        let label = format!("{}：", v.t.cases.search);
        let label_w = str_width(&label) as u16;
        f.render_widget(Paragraph::new(Span::styled(label, v.theme.focus)), search);
        let input = Rect {
            x: search.x + label_w,
            width: search.width.saturating_sub(label_w),
            ..search
        };
        self.search
            .render(f, input, v.theme.focus, self.filter_form.is_none());
        let summary_text = truncate(&self.filter_summary(v.t), summary.width as usize);
        f.render_widget(
            Paragraph::new(Span::styled(summary_text, v.theme.muted)),
            summary,
        );
        self.render_table(f, table, v);
        if let Some(form) = &mut self.filter_form {
            form.render(f, area, v);
        }
    }

    fn hints(&self, t: &'static Strings) -> Vec<Hint> {
        if self.filter_form.as_ref().is_some_and(|f| f.picker_open()) {
            return Picker::hints(t);
        }
        if self.filter_form.is_some() {
            return vec![
                keys::TAB.hint(t, t.hint_next_field),
                keys::SPACE.hint(t, t.hint_choose),
                keys::SAVE.change_hint(t, t.hint_confirm),
                keys::ESC.hint(t, t.hint_cancel),
            ];
        }
        vec![
            keys::UP_DOWN.hint(t, t.hint_move),
            keys::either(&[&keys::PAGE_DOWN, &keys::PAGE_UP], t, t.cases.hint_scroll),
            keys::ENTER.hint(t, t.cases.hint_view),
            keys::FILTER.hint(t, t.cases.hint_filter),
            keys::CLEAR_FILTER.hint(t, t.cases.hint_clear),
            keys::DEPARTMENTS.hint(t, t.cases.hint_departments),
            keys::ESC.hint(t, t.hint_back),
        ]
    }

    fn resume(&mut self, cx: &mut Ctx) {
        let selected = self.table.selected();
        self.reload(cx);
        self.select(selected, cx);
    }

    fn editing_text(&self) -> bool {
        true
    }
}
