//! Which field a validation problem belongs to, and what is wrong with it.
//! The words for both live in `crate::i18n`, so the rules stay language-free.

/// Every field a user can fill in, across all forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    StationCode,
    StationName,
    VisitorName,
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
    Department,
    DeadlineDays,
    OnSpotReply,
    NotAcceptedReason,
    Guidance,
    Date,
    DeputyName,
    Remarks,
    Place,
    ReplyDays,
    NearDeadlineDays,
    PrintCommand,
    Categories,
    Calendar,
    SupervisionLevel,
    Note,
    Reason,
    Grade,
    ReplyText,
    ReplyDate,
    FeedbackDate,
    FeedbackWay,
    Satisfaction,
    ArchiveNo,
    NewDeadline,
    DepartmentName,
    Contact,
    SearchQuery,
    DateFrom,
    DateTo,
    TargetDutyDays,
    TargetVisits,
    TargetActivities,
    TargetStudy,
    UnitPost,
    Ethnicity,
    BirthMonth,
    Political,
    Level,
    Constituency,
    GroupName,
    Term,
    ActivityKind,
    Topic,
    Organiser,
    Outcome,
    Participants,
    StudyForm,
    Speaker,
    Hours,
    Attendance,
    RegisterPreset,
    Venue,
    ExportFormat,
    ExportFile,
    UserName,
    Pin,
    PinAgain,
    Role,
    NewValue,
    UserActive,
    RetentionMonths,
    CollectIdNumber,
    IdNumber,
    /// A study session's deputies present, as a correction names them.
    PresentDeputies,
    /// … and those on leave, with their reasons.
    OnLeaveDeputies,
    // 民生实事 candidates and votes.
    ProjectTitle,
    ProjectContent,
    EstimatedCost,
    MeetingName,
    DeputiesPresent,
    ToChoose,
    VotesFor,
    VotesAgainst,
    VotesAbstain,
    ProjectSource,
    ProjectLead,
    ProjectBudget,
    ProjectTarget,
    ProjectDeadline,
    Supervisors,
    Milestones,
    Completion,
    Satisfied,
    BasicallySatisfied,
    Unsatisfied,
    FollowUpItem,
    ShortlistRatio,
    ReviewNote,
    /// The roster deputy a 值班代表 account is.
    RosterDeputy,
    // A 约见 (an activity type): who was met, their office, the matters
    // raised, the answers given, what follows.
    MetPerson,
    MetOffice,
    MeetingTopics,
    MeetingAnswers,
    MeetingFollowUp,
    /// The 民生实事 projects an activity was about.
    LinkedProjects,
    /// A door-to-door visit: how many households, and which contact
    /// households among them.
    VisitedHouseholds,
    ContactHouseholds,
    /// A contact household (联系对象): its village and household head.
    Village,
    HouseholdHead,
    /// The day a letter (来信) was received.
    LetterReceived,
    TargetHouseholds,
}

impl Field {
    pub const COUNT: usize = 115;
    pub fn index(self) -> usize {
        self as usize
    }
}

/// What is wrong with a value. Carries the numbers the message needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Required,
    TooLong {
        max: usize,
    },
    BadPhone,
    BadName,
    BadDate,
    NotANumber,
    OutOfRange {
        min: i64,
        max: i64,
    },
    BadStationCode,
    /// A date that must not be before the given one.
    DateTooEarly(chrono::NaiveDate),
    /// A date that must not be before the given one (it may equal it).
    DateBefore(chrono::NaiveDate),
    /// A date that must not be after the given one.
    DateTooLate(chrono::NaiveDate),
    /// The same value as before where a change is expected.
    Unchanged,
    UnknownChoice,
    /// Text typed on a choice that matches none of its options.
    TypedOnChoice,
    /// A month that is not `YYYY-MM`.
    BadMonth,
    /// Hours outside 0.5–24.
    BadHours,
    /// A deputy marked on leave without a reason (their name).
    LeaveWithoutReason(String),
    ControlCharacters,
    /// A file format problem, with the parser's words.
    BadFormat(String),
    /// A PIN that is not 4–8 digits.
    BadPin,
    /// The PIN typed again differs.
    PinMismatch,
    /// Not a national ID number (GB 11643), and in what way.
    BadIdNumber(IdNumberFault),
    /// Not an amount of money (at most two decimals).
    BadAmount,
}

/// What is wrong with a national ID number, so that the message can say
/// where to look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdNumberFault {
    /// Not 17 digits followed by a digit or X.
    Format,
    /// Characters 7–14 are not a real date of birth, or one after today.
    BirthDate,
    /// The last character does not match the other seventeen.
    CheckDigit,
}

impl IdNumberFault {
    pub const COUNT: usize = 3;
    pub fn index(self) -> usize {
        self as usize
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: Field,
    pub problem: Problem,
}

impl FieldError {
    pub fn new(field: Field, problem: Problem) -> Self {
        Self { field, problem }
    }
}
