//! Closed lists of choices. Each has a stable code for storage; its words
//! for the screen live in `crate::i18n`, indexed by `index()`.

/// Declares a choice enum with `ALL`, `code`, `from_code` and `index`.
macro_rules! choice_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub const COUNT: usize = Self::ALL.len();

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn from_code(code: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.code() == code)
            }

            pub fn index(self) -> usize {
                self as usize
            }
        }
    };
}

choice_enum! {
    /// How the voter reached the station.
    Channel {
        InStation => "in_station",
        Visit => "visit",
        Phone => "phone",
        Online => "online",
        Letter => "letter",
    }
}

choice_enum! {
    Gender { Unstated => "unstated", Male => "male", Female => "female" }
}

choice_enum! {
    /// What kind of matter the voter raised.
    RequestType {
        Problem => "problem",
        Opinion => "opinion",
        Suggestion => "suggestion",
        Inquiry => "inquiry",
        Help => "help",
        Praise => "praise",
    }
}

choice_enum! {
    /// How the deputy proposes to handle the matter.
    Route {
        OnSpot => "on_spot",
        Assign => "assign",
        Transfer => "transfer",
        Suggestion => "suggestion",
        NotAccepted => "not_accepted",
    }
}

choice_enum! {
    /// Why a matter is not accepted (DESIGN.md §3).
    NotAcceptedReason {
        InLitigation => "litigation",
        Petition => "petition",
        PrivateDispute => "private_dispute",
        NoConcreteContent => "no_content",
    }
}

choice_enum! {
    /// How a reply was passed on to the voter.
    FeedbackWay {
        Phone => "phone",
        Visit => "visit",
        Sms => "sms",
        InPerson => "in_person",
        Letter => "letter",
    }
}

choice_enum! {
    /// How strongly a case is chased.
    SupervisionLevel { Supervise => "supervise", Chase => "chase" }
}

impl Route {
    /// Routes that send the case to a department.
    pub fn needs_department(self) -> bool {
        matches!(self, Route::Assign | Route::Transfer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for r in Route::ALL {
            assert_eq!(Route::from_code(r.code()), Some(*r));
        }
        for c in Channel::ALL {
            assert_eq!(Channel::from_code(c.code()), Some(*c));
        }
        assert_eq!(Route::from_code("nonsense"), None);
        assert_eq!(RequestType::COUNT, 6);
    }
}
