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
    IdNumber,
    Address,
    GroupSize,
    Channel,
    LetterReceived,
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

/// The items of one step, in order. The ID number is asked for only
/// where the station records them (`id_number`, from settings).
pub fn items(step: usize, draft: &ReceptionDraft, id_number: bool) -> Vec<Item> {
    use Item::*;
    match step {
        0 => {
            let mut v = vec![Name, Anonymous, Gender, Phone];
            if id_number {
                v.push(IdNumber);
            }
            v.extend([Address, GroupSize, Channel]);
            if draft.channel == crate::domain::choices::Channel::Letter {
                v.push(LetterReceived);
            }
            v.push(Confidential);
            v
        }
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
            Item::IdNumber => Field::IdNumber,
            Item::Address => Field::Address,
            Item::GroupSize => Field::GroupSize,
            Item::Channel => Field::Channel,
            Item::LetterReceived => Field::LetterReceived,
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
    pub fn locate(field: Field, draft: &ReceptionDraft, id_number: bool) -> Option<(usize, usize)> {
        (0..STEP_COUNT).find_map(|step| {
            items(step, draft, id_number)
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
                | Item::IdNumber
                | Item::Address
                | Item::GroupSize
                | Item::LetterReceived
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
        assert_eq!(
            items(2, &d, false),
            vec![Item::Route, Item::Remarks, Item::Save]
        );
        d.route = Some(Route::Assign);
        assert!(items(2, &d, false).contains(&Item::Department));
        d.route = Some(Route::NotAccepted);
        assert!(items(2, &d, false).contains(&Item::Guidance));
        d.route = Some(Route::Suggestion);
        assert_eq!(items(2, &d, false).len(), 3);
    }

    #[test]
    fn the_id_number_follows_the_phone_only_when_recorded() {
        let d = ReceptionDraft::default();
        assert!(!items(0, &d, false).contains(&Item::IdNumber));
        let on = items(0, &d, true);
        let phone = on.iter().position(|i| *i == Item::Phone).unwrap();
        assert_eq!(on[phone + 1], Item::IdNumber);
        assert_eq!(Item::locate(Field::IdNumber, &d, false), None);
        assert_eq!(
            Item::locate(Field::IdNumber, &d, true),
            Some((0, phone + 1))
        );
    }

    #[test]
    fn a_letter_asks_for_its_day_of_receipt_after_the_channel() {
        let mut d = ReceptionDraft::default();
        assert!(!items(0, &d, false).contains(&Item::LetterReceived));
        d.channel = crate::domain::choices::Channel::Letter;
        let v = items(0, &d, false);
        let at = v.iter().position(|i| *i == Item::Channel).unwrap();
        assert_eq!(v[at + 1], Item::LetterReceived);
        assert_eq!(
            Item::locate(Field::LetterReceived, &d, false),
            Some((0, at + 1))
        );
    }

    #[test]
    fn every_field_of_the_form_can_be_located() {
        let mut d = ReceptionDraft::default();
        for route in Route::ALL {
            d.route = Some(*route);
            for id_number in [false, true] {
                for step in 0..STEP_COUNT {
                    for item in items(step, &d, id_number) {
                        if let Some(field) = item.field() {
                            assert_eq!(
                                Item::locate(field, &d, id_number).map(|(s, _)| s),
                                Some(step)
                            );
                        }
                    }
                }
            }
        }
    }
}
