//! Keeps a half-filled form in the drafts table: written shortly after
//! each change, so that a crash or a power cut loses at most a moment of
//! typing, and removed once the form is saved or given up.

use crate::domain::ids::new_id;
use crate::ui::Ctx;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// How long typing must pause before the draft is written.
const DELAY: Duration = Duration::from_millis(300);

pub struct DraftKeeper {
    kind: &'static str,
    id: String,
    /// The record the form edits (None for a new one).
    target: Option<String>,
    changed_at: Option<Instant>,
    /// The last write failed (the form says so).
    pub failed: bool,
}

impl DraftKeeper {
    pub fn new(kind: &'static str, target: Option<String>) -> Self {
        Self {
            kind,
            id: new_id(),
            target,
            changed_at: None,
            failed: false,
        }
    }

    /// A draft left for the same record, if any: the keeper that continues
    /// it and the form values it holds.
    pub fn find(kind: &'static str, target: Option<String>, cx: &Ctx) -> Option<(Self, Value)> {
        let drafts = cx.store.drafts(kind).ok()?;
        drafts.into_iter().find_map(|d| {
            let data: Value = serde_json::from_str(&d.data).ok()?;
            let same = data.get("target").and_then(|t| t.as_str()) == target.as_deref();
            same.then(|| {
                let keeper = Self {
                    id: d.id,
                    ..Self::new(kind, target.clone())
                };
                (keeper, data.get("values").cloned().unwrap_or(Value::Null))
            })
        })
    }

    pub fn changed(&mut self) {
        self.changed_at = Some(Instant::now());
    }

    pub fn has_changes(&self) -> bool {
        self.changed_at.is_some()
    }

    /// Writes the draft if typing has paused (or at once when `now`).
    pub fn write_if_due(&mut self, cx: &mut Ctx, values: impl FnOnce() -> Value, now: bool) {
        let due = self
            .changed_at
            .is_some_and(|at| now || at.elapsed() >= DELAY);
        if !due {
            return;
        }
        let data = json!({"target": self.target, "values": values()}).to_string();
        let owner = crate::ui::current_actor(cx);
        self.failed = cx
            .store
            .save_draft(&self.id, self.kind, &owner, &data, cx.now)
            .is_err();
        if !self.failed {
            self.changed_at = None;
        }
    }

    /// The form was saved or given up: the draft goes.
    pub fn discard(&mut self, cx: &mut Ctx) {
        self.changed_at = None;
        let _ = cx.store.delete_draft(&self.id);
    }
}
