//! The reception form's items: which appear on each step (the handling
//! step depends on the route chosen) and which field each one edits.

use crate::domain::choices::Route as RouteChoice;
use crate::domain::fields::Field;
use crate::domain::reception::ReceptionDraft;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    Name,
    Anonymous,
    Gender,
    Phone,
    Address,
    GroupSize,
    Channel,
    Confidential,
    Category,
    RequestType,
    Content,
    Route,
    OnSpotReply,
    Department,
    DeadlineDays,
    NotAcceptedReason,
    Guidance,
    Remarks,
    Save,
}

pub const STEP_COUNT: usize = 3;

/// The items of one step, in order.
pub fn items(step: usize, draft: &ReceptionDraft) -> Vec<Item> {
    use Item::*;
    match step {
        0 => vec![
            Name,
            Anonymous,
            Gender,
            Phone,
            Address,
            GroupSize,
            Channel,
            Confidential,
        ],
        1 => vec![Category, RequestType, Content],
        _ => {
            let mut v = vec![Route];
            match draft.route {
                Some(RouteChoice::OnSpot) => v.push(OnSpotReply),
                Some(r) if r.needs_department() => v.extend([Department, DeadlineDays]),
                Some(RouteChoice::NotAccepted) => v.extend([NotAcceptedReason, Guidance]),
                _ => {}
            }
            v.extend([Remarks, Save]);
            v
        }
    }
}

impl Item {
    pub fn field(self) -> Option<Field> {
        Some(match self {
            Item::Name => Field::VisitorName,
            Item::Anonymous => return None,
            Item::Gender => Field::Gender,
            Item::Phone => Field::Phone,
            Item::Address => Field::Address,
            Item::GroupSize => Field::GroupSize,
            Item::Channel => Field::Channel,
            Item::Confidential => Field::Confidential,
            Item::Category => Field::Category,
            Item::RequestType => Field::RequestType,
            Item::Content => Field::Content,
            Item::Route => Field::Route,
            Item::OnSpotReply => Field::OnSpotReply,
            Item::Department => Field::Department,
            Item::DeadlineDays => Field::DeadlineDays,
            Item::NotAcceptedReason => Field::NotAcceptedReason,
            Item::Guidance => Field::Guidance,
            Item::Remarks => Field::Remarks,
            Item::Save => return None,
        })
    }

    /// Where a field lives: its step and item, for jumping to an error.
    pub fn locate(field: Field, draft: &ReceptionDraft) -> Option<(usize, usize)> {
        (0..STEP_COUNT).find_map(|step| {
            items(step, draft)
                .iter()
                .position(|i| i.field() == Some(field))
                .map(|pos| (step, pos))
        })
    }

    pub fn is_multiline(self) -> bool {
        matches!(self, Item::Content | Item::OnSpotReply | Item::Guidance)
    }

    pub fn is_text(self) -> bool {
        matches!(
            self,
            Item::Name
                | Item::Phone
                | Item::Address
                | Item::GroupSize
                | Item::Content
                | Item::OnSpotReply
                | Item::DeadlineDays
                | Item::Guidance
                | Item::Remarks
        )
    }

    pub fn is_picker(self) -> bool {
        matches!(
            self,
            Item::Category | Item::Department | Item::NotAcceptedReason
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::choices::Route;

    #[test]
    fn the_handling_step_follows_the_route() {
        let mut d = ReceptionDraft::default();
        assert_eq!(items(2, &d), vec![Item::Route, Item::Remarks, Item::Save]);
        d.route = Some(Route::Assign);
        assert!(items(2, &d).contains(&Item::Department));
        d.route = Some(Route::NotAccepted);
        assert!(items(2, &d).contains(&Item::Guidance));
        d.route = Some(Route::Suggestion);
        assert_eq!(items(2, &d).len(), 3);
    }

    #[test]
    fn every_field_of_the_form_can_be_located() {
        let mut d = ReceptionDraft::default();
        for route in Route::ALL {
            d.route = Some(*route);
            for step in 0..STEP_COUNT {
                for item in items(step, &d) {
                    if let Some(field) = item.field() {
                        assert_eq!(Item::locate(field, &d).map(|(s, _)| s), Some(step));
                    }
                }
            }
        }
    }
}
