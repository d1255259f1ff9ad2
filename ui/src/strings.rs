//! Every word the UI shows, in Swedish (the working language) and English. Domain labels reuse
//! the model's Swedish table (`samverka_model::sv`) so a term is worded once.

use samverka_model::form::{Arrival, Benefit, InfoMatched, Outcome, PreventedVisit};
use samverka_model::news2::RiskBand;
use samverka_model::record::{InterventionKind, Route, Sex};
use samverka_model::settings::Language;
use samverka_model::vitals::Acvpu;
use samverka_model::{JobType, PerformerKind, Status, Step, sv};

/// A UI text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)] // Each variant's name says what it is; its words are below.
pub enum S {
    OnCall,
    NewJob,
    NoOpenJobs,
    Settings,
    Back,
    Practice,
    NotEnrolledTitle,
    NotEnrolledBody,
    GoToSettings,
    Loading,
    SyncNotEnrolled,
    SyncOffline,
    SyncWaiting,
    SyncSynced,
    SyncNever,
    SyncNow,
    TabTimeline,
    TabRecord,
    TabSbar,
    TabForm,
    AlarmAt,
    Change,
    Save,
    Cancel,
    Reason,
    Earlier,
    Decline,
    DeclineReason,
    Abort,
    AbortReason,
    Confirm,
    ChiefComplaint,
    Airway,
    Breathing,
    Circulation,
    Disability,
    Exposure,
    Notes,
    PatientSex,
    PatientAge,
    Years,
    VitalSigns,
    NewVitals,
    NoVitals,
    RespRate,
    Spo2,
    OnOxygen,
    Pulse,
    Systolic,
    Diastolic,
    Temperature,
    Consciousness,
    Glucose,
    GcsEye,
    GcsVerbal,
    GcsMotor,
    Time,
    Yes,
    No,
    Interventions,
    Add,
    Detail,
    Drugs,
    Drug,
    Dose,
    RouteLabel,
    NoneYet,
    SbarDraft,
    Situation,
    Background,
    Assessment,
    Recommendation,
    Recipient,
    HandedOver,
    HandedOverAt,
    FormTitle,
    Submit,
    SubmittedAt,
    JobTypeLabel,
    RequesterLabel,
    PerformerLabel,
    Municipality,
    OutcomeLabel,
    DeclinedReason,
    Problem,
    Actions,
    RightCareLevel,
    StayedHome,
    InfoMatchedLabel,
    PreventedVisitLabel,
    BenefitLabel,
    ArrivalLabel,
    MinutesBeforeAmbulance,
    Choose,
    RegionTitle,
    RegionUrl,
    EnrollmentCode,
    Enroll,
    PinChoose,
    PinRepeat,
    PinHint,
    LockedTitle,
    LockedBody,
    PinLabel,
    UnlockButton,
    PinWrong,
    PinWait,
    RevokedTitle,
    RevokedBody,
    RevokedUnsent,
    IdentityTitle,
    PersonalNumber,
    PatientName,
    ShowNumber,
    HideNumber,
    CoachCorner,
    IntroductionTitle,
    IntroductionEmpty,
    IntroductionUpdated,
    ReadyForIvpa,
    NotReady,
    Missing,
    ScenariosTitle,
    StartPractice,
    QuizTitle,
    QuizIntro,
    StartQuiz,
    HandIn,
    TimeLeft,
    QuizPassed,
    QuizFailed,
    QuizNoContent,
    ReadChapter,
    Synced,
    NotSynced,
    MyResults,
    TourTitle,
    StartTour,
    TourNext,
    TourDone,
    TourForm,
    TourSbar,
    TourRecord,
    TourGuides,
    TourContacts,
    PracticeJobs,
    EnrolledAs,
    Unit,
    User,
    LanguageLabel,
    ThemeLabel,
    ThemeSystem,
    ThemeLight,
    ThemeDark,
    PerformerSetting,
    NotANumber,
    Version,
    BadTime,
    FromJob,
    SuggestedProblem,
    FormListsMissing,
    UseSuggestion,
    UsualAnswer,
    AnsweredRight,
    AnsweredWrong,
    EraseDigit,
    TimeSkipped,
    TimeTwice,
    TimeSummer,
    TimeWinter,
    Guides,
    Contacts,
    Search,
    SearchHint,
    Adult,
    Child,
    Guidelines,
    QuickRefs,
    ContentVersion,
    Published,
    ValidFrom,
    Owner,
    SampleContent,
    NewContent,
    Seen,
    NoContent,
    NoHits,
    Call,
    Calling,
    DialByHand,
    Hours,
    TabMore,
    HolderTitle,
    HolderHistory,
    HandOnTo,
    HandOnNote,
    HandOn,
    TakeOver,
    NextShift,
    MyJobs,
    NextShiftJobs,
    OthersJobs,
    HeldBy,
    HandedOnBy,
    ChooseNurse,
    NoColleagues,
    Position,
    PositionLocating,
    PositionPickMunicipality,
    SaveMunicipality,
    YouHoldIt,
    ExportTitle,
    ExportText,
    ExportFhir,
    ExportSheet,
    ExportFhirHelp,
    Copy,
    Copied,
    CopyByHand,
    Print,
    RequestsTitle,
    RequestAccept,
    RequestAnswerPending,
    RequestAnswerSent,
    RequestAlreadyAnswered,
    PatientPhone,
    CallbackPhone,
}

/// The text in `lang`.
pub fn tr(lang: Language, s: S) -> &'static str {
    let (sv, en) = pair(s);
    match lang {
        Language::Sv => sv,
        Language::En => en,
    }
}

fn pair(s: S) -> (&'static str, &'static str) {
    use S::*;
    match s {
        OnCall => ("I jour", "On call"),
        Guides => ("Riktlinjer", "Guidelines"),
        Contacts => ("Kontakter", "Contacts"),
        Search => ("Sök", "Search"),
        SearchHint => (
            "Sök i riktlinjer och lathundar",
            "Search guidelines and quick references",
        ),
        Adult => ("Vuxen", "Adult"),
        Child => ("Barn 0–17", "Child 0–17"),
        Guidelines => ("Behandlingsriktlinjer", "Treatment guidelines"),
        QuickRefs => ("Lathundar", "Quick references"),
        ContentVersion => ("Version", "Version"),
        Published => ("publicerad", "published"),
        ValidFrom => ("gäller från", "valid from"),
        Owner => ("Ägare", "Owner"),
        SampleContent => (
            "Exempelinnehåll – inte fastställt av vårdgivaren. Följ regionens gällande riktlinjer.",
            "Example content – not approved by the care provider. Follow the region's current guidelines.",
        ),
        NewContent => (
            "Ny version av riktlinjerna har kommit",
            "A new version of the guidelines has arrived",
        ),
        Seen => ("Uppfattat", "Got it"),
        NoContent => (
            "Inga riktlinjer på telefonen än. De hämtas vid nästa synk med regionen.",
            "No guidelines on this phone yet. They arrive with the next sync with the region.",
        ),
        NoHits => ("Inga träffar.", "No matches."),
        Call => ("Ring", "Call"),
        Calling => ("Ringer", "Calling"),
        DialByHand => (
            "Telefonen kunde inte öppna uppringningen. Slå numret:",
            "The phone could not open the dialler. Dial:",
        ),
        Hours => ("Nås", "Hours"),
        TabMore => ("Mer", "More"),
        HolderTitle => ("Vem har uppdraget", "Who holds the job"),
        HolderHistory => ("Har haft uppdraget", "Held by"),
        HandOnTo => ("Lämna över till", "Hand on to"),
        HandOnNote => (
            "Meddelande till den som tar över",
            "Note for the next nurse",
        ),
        HandOn => ("Lämna över uppdraget", "Hand the job on"),
        TakeOver => ("Ta över uppdraget", "Take the job"),
        NextShift => (sv::NEXT_SHIFT, "Next shift"),
        MyJobs => ("Mina uppdrag", "My jobs"),
        NextShiftJobs => ("Väntar på nästa pass", "Waiting for the next shift"),
        OthersJobs => ("Hos kollegor", "With colleagues"),
        HeldBy => ("hos", "with"),
        HandedOnBy => ("lämnat av", "handed on by"),
        ChooseNurse => ("Välj sjuksköterska …", "Choose a nurse …"),
        NoColleagues => (
            "Enhetens lista är inte hämtad än: lämna till nästa pass, eller synka först.",
            "The unit's list has not been fetched yet: hand it to the next shift, or sync first.",
        ),
        Position => ("Position vid framme", "Position at arrival"),
        PositionLocating => ("Hämtar position …", "Getting the position …"),
        PositionPickMunicipality => (
            "Telefonen gav ingen position. Välj kommunen där du är:",
            "The phone gave no position. Choose the municipality you are in:",
        ),
        SaveMunicipality => ("Spara kommun", "Save municipality"),
        YouHoldIt => ("Du har uppdraget.", "You hold the job."),
        ExportTitle => ("Till journalsystemet", "To the journal system"),
        ExportText => ("Text", "Text"),
        ExportFhir => ("FHIR", "FHIR"),
        ExportSheet => ("Överlämningsblad", "Handover sheet"),
        ExportFhirHelp => (
            "HL7 FHIR R4 (Bundle) för journalsystem som tar emot FHIR.",
            "HL7 FHIR R4 (Bundle) for journal systems that accept FHIR.",
        ),
        Copy => ("Kopiera", "Copy"),
        Copied => ("Kopierat.", "Copied."),
        CopyByHand => (
            "Texten är markerad: kopiera den med telefonens meny.",
            "The text is selected: copy it with the phone's menu.",
        ),
        Print => ("Skriv ut", "Print"),
        RequestsTitle => ("Förfrågningar från VC/JC", "Requests from VC/JC"),
        RequestAccept => ("Ta uppdraget", "Take the job"),
        RequestAnswerPending => (
            "Besvarad här – skickas vid nästa synk.",
            "Answered here – sent at the next sync.",
        ),
        RequestAnswerSent => (
            "Besvarad, vårdcentralen ser svaret.",
            "Answered; the health centre sees it.",
        ),
        RequestAlreadyAnswered => ("Redan besvarad av", "Already answered by"),
        PatientPhone => ("Patient/anhörig", "Patient/relative"),
        CallbackPhone => ("Återrapport till", "Report back to"),
        NewJob => ("Nytt uppdrag", "New job"),
        NoOpenJobs => ("Inga pågående uppdrag.", "No open jobs."),
        Settings => ("Inställningar", "Settings"),
        Back => ("Tillbaka", "Back"),
        Practice => ("ÖVNING", "PRACTICE"),
        NotEnrolledTitle => ("Telefonen är inte inskriven", "This phone is not enrolled"),
        NotEnrolledBody => (
            "Be din samverkanscoach om en inskrivningskod och skriv in telefonen innan första uppdraget.",
            "Ask your coach for an enrolment code and enrol the phone before the first job.",
        ),
        GoToSettings => ("Skriv in telefonen", "Enrol the phone"),
        Loading => ("Laddar…", "Loading…"),
        SyncNotEnrolled => ("Inte inskriven", "Not enrolled"),
        SyncOffline => ("Offline", "Offline"),
        SyncWaiting => ("väntar", "waiting"),
        SyncSynced => ("Synkad", "Synced"),
        SyncNever => ("Inte synkad än", "Not synced yet"),
        SyncNow => ("Synka nu", "Sync now"),
        TabTimeline => ("Tider", "Times"),
        TabRecord => ("Journal", "Record"),
        TabSbar => ("SBAR", "SBAR"),
        TabForm => ("Blankett", "Form"),
        AlarmAt => ("Larm/beställning", "Alarm/request"),
        Change => ("Ändra", "Change"),
        Save => ("Spara", "Save"),
        Cancel => ("Avbryt", "Cancel"),
        Reason => ("Orsak", "Reason"),
        Earlier => ("Tidigare", "Earlier"),
        Decline => ("Tacka nej", "Decline"),
        DeclineReason => ("Varför tackar du nej?", "Why do you decline?"),
        Abort => ("Avbrutet av larmcentralen", "Aborted by dispatch"),
        AbortReason => ("Orsak till avbrottet", "Reason for the abort"),
        Confirm => ("Bekräfta", "Confirm"),
        ChiefComplaint => ("Kontaktorsak", "Chief complaint"),
        Airway => ("A – Luftväg", "A – Airway"),
        Breathing => ("B – Andning", "B – Breathing"),
        Circulation => ("C – Cirkulation", "C – Circulation"),
        Disability => ("D – Medvetande", "D – Disability"),
        Exposure => ("E – Yttre faktorer", "E – Exposure"),
        Notes => ("Anteckningar", "Notes"),
        PatientSex => ("Kön", "Sex"),
        PatientAge => ("Ålder", "Age"),
        Years => ("år", "years"),
        VitalSigns => ("Vitalparametrar", "Vital signs"),
        NewVitals => ("Ny mätning", "New measurement"),
        NoVitals => ("Inga mätningar än.", "No measurements yet."),
        RespRate => ("AF /min", "RR /min"),
        Spo2 => ("SpO₂ %", "SpO₂ %"),
        OnOxygen => ("Syrgas", "Oxygen"),
        Pulse => ("Puls", "Pulse"),
        Systolic => ("Systoliskt", "Systolic"),
        Diastolic => ("Diastoliskt", "Diastolic"),
        Temperature => ("Temp °C", "Temp °C"),
        Consciousness => ("Medvetande (ACVPU)", "Consciousness (ACVPU)"),
        Glucose => ("P-glukos mmol/l", "Glucose mmol/l"),
        GcsEye => ("GCS ögon (1–4)", "GCS eye (1–4)"),
        GcsVerbal => ("GCS verbal (1–5)", "GCS verbal (1–5)"),
        GcsMotor => ("GCS motorik (1–6)", "GCS motor (1–6)"),
        Time => ("Tid", "Time"),
        Yes => ("Ja", "Yes"),
        No => ("Nej", "No"),
        Interventions => ("Åtgärder", "Interventions"),
        Add => ("Lägg till", "Add"),
        Detail => ("Beskrivning", "Detail"),
        Drugs => ("Läkemedel", "Drugs"),
        Drug => ("Läkemedel", "Drug"),
        Dose => ("Dos", "Dose"),
        RouteLabel => ("Administrationssätt", "Route"),
        NoneYet => ("Inget registrerat än.", "Nothing recorded yet."),
        SbarDraft => ("Skriv utkast från journalen", "Draft from the record"),
        Situation => ("S – Situation", "S – Situation"),
        Background => ("B – Bakgrund", "B – Background"),
        Assessment => ("A – Aktuellt tillstånd", "A – Assessment"),
        Recommendation => ("R – Rekommendation", "R – Recommendation"),
        Recipient => ("Mottagare", "Recipient"),
        HandedOver => ("Överlämnad", "Handed over"),
        HandedOverAt => ("Överlämnad kl", "Handed over at"),
        FormTitle => ("Statistikblankett", "Statistics form"),
        Submit => ("Skicka in blanketten", "Submit the form"),
        SubmittedAt => ("Inskickad kl", "Submitted at"),
        JobTypeLabel => ("Uppdragstyp", "Job type"),
        RequesterLabel => ("Beställare", "Requester"),
        PerformerLabel => ("Utförare", "Performer"),
        Municipality => ("Kommun", "Municipality"),
        OutcomeLabel => ("Utfall", "Outcome"),
        DeclinedReason => ("Orsak till nej/avbrott", "Reason declined/aborted"),
        Problem => ("Problem", "Problem"),
        Actions => ("Åtgärder", "Actions"),
        RightCareLevel => ("Rätt vårdnivå?", "Right level of care?"),
        StayedHome => (
            "Kunde patienten stanna hemma?",
            "Could the patient stay at home?",
        ),
        InfoMatchedLabel => (
            "Stämde informationen med patientens tillstånd?",
            "Did the information match the patient's condition?",
        ),
        PreventedVisitLabel => ("Förhindrat besök", "Prevented visit"),
        BenefitLabel => ("Nytta för patienten", "Benefit to the patient"),
        ArrivalLabel => ("Ankomst", "Arrival"),
        MinutesBeforeAmbulance => ("Minuter före ambulansen", "Minutes before the ambulance"),
        Choose => ("Välj…", "Choose…"),
        RegionTitle => ("Region", "Region"),
        RegionUrl => ("Regionens adress", "Region address"),
        EnrollmentCode => ("Inskrivningskod", "Enrolment code"),
        Enroll => ("Skriv in telefonen", "Enrol the phone"),
        PinChoose => ("Välj PIN-kod (6–12 siffror)", "Choose a PIN (6–12 digits)"),
        PinRepeat => ("Upprepa PIN-koden", "Repeat the PIN"),
        PinHint => (
            "Appen låses efter en stunds inaktivitet och när den läggs i bakgrunden.",
            "The app locks after a while without use and when it goes to the background.",
        ),
        LockedTitle => ("Samverka är låst", "Samverka is locked"),
        LockedBody => (
            "Patientuppgifter visas först när du låst upp med din PIN-kod.",
            "Patient data is shown once you unlock with your PIN.",
        ),
        PinLabel => ("PIN-kod", "PIN"),
        UnlockButton => ("Lås upp", "Unlock"),
        PinWrong => ("Fel PIN-kod.", "Wrong PIN."),
        PinWait => ("Vänta innan nästa försök:", "Wait before the next attempt:"),
        RevokedTitle => ("Telefonen är spärrad", "This phone is revoked"),
        RevokedBody => (
            "Regionen har spärrat telefonen, till exempel för att den anmälts borttappad. Alla patientuppgifter på den har raderats. Riktlinjer och kontakter finns kvar.",
            "The region has revoked this phone, for example because it was reported lost. All patient data on it has been deleted. Guidelines and contacts remain.",
        ),
        RevokedUnsent => (
            "Poster som aldrig hann nå regionen och raderades:",
            "Entries deleted before they reached the region:",
        ),
        IdentityTitle => ("Identitet", "Identity"),
        PersonalNumber => ("Personnummer", "Personal identity number"),
        PatientName => ("Namn", "Name"),
        ShowNumber => ("Visa", "Show"),
        CoachCorner => ("Coachhörnan", "Coaches' corner"),
        IntroductionTitle => (
            "Introduktion av nya sjuksköterskor",
            "Introducing new nurses",
        ),
        IntroductionEmpty => (
            "Listan hämtas från regionen vid nästa synk.",
            "The list is fetched from the region at the next sync.",
        ),
        IntroductionUpdated => ("Hämtad", "Fetched"),
        ReadyForIvpa => ("Redo för IVPA", "Ready for IVPA"),
        NotReady => ("Inte redo", "Not ready"),
        Missing => ("saknar", "missing"),
        ScenariosTitle => ("Övningsscenarier", "Practice scenarios"),
        StartPractice => ("Starta övning", "Start practice"),
        QuizTitle => ("Kvalitetstest", "Quality test"),
        QuizIntro => (
            "Årligt test på behandlingsriktlinjerna. Fungerar utan nät; resultatet skickas vid nästa synk.",
            "The yearly test on the treatment guidelines. Works offline; the result is sent at the next sync.",
        ),
        StartQuiz => ("Starta testet", "Start the test"),
        HandIn => ("Lämna in", "Hand in"),
        TimeLeft => ("Tid kvar", "Time left"),
        QuizPassed => ("Godkänd", "Passed"),
        QuizFailed => ("Inte godkänd", "Not passed"),
        QuizNoContent => (
            "Inga frågor ännu: de kommer med regionens innehåll vid nästa synk.",
            "No questions yet: they come with the region's content at the next sync.",
        ),
        ReadChapter => ("Läs kapitlet", "Read the chapter"),
        Synced => ("skickat till regionen", "sent to the region"),
        NotSynced => ("väntar på synk", "waiting for sync"),
        MyResults => ("Mina resultat", "My results"),
        TourTitle => ("Guidad tur", "Guided tour"),
        StartTour => ("Starta guidad tur", "Start the guided tour"),
        TourNext => ("Nästa", "Next"),
        TourDone => ("Klar", "Done"),
        TourForm => (
            "Statistikblanketten: fylls i för varje uppdrag, mycket är redan ifyllt från uppdraget. Skickas in när uppdraget är klart.",
            "The statistics form: filled in for every job, much of it pre-filled from the job. Submitted when the job is done.",
        ),
        TourSbar => (
            "SBAR: överrapporteringen till ambulansen eller vårdcentralen, föreslagen från journalen.",
            "SBAR: the handover to the ambulance or health centre, drafted from the record.",
        ),
        TourRecord => (
            "Akutjournalen: kontaktorsak, ABCDE, vitalparametrar med NEWS2, åtgärder och läkemedel med tider.",
            "The emergency record: complaint, ABCDE, vital signs with NEWS2, interventions and drugs with times.",
        ),
        TourGuides => (
            "Riktlinjer och snabbreferenser: sök även utan nät, vuxen eller barn.",
            "Guidelines and quick references: search offline, adult or child.",
        ),
        TourContacts => (
            "Kontakter: ett tryck ringer upp.",
            "Contacts: one tap calls.",
        ),
        PracticeJobs => ("Övningsuppdrag", "Practice jobs"),
        HideNumber => ("Dölj", "Hide"),
        EnrolledAs => ("Inskriven", "Enrolled"),
        Unit => ("Enhet", "Unit"),
        User => ("Användare", "User"),
        LanguageLabel => ("Språk", "Language"),
        ThemeLabel => ("Utseende", "Theme"),
        ThemeSystem => ("Som telefonen", "Follow the phone"),
        ThemeLight => ("Ljust", "Light"),
        ThemeDark => ("Mörkt", "Dark"),
        PerformerSetting => ("Jag arbetar som", "I work as"),
        NotANumber => ("Ange ett tal.", "Enter a number."),
        Version => ("Version", "Version"),
        BadTime => (
            "Ange tiden som TT:MM, t.ex. 03:12.",
            "Enter the time as HH:MM, e.g. 03:12.",
        ),
        UsualAnswer => ("förval", "usual answer"),
        FromJob => ("från uppdraget", "from the job"),
        FormListsMissing => (
            "Blankettens listor (problem, åtgärder, beställare) har inte kommit från regionen än. Synka för att hämta dem.",
            "The form's lists (problems, actions, requesters) have not arrived from the region yet. Sync to get them.",
        ),
        SuggestedProblem => (
            "Förslag utifrån kontaktorsaken:",
            "Suggested from the chief complaint:",
        ),
        UseSuggestion => ("Använd", "Use it"),
        AnsweredRight => ("Rätt svar", "Right answer"),
        AnsweredWrong => ("Fel svar", "Wrong answer"),
        EraseDigit => ("Radera siffra", "Delete digit"),
        TimeSkipped => (
            "Den tiden fanns inte den natten: klockan ställdes fram från 02:00 till 03:00.",
            "That time did not exist that night: the clock went forward from 02:00 to 03:00.",
        ),
        TimeTwice => (
            "Den tiden fanns två gånger den natten: klockan ställdes tillbaka från 03:00 till 02:00. Vilken menar du?",
            "That time happened twice that night: the clock went back from 03:00 to 02:00. Which one?",
        ),
        TimeSummer => ("första gången (sommartid)", "the first time (summer time)"),
        TimeWinter => ("andra gången (vintertid)", "the second time (winter time)"),
    }
}

/// Picks the Swedish label from the model's table or the English one given here.
fn pick(lang: Language, sv: &'static str, en: &'static str) -> &'static str {
    match lang {
        Language::Sv => sv,
        Language::En => en,
    }
}

/// A job type's name.
pub fn job_type(lang: Language, t: JobType) -> &'static str {
    let en = match t {
        JobType::NurseLine => "1177 job",
        JobType::Assistance => "Assistance job",
        JobType::Ivpa => "IVPA",
        JobType::MavaDirect => "MÄVA direct",
    };
    pick(lang, sv::job_type(t), en)
}

/// A job type as a screen's title: the short name a phone's top bar has room for.
pub fn job_type_short(lang: Language, t: JobType) -> &'static str {
    match (lang, t) {
        (_, JobType::NurseLine) => "1177",
        (Language::Sv, JobType::Assistance) => "Assistans",
        (Language::En, JobType::Assistance) => "Assistance",
        (_, JobType::Ivpa) => "IVPA",
        (Language::Sv, JobType::MavaDirect) => "MÄVA-direkt",
        (Language::En, JobType::MavaDirect) => "MÄVA direct",
    }
}

/// A timeline step's label.
pub fn step(lang: Language, s: Step) -> &'static str {
    let en = match s {
        Step::Accept => "Accepted",
        Step::Decline => "Declined",
        Step::Depart => "Departed",
        Step::Arrive => "Arrived",
        Step::AmbulanceArrive => "Ambulance arrived",
        Step::HandOver => "Handed over",
        Step::Complete => "Done",
        Step::Abort => "Aborted",
    };
    pick(lang, sv::step_label(s), en)
}

/// A status's label.
pub fn status(lang: Language, s: Status) -> &'static str {
    let en = match s {
        Status::Requested => "Requested",
        Status::Accepted => "Accepted",
        Status::Declined => "Declined",
        Status::EnRoute => "En route",
        Status::OnScene => "On scene",
        Status::HandedOver => "Handed over",
        Status::Done => "Done",
        Status::Aborted => "Aborted",
    };
    pick(lang, sv::status_label(s), en)
}

/// A NEWS2 risk band's name.
pub fn band(lang: Language, b: RiskBand) -> &'static str {
    let en = match b {
        RiskBand::Low => "Low",
        RiskBand::LowMedium => "Low–medium",
        RiskBand::Medium => "Medium",
        RiskBand::High => "High",
    };
    pick(lang, sv::band(b), en)
}

/// Sex.
pub fn sex(lang: Language, s: Sex) -> &'static str {
    let en = match s {
        Sex::Female => "Female",
        Sex::Male => "Male",
        Sex::Unknown => "Unknown",
    };
    pick(lang, sv::sex(s), en)
}

/// ACVPU level.
pub fn acvpu(lang: Language, a: Acvpu) -> &'static str {
    let en = match a {
        Acvpu::Alert => "A",
        Acvpu::Confusion => "C",
        Acvpu::Voice => "V",
        Acvpu::Pain => "P",
        Acvpu::Unresponsive => "U",
    };
    pick(lang, sv::acvpu(a), en)
}

/// An intervention kind.
pub fn intervention(lang: Language, k: &InterventionKind) -> &'static str {
    let en = match k {
        InterventionKind::Cpr => "CPR",
        InterventionKind::Defibrillation => "Defibrillation",
        InterventionKind::AirwayAdjunct => "Airway adjunct",
        InterventionKind::Oxygen => "Oxygen",
        InterventionKind::PeripheralIv => "Peripheral IV line",
        InterventionKind::BleedingControl => "Bleeding control",
        InterventionKind::Positioning => "Positioning",
        InterventionKind::Other => "Other",
    };
    pick(lang, sv::intervention(k), en)
}

/// A drug route.
pub fn route(lang: Language, r: Route) -> &'static str {
    let en = match r {
        Route::Iv => "Intravenous",
        Route::Im => "Intramuscular",
        Route::Sc => "Subcutaneous",
        Route::Oral => "Oral",
        Route::Sublingual => "Sublingual",
        Route::Inhalation => "Inhaled",
        Route::Nasal => "Intranasal",
        Route::Rectal => "Rectal",
        Route::Io => "Intraosseous",
    };
    pick(lang, sv::route(r), en)
}

/// Whether the information matched.
pub fn info_matched(lang: Language, i: InfoMatched) -> &'static str {
    let en = match i {
        InfoMatched::No => "No",
        InfoMatched::Yes => "Yes",
        InfoMatched::Well => "Well",
        InfoMatched::VeryWell => "Very well",
    };
    pick(lang, sv::info_matched(i), en)
}

/// A prevented visit.
pub fn prevented_visit(lang: Language, p: PreventedVisit) -> &'static str {
    let en = match p {
        PreventedVisit::Emergency => "Emergency department",
        PreventedVisit::PrimaryCare => "Health centre (VC/JC)",
        PreventedVisit::None => "None",
    };
    pick(lang, sv::prevented_visit(p), en)
}

/// Benefit to the patient.
pub fn benefit(lang: Language, b: Benefit) -> &'static str {
    let en = match b {
        Benefit::None => "None",
        Benefit::Little => "Little",
        Benefit::Some => "Some",
        Benefit::Good => "Good",
        Benefit::VeryGood => "Very good",
    };
    pick(lang, sv::benefit(b), en)
}

/// The job's outcome on the form.
pub fn outcome(lang: Language, o: Outcome) -> &'static str {
    match o {
        Outcome::Done => pick(lang, "Genomfört", "Done"),
        Outcome::Declined => pick(lang, "Nej tack", "Declined"),
        Outcome::Aborted => pick(lang, "Avbrutet", "Aborted"),
    }
}

/// When the IVPA nurse arrived relative to the ambulance.
pub fn arrival(lang: Language, a: Arrival) -> &'static str {
    match a {
        Arrival::Before => pick(lang, "Före ambulansen", "Before the ambulance"),
        Arrival::Same => pick(lang, "Samtidigt", "Same time"),
        Arrival::After => pick(lang, "Efter ambulansen", "After the ambulance"),
        Arrival::AfterRescue => pick(lang, "Efter räddningstjänsten", "After rescue services"),
    }
}

/// Municipal nurse or ambulance.
pub fn performer(lang: Language, p: PerformerKind) -> &'static str {
    match p {
        PerformerKind::Municipal => pick(lang, "Kommunal sjuksköterska", "Municipal nurse"),
        PerformerKind::Ambulance => pick(lang, "Ambulanssjuksköterska", "Ambulance nurse"),
    }
}

/// A training-plan item's name.
pub fn training_item(lang: Language, item: samverka_model::coach::TrainingItem) -> &'static str {
    use samverka_model::coach::TrainingItem as T;
    let (sv, en) = match item {
        T::CoachIntroduction => ("Introduktion av coach", "Introduction by the coach"),
        T::SHlrAdult => ("S-HLR vuxen", "S-HLR adult"),
        T::SHlrChild => ("S-HLR barn", "S-HLR child"),
        T::GuidelineCourse => (
            "Kurs i behandlingsriktlinjerna",
            "Treatment-guideline course",
        ),
        T::QualityTest => (
            "Kvalitetstest (inom 12 månader)",
            "Quality test (within 12 months)",
        ),
        T::Amls => ("AMLS (frivillig)", "AMLS (optional)"),
        T::ScenarioExercise => ("Scenarioövning", "Scenario exercise"),
    };
    if lang == Language::En { en } else { sv }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_has_both_languages() {
        // Walk the table through a sample of keys at both ends and in between; an empty string
        // would show as a blank button.
        for s in [S::OnCall, S::NewJob, S::SyncWaiting, S::Submit, S::BadTime] {
            assert!(!tr(Language::Sv, s).is_empty());
            assert!(!tr(Language::En, s).is_empty());
        }
        assert_eq!(tr(Language::Sv, S::OnCall), "I jour");
        assert_eq!(tr(Language::En, S::OnCall), "On call");
    }

    #[test]
    fn domain_labels_come_from_the_model_in_swedish() {
        assert_eq!(
            job_type(Language::Sv, JobType::Ivpa),
            sv::job_type(JobType::Ivpa)
        );
        assert_eq!(
            step(Language::Sv, Step::Arrive),
            sv::step_label(Step::Arrive)
        );
        assert_eq!(step(Language::En, Step::Arrive), "Arrived");
    }
}
