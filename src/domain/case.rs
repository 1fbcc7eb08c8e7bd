//! A case's life (DESIGN.md §3) as a state machine. Every action either
//! moves the case to a legal next state or is refused with an error: an
//! illegal action is never a silent no-op.

use super::choices::Route;
use super::ids::DepartmentId;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Where a case stands. Stored by `code()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CaseStatus {
    /// Recorded, no handling route chosen yet.
    Registered,
    /// Referred to a department (or a formal deputy suggestion) and not yet replied.
    InProgress,
    /// The department replied.
    Replied,
    /// The reply was passed on to the voter.
    FedBack,
    /// Finished: answered on the spot, not accepted, or called back satisfied.
    Closed,
    Archived,
}

impl CaseStatus {
    pub const ALL: [CaseStatus; 6] = [
        CaseStatus::Registered,
        CaseStatus::InProgress,
        CaseStatus::Replied,
        CaseStatus::FedBack,
        CaseStatus::Closed,
        CaseStatus::Archived,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CaseStatus::Registered => "registered",
            CaseStatus::InProgress => "in_progress",
            CaseStatus::Replied => "replied",
            CaseStatus::FedBack => "fed_back",
            CaseStatus::Closed => "closed",
            CaseStatus::Archived => "archived",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn index(self) -> usize {
        self as usize
    }

    /// Whether the case still waits for someone to act on it.
    pub fn is_open(self) -> bool {
        !matches!(self, CaseStatus::Closed | CaseStatus::Archived)
    }
}

/// Result grade of a department's reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Grade {
    /// Solved or basically solved.
    A,
    /// Being solved, or planned.
    B,
    /// Needs later conditions.
    C,
    /// For reference only.
    D,
}

impl Grade {
    pub const ALL: [Grade; 4] = [Grade::A, Grade::B, Grade::C, Grade::D];
    pub fn code(self) -> &'static str {
        match self {
            Grade::A => "A",
            Grade::B => "B",
            Grade::C => "C",
            Grade::D => "D",
        }
    }
    pub fn from_code(code: &str) -> Option<Grade> {
        Self::ALL.into_iter().find(|g| g.code() == code)
    }
}

/// The voter's answer at call-back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Satisfaction {
    Satisfied,
    BasicallySatisfied,
    Dissatisfied,
}

impl Satisfaction {
    pub const ALL: [Satisfaction; 3] = [
        Satisfaction::Satisfied,
        Satisfaction::BasicallySatisfied,
        Satisfaction::Dissatisfied,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Satisfaction::Satisfied => "satisfied",
            Satisfaction::BasicallySatisfied => "basically_satisfied",
            Satisfaction::Dissatisfied => "dissatisfied",
        }
    }
    pub fn from_code(code: &str) -> Option<Satisfaction> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
    pub fn index(self) -> usize {
        self as usize
    }
}

/// Every action that can be taken on a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseAction {
    AnswerOnSpot,
    NotAccept,
    Refer,
    MakeSuggestion,
    Supervise,
    Extend,
    ReturnAndReassign,
    RecordReply(Grade),
    FeedBack,
    CallBack(Satisfaction),
    Close,
    Archive,
}

/// What an action does to a case besides moving its status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    pub from: CaseStatus,
    pub to: CaseStatus,
    /// A dissatisfied call-back starts the case over and counts it.
    pub rehandled: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("action {action:?} is not allowed on a case that is {status:?}")]
pub struct IllegalTransition {
    pub status: CaseStatus,
    pub action: CaseAction,
}

/// The one table of legal moves.
pub fn apply(status: CaseStatus, action: CaseAction) -> Result<Transition, IllegalTransition> {
    use CaseAction as A;
    use CaseStatus as S;
    let to = match (status, action) {
        (S::Registered, A::AnswerOnSpot | A::NotAccept) => S::Closed,
        (S::Registered, A::Refer | A::MakeSuggestion) => S::InProgress,
        (S::InProgress, A::Supervise | A::Extend | A::ReturnAndReassign) => S::InProgress,
        (S::InProgress, A::RecordReply(_)) => S::Replied,
        (S::Replied, A::FeedBack) => S::FedBack,
        (S::FedBack, A::CallBack(Satisfaction::Dissatisfied)) => S::InProgress,
        (S::FedBack, A::CallBack(_)) => S::Closed,
        // The voter cannot be reached for a call-back: the secretary closes it.
        (S::FedBack, A::Close) => S::Closed,
        (S::Closed, A::Archive) => S::Archived,
        _ => return Err(IllegalTransition { status, action }),
    };
    Ok(Transition {
        from: status,
        to,
        rehandled: matches!(action, A::CallBack(Satisfaction::Dissatisfied)),
    })
}

/// The action the handling route chosen at intake takes on a new case.
pub fn intake_action(route: Route) -> CaseAction {
    match route {
        Route::OnSpot => CaseAction::AnswerOnSpot,
        Route::NotAccepted => CaseAction::NotAccept,
        Route::Assign | Route::Transfer => CaseAction::Refer,
        Route::Suggestion => CaseAction::MakeSuggestion,
    }
}

/// The kinds of action offered for a status, for menus. Parameterised
/// actions are listed once with a representative value.
pub fn offered_actions(status: CaseStatus) -> Vec<CaseAction> {
    const CANDIDATES: [CaseAction; 12] = [
        CaseAction::AnswerOnSpot,
        CaseAction::NotAccept,
        CaseAction::Refer,
        CaseAction::MakeSuggestion,
        CaseAction::Supervise,
        CaseAction::Extend,
        CaseAction::ReturnAndReassign,
        CaseAction::RecordReply(Grade::A),
        CaseAction::FeedBack,
        CaseAction::CallBack(Satisfaction::Satisfied),
        CaseAction::Close,
        CaseAction::Archive,
    ];
    CANDIDATES
        .into_iter()
        .filter(|a| apply(status, *a).is_ok())
        .collect()
}

/// An action with what it records.
#[derive(Debug, Clone, PartialEq)]
pub enum CaseUpdate {
    Refer {
        department_id: DepartmentId,
        deadline: NaiveDate,
    },
    Supervise {
        level: String,
        note: String,
    },
    Extend {
        reason: String,
        new_deadline: NaiveDate,
    },
    ReturnAndReassign {
        department_id: DepartmentId,
        reason: String,
        deadline: NaiveDate,
    },
    Reply {
        grade: Grade,
        text: String,
        date: NaiveDate,
    },
    FeedBack {
        date: NaiveDate,
        way: String,
    },
    CallBack {
        satisfaction: Satisfaction,
    },
    Close {
        reason: String,
    },
    Archive {
        archive_no: String,
    },
}

impl CaseUpdate {
    pub fn action(&self) -> CaseAction {
        match self {
            CaseUpdate::Refer { .. } => CaseAction::Refer,
            CaseUpdate::Supervise { .. } => CaseAction::Supervise,
            CaseUpdate::Extend { .. } => CaseAction::Extend,
            CaseUpdate::ReturnAndReassign { .. } => CaseAction::ReturnAndReassign,
            CaseUpdate::Reply { grade, .. } => CaseAction::RecordReply(*grade),
            CaseUpdate::FeedBack { .. } => CaseAction::FeedBack,
            CaseUpdate::CallBack { satisfaction } => CaseAction::CallBack(*satisfaction),
            CaseUpdate::Close { .. } => CaseAction::Close,
            CaseUpdate::Archive { .. } => CaseAction::Archive,
        }
    }

    /// A stable name for the timeline and the audit log.
    pub fn kind(&self) -> &'static str {
        match self {
            CaseUpdate::Refer { .. } => "refer",
            CaseUpdate::Supervise { .. } => "supervise",
            CaseUpdate::Extend { .. } => "extend",
            CaseUpdate::ReturnAndReassign { .. } => "reassign",
            CaseUpdate::Reply { .. } => "reply",
            CaseUpdate::FeedBack { .. } => "feedback",
            CaseUpdate::CallBack { .. } => "callback",
            CaseUpdate::Close { .. } => "close",
            CaseUpdate::Archive { .. } => "archive",
        }
    }
}

/// What a stored case holds besides its status, for checking one against
/// the other (`check`; the desk itself never writes a contradiction).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseFacts {
    /// `None` when the stored status is not one the desk knows.
    pub status: Option<CaseStatus>,
    pub has_reply_date: bool,
    pub has_reply_text: bool,
    pub has_closed_date: bool,
    pub has_callback: bool,
}

/// A case's fields that contradict its status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Contradiction {
    /// Replied or fed back, without a reply date or reply text.
    ReplyMissing,
    /// Closed or archived, without a closing date.
    ClosedDateMissing,
    /// A call-back recorded before any reply.
    CallbackWithoutReply,
    /// The status is not one of the desk's.
    UnknownStatus,
}

/// The case life's invariants (DESIGN.md §3), in one place.
pub fn contradictions(f: &CaseFacts) -> Vec<Contradiction> {
    let mut found = Vec::new();
    let Some(status) = f.status else {
        return vec![Contradiction::UnknownStatus];
    };
    let replied = matches!(status, CaseStatus::Replied | CaseStatus::FedBack);
    if replied && !(f.has_reply_date && f.has_reply_text) {
        found.push(Contradiction::ReplyMissing);
    }
    if !status.is_open() && !f.has_closed_date {
        found.push(Contradiction::ClosedDateMissing);
    }
    if f.has_callback && !f.has_reply_date {
        found.push(Contradiction::CallbackWithoutReply);
    }
    found
}

#[cfg(test)]
mod invariant_tests {
    use super::*;

    fn facts(status: CaseStatus) -> CaseFacts {
        CaseFacts {
            status: Some(status),
            has_reply_date: true,
            has_reply_text: true,
            has_closed_date: true,
            has_callback: false,
        }
    }

    #[test]
    fn a_case_whose_fields_fit_its_status_has_no_contradiction() {
        for s in CaseStatus::ALL {
            assert_eq!(contradictions(&facts(s)), vec![], "{s:?}");
        }
        let open = CaseFacts {
            has_reply_date: false,
            has_reply_text: false,
            has_closed_date: false,
            ..facts(CaseStatus::InProgress)
        };
        assert_eq!(contradictions(&open), vec![]);
    }

    #[test]
    fn each_contradiction_is_named() {
        let replied = CaseFacts {
            has_reply_date: false,
            ..facts(CaseStatus::Replied)
        };
        assert_eq!(contradictions(&replied), vec![Contradiction::ReplyMissing]);
        let closed = CaseFacts {
            has_closed_date: false,
            ..facts(CaseStatus::Closed)
        };
        assert_eq!(
            contradictions(&closed),
            vec![Contradiction::ClosedDateMissing]
        );
        let callback = CaseFacts {
            has_reply_date: false,
            has_callback: true,
            ..facts(CaseStatus::InProgress)
        };
        assert_eq!(
            contradictions(&callback),
            vec![Contradiction::CallbackWithoutReply]
        );
        let unknown = CaseFacts {
            status: None,
            ..facts(CaseStatus::Closed)
        };
        assert_eq!(contradictions(&unknown), vec![Contradiction::UnknownStatus]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn referral_to_closure() {
        let mut s = CaseStatus::Registered;
        for action in [
            CaseAction::Refer,
            CaseAction::Supervise,
            CaseAction::Extend,
            CaseAction::RecordReply(Grade::A),
            CaseAction::FeedBack,
            CaseAction::CallBack(Satisfaction::BasicallySatisfied),
            CaseAction::Archive,
        ] {
            s = apply(s, action).unwrap().to;
        }
        assert_eq!(s, CaseStatus::Archived);
    }

    #[test]
    fn dissatisfied_callback_starts_over() {
        let t = apply(
            CaseStatus::FedBack,
            CaseAction::CallBack(Satisfaction::Dissatisfied),
        )
        .unwrap();
        assert_eq!(t.to, CaseStatus::InProgress);
        assert!(t.rehandled);
    }

    #[test]
    fn illegal_moves_are_errors() {
        assert!(apply(CaseStatus::Registered, CaseAction::RecordReply(Grade::A)).is_err());
        assert!(apply(CaseStatus::Closed, CaseAction::Refer).is_err());
        assert!(apply(CaseStatus::Archived, CaseAction::Archive).is_err());
        assert!(apply(CaseStatus::InProgress, CaseAction::AnswerOnSpot).is_err());
    }

    #[test]
    fn every_status_round_trips_its_code() {
        for s in CaseStatus::ALL {
            assert_eq!(CaseStatus::from_code(s.code()), Some(s));
        }
    }

    #[test]
    fn offered_actions_are_all_legal_and_archived_offers_none() {
        for s in CaseStatus::ALL {
            for a in offered_actions(s) {
                assert!(apply(s, a).is_ok());
            }
        }
        assert!(offered_actions(CaseStatus::Archived).is_empty());
        assert_eq!(
            offered_actions(CaseStatus::Registered),
            vec![
                CaseAction::AnswerOnSpot,
                CaseAction::NotAccept,
                CaseAction::Refer,
                CaseAction::MakeSuggestion
            ]
        );
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn any_action() -> impl Strategy<Value = CaseAction> {
        let grade = prop::sample::select(Grade::ALL.to_vec());
        let satisfaction = prop::sample::select(Satisfaction::ALL.to_vec());
        prop_oneof![
            Just(CaseAction::AnswerOnSpot),
            Just(CaseAction::NotAccept),
            Just(CaseAction::Refer),
            Just(CaseAction::MakeSuggestion),
            Just(CaseAction::Supervise),
            Just(CaseAction::Extend),
            Just(CaseAction::ReturnAndReassign),
            grade.prop_map(CaseAction::RecordReply),
            Just(CaseAction::FeedBack),
            satisfaction.prop_map(CaseAction::CallBack),
            Just(CaseAction::Close),
            Just(CaseAction::Archive),
        ]
    }

    proptest! {
        /// Whatever is tried, in any order, the case only ever takes legal
        /// steps: a reply needs a referral, feedback needs a reply, a
        /// call-back needs feedback, archiving needs closure, nothing
        /// leaves the archive, and a refused action changes nothing.
        #[test]
        fn no_sequence_of_actions_reaches_an_illegal_state(actions in prop::collection::vec(any_action(), 0..40)) {
            let mut status = CaseStatus::Registered;
            let mut referred = false;
            let mut replied = false;
            let mut fed_back = false;
            for action in actions {
                let offered = offered_actions(status);
                let kind_offered = offered.iter().any(|a| std::mem::discriminant(a) == std::mem::discriminant(&action));
                match apply(status, action) {
                    Err(e) => {
                        prop_assert_eq!(e.status, status);
                        prop_assert!(!kind_offered, "{:?} refused in {:?} but offered", action, status);
                    }
                    Ok(t) => {
                        prop_assert!(kind_offered, "{:?} applied in {:?} but not offered", action, status);
                        prop_assert_eq!(t.from, status);
                        match action {
                            CaseAction::Refer | CaseAction::MakeSuggestion => referred = true,
                            CaseAction::RecordReply(_) => { prop_assert!(referred); replied = true; }
                            CaseAction::FeedBack => { prop_assert!(replied); fed_back = true; }
                            CaseAction::CallBack(Satisfaction::Dissatisfied) => {
                                prop_assert!(fed_back);
                                replied = false;
                                fed_back = false;
                            }
                            CaseAction::CallBack(_) => prop_assert!(fed_back),
                            CaseAction::Archive => prop_assert_eq!(status, CaseStatus::Closed),
                            _ => {}
                        }
                        prop_assert_eq!(t.rehandled, matches!(action, CaseAction::CallBack(Satisfaction::Dissatisfied)));
                        prop_assert!(status != CaseStatus::Archived);
                        status = t.to;
                    }
                }
            }
            if status == CaseStatus::Replied || status == CaseStatus::FedBack {
                prop_assert!(replied);
            }
        }
    }
}
