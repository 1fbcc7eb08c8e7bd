//! The registers a station keeps (DESIGN.md §2), as data: which registers
//! a locality keeps, their titles and their columns come from a preset
//! (`register_presets.toml`), so that a county keeping "seven registers"
//! needs a preset, not new code. Also the lists the register forms offer.

use serde::Deserialize;
use std::sync::OnceLock;

/// Where a register's rows come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Reception,
    Handling,
    Activities,
    Study,
    DutyRecord,
    Roster,
    /// 民生实事 projects under supervision.
    Livelihood,
    /// 联系对象: the households each deputy keeps in touch with.
    Households,
}

impl Source {
    /// The column keys this source can fill, in their usual order.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Source::Reception => &[
                "number",
                "date",
                "time",
                "place",
                "channel",
                "deputies",
                "visitor",
                "gender",
                "phone",
                "id_number",
                "address",
                "group_size",
                "category",
                "request_type",
                "content",
                "on_spot_reply",
                "route",
                "confidential",
                "recorder",
                "reviewer",
                "remarks",
            ],
            Source::Handling => &[
                "number",
                "summary",
                "category",
                "route",
                "department",
                "co_departments",
                "referral_date",
                "deadline",
                "supervision",
                "extensions",
                "grade",
                "reply_date",
                "reply_text",
                "feedback",
                "callback",
                "rehandle_count",
                "status",
                "closed_date",
                "archive_no",
            ],
            Source::Activities => &[
                "date",
                "kind",
                "topic",
                "place",
                "organiser",
                "participants",
                "outcome",
                "recorder",
                "met_person",
                "met_office",
                "topics",
                "answers",
                "follow_up",
                "households",
                "contacts",
                "projects",
            ],
            Source::Study => &[
                "date", "topic", "form", "speaker", "present", "on_leave", "hours", "recorder",
            ],
            Source::DutyRecord => &[
                "deputy",
                "duty_days",
                "batches",
                "persons",
                "cases",
                "suggestions",
                "activities",
                "activity_kinds",
                "study_present",
                "study_leave",
                "study_hours",
                "reports",
                "households",
            ],
            Source::Roster => &[
                "name",
                "gender",
                "ethnicity",
                "birth_month",
                "political",
                "level",
                "constituency",
                "unit_post",
                "group",
                "station",
                "phone",
                "term",
                "status",
            ],
            Source::Livelihood => &[
                "project",
                "meeting",
                "lead",
                "department",
                "supervisors",
                "budget",
                "target",
                "deadline",
                "milestones",
                "progress",
                "last_review",
                "completion",
                "satisfaction",
                "followups",
                "activities",
            ],
            Source::Households => &[
                "deputy",
                "village",
                "head",
                "phone",
                "visits",
                "last_visit",
                "note",
                "status",
            ],
        }
    }

    /// Whether the register covers a date range (the duty record covers
    /// a year, the roster no period at all).
    pub fn dated(self) -> bool {
        !matches!(
            self,
            Source::DutyRecord | Source::Roster | Source::Households
        )
    }

    /// Whether the register covers a year (its counts are the year's).
    pub fn yearly(self) -> bool {
        matches!(self, Source::DutyRecord | Source::Households)
    }

    /// What the corrections of its rows are kept under, for the registers
    /// whose rows are amended after sign-off (handling is corrected
    /// through the case's own actions, the duty record is computed).
    pub fn corrections_entity(self) -> Option<&'static str> {
        match self {
            Source::Reception => Some("reception"),
            Source::Activities => Some("activity"),
            Source::Study => Some("study_session"),
            _ => None,
        }
    }
}

/// One column: its key (what fills it) and its printed heading.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Column {
    pub key: String,
    pub label: String,
}

/// Columns are written `["number", "编号"]` in the preset file.
fn columns<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Column>, D::Error> {
    let pairs: Vec<(String, String)> = Vec::deserialize(d)?;
    Ok(pairs
        .into_iter()
        .map(|(key, label)| Column { key, label })
        .collect())
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RegisterDef {
    pub key: String,
    pub title: String,
    pub source: Source,
    /// For activity registers: the activity types it holds (all if empty).
    #[serde(default)]
    pub kinds: Vec<String>,
    #[serde(deserialize_with = "columns")]
    pub columns: Vec<Column>,
    /// For reception registers: the heading of the ID number column, which
    /// is not among `columns` because it is there only where ID numbers
    /// are recorded (see `with_id_numbers`).
    #[serde(default, rename = "id_number")]
    pub id_number_heading: Option<String>,
}

const ID_NUMBER_KEY: &str = "id_number";

impl RegisterDef {
    /// The reception register with its ID number column, after the phone
    /// (or the visitor), when `shown`; without it otherwise. Registers
    /// without an ID number heading are returned as they are.
    pub fn with_id_numbers(&self, shown: bool) -> RegisterDef {
        let mut def = self.clone();
        let Some(heading) = def.id_number_heading.clone() else {
            return def;
        };
        let at = def.columns.iter().position(|c| c.key == ID_NUMBER_KEY);
        match (shown, at) {
            (false, Some(i)) => {
                def.columns.remove(i);
            }
            (true, None) => {
                let after = ["phone", "visitor"]
                    .iter()
                    .find_map(|k| def.columns.iter().position(|c| c.key == *k))
                    .map_or(def.columns.len(), |i| i + 1);
                let column = Column {
                    key: ID_NUMBER_KEY.into(),
                    label: heading,
                };
                def.columns.insert(after, column);
            }
            _ => {}
        }
        def
    }

    /// Whether an activity of this type belongs in this register.
    pub fn holds_kind(&self, kind: &str) -> bool {
        self.kinds.is_empty() || self.kinds.iter().any(|k| k == kind)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Preset {
    pub key: String,
    pub name: String,
    #[serde(rename = "register")]
    pub registers: Vec<RegisterDef>,
}

#[derive(Deserialize)]
struct PresetFile {
    preset: Vec<Preset>,
}

const PRESETS_TOML: &str = include_str!("register_presets.toml");

/// The shipped presets, default first.
pub fn presets() -> &'static [Preset] {
    static PRESETS: OnceLock<Vec<Preset>> = OnceLock::new();
    PRESETS.get_or_init(|| {
        // The file is compiled in and checked by a test, so this only
        // fails if that test failed too.
        toml::from_str::<PresetFile>(PRESETS_TOML)
            .map(|f| f.preset)
            .unwrap_or_default()
    })
}

/// The preset with this key, or the default one.
pub fn preset(key: &str) -> Option<&'static Preset> {
    let all = presets();
    all.iter().find(|p| p.key == key).or_else(|| all.first())
}

/// Activity types (DESIGN.md §2), plus 结对帮扶 for the seven-register
/// preset and 约见 (a deputy's meeting with the head of a state organ).
pub const ACTIVITY_KINDS: [&str; 10] = [
    "视察",
    "专题调研",
    "执法检查",
    "代表小组活动",
    "座谈",
    "向选民述职",
    "走访选民",
    "接待日",
    "结对帮扶",
    "约见",
];

/// The activity type that is a meeting with the head of a state organ
/// (约见): who was met, their office, the matters raised, the answers
/// and the follow-up are recorded with it.
pub const MEETING_KIND: &str = "约见";

/// The activity type of a door-to-door visit, which counts households.
pub const VISIT_KIND: &str = "走访选民";

/// The activity register's columns that hold a 约见's own fields. A
/// register without any of them shows the meeting in 活动成果.
pub const MEETING_COLUMNS: [&str; 5] =
    ["met_person", "met_office", "topics", "answers", "follow_up"];

/// The activity type that counts as reporting back to voters (述职).
pub const REPORT_KIND: &str = "向选民述职";

/// Forms of study and training sessions.
pub const STUDY_FORMS: [&str; 4] = ["集中学习", "专题辅导", "以会代训", "线上"];

/// The levels of people's congress a deputy may belong to.
pub const DEPUTY_LEVELS: [&str; 5] = ["全国", "省", "市", "县", "乡镇"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_presets_parse_and_use_known_columns() {
        let parsed: PresetFile = toml::from_str(PRESETS_TOML).expect("presets parse");
        assert_eq!(parsed.preset.len(), 2);
        for p in &parsed.preset {
            for r in &p.registers {
                assert!(!r.columns.is_empty(), "{}", r.key);
                for c in &r.columns {
                    assert!(
                        r.source.columns().contains(&c.key.as_str()),
                        "{} / {}: unknown column {}",
                        p.key,
                        r.key,
                        c.key
                    );
                }
                for k in &r.kinds {
                    assert!(ACTIVITY_KINDS.contains(&k.as_str()), "{k}");
                }
                // Added where recorded, never listed: see `with_id_numbers`.
                assert!(r.columns.iter().all(|c| c.key != ID_NUMBER_KEY));
                assert_eq!(
                    r.id_number_heading.is_some(),
                    r.source == Source::Reception,
                    "{} / {}",
                    p.key,
                    r.key
                );
            }
        }
    }

    #[test]
    fn the_id_number_column_follows_the_phone_only_when_shown() {
        let five = preset("five").unwrap();
        let reception = &five.registers[0];
        let keys = |d: &RegisterDef| d.columns.iter().map(|c| c.key.clone()).collect::<Vec<_>>();
        let with = reception.with_id_numbers(true);
        let k = keys(&with);
        let phone = k.iter().position(|c| c == "phone").unwrap();
        assert_eq!(k[phone + 1], "id_number");
        assert_eq!(with.columns[phone + 1].label, "身份证号");
        assert_eq!(with.with_id_numbers(true), with, "added once");
        assert_eq!(with.with_id_numbers(false), *reception);
        assert_eq!(reception.with_id_numbers(false), *reception);
        let handling = &five.registers[1];
        assert_eq!(handling.with_id_numbers(true), *handling);
        // The seven registers' reception register has a phone column too.
        let seven = preset("seven").unwrap();
        for r in seven
            .registers
            .iter()
            .filter(|r| r.source == Source::Reception)
        {
            assert!(keys(&r.with_id_numbers(true)).contains(&"id_number".to_string()));
        }
    }

    #[test]
    fn default_preset_is_the_five_registers_and_one_book() {
        let p = preset("no such preset").unwrap();
        assert_eq!(p.name, "五簿一册");
        let sources: Vec<Source> = p.registers.iter().map(|r| r.source).collect();
        assert_eq!(
            sources,
            [
                Source::Reception,
                Source::Handling,
                Source::Activities,
                Source::Study,
                Source::DutyRecord,
                Source::Roster,
                Source::Households,
                Source::Livelihood
            ]
        );
        let seven = preset("seven").unwrap();
        let titles: Vec<&str> = seven.registers.iter().map(|r| &r.title[..]).collect();
        assert_eq!(
            titles,
            [
                "学习培训登记簿",
                "联系选民登记簿",
                "代表联系户名册",
                "接待接访登记簿",
                "述职履职登记簿",
                "调研视察登记簿",
                "结对帮扶登记簿",
                "建议督办登记簿",
                "民生实事项目监督台账"
            ]
        );
        let pairing = &seven.registers[6];
        assert!(pairing.holds_kind("结对帮扶") && !pairing.holds_kind("视察"));
        assert!(p.registers[2].holds_kind("视察"));
    }
}
