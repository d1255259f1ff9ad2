//! The UI's words, in Swedish (the working language) and English, keyed by [`S`].
//!
//! The shell sends the webview the words of the nurse's language ([`words`]), and with them
//! the model's message table ([`Words`]), so the UI's wasm carries the keys, not the text (6.4
//! and 6.1 KB of its gzipped size, issue #19). Domain values name their text through the
//! functions at the end ([`job_type`], [`step`], …); where the model words a term
//! (`samverka_model::sv`, `msg::step_label_en`), it is taken from there, so a term is worded
//! once.
use samverka_model::coach::TrainingItem;
use samverka_model::form::{Arrival, Benefit, InfoMatched, Outcome, PreventedVisit};
use samverka_model::news2::RiskBand;
use samverka_model::record::{InterventionKind, Route, Sex};
use samverka_model::settings::Language;
use samverka_model::vitals::Acvpu;
use samverka_model::{JobType, PerformerKind, Status, Step, msg, sv};
use serde::{Deserialize, Serialize};
use strum::IntoEnumIterator;

/// A UI text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::EnumCount, strum::EnumIter)]
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
    // Domain labels, one per value; the UI reaches them through the functions below.
    JobNurseLine,
    JobAssistance,
    JobIvpa,
    JobMavaDirect,
    ShortNurseLine,
    ShortAssistance,
    ShortIvpa,
    ShortMavaDirect,
    StepAccept,
    StepDecline,
    StepDepart,
    StepArrive,
    StepAmbulanceArrive,
    StepHandOver,
    StepComplete,
    StepAbort,
    StatusRequested,
    StatusAccepted,
    StatusDeclined,
    StatusEnRoute,
    StatusOnScene,
    StatusHandedOver,
    StatusDone,
    StatusAborted,
    BandLow,
    BandLowMedium,
    BandMedium,
    BandHigh,
    SexFemale,
    SexMale,
    SexUnknown,
    AcvpuAlert,
    AcvpuConfusion,
    AcvpuVoice,
    AcvpuPain,
    AcvpuUnresponsive,
    InterventionCpr,
    InterventionDefibrillation,
    InterventionAirwayAdjunct,
    InterventionOxygen,
    InterventionPeripheralIv,
    InterventionBleedingControl,
    InterventionPositioning,
    InterventionOther,
    RouteIv,
    RouteIm,
    RouteSc,
    RouteOral,
    RouteSublingual,
    RouteInhalation,
    RouteNasal,
    RouteRectal,
    RouteIo,
    InfoMatchedNo,
    InfoMatchedYes,
    InfoMatchedWell,
    InfoMatchedVeryWell,
    PreventedEmergency,
    PreventedPrimaryCare,
    PreventedNone,
    BenefitNone,
    BenefitLittle,
    BenefitSome,
    BenefitGood,
    BenefitVeryGood,
    OutcomeDone,
    OutcomeDeclined,
    OutcomeAborted,
    ArrivalBefore,
    ArrivalSame,
    ArrivalAfter,
    ArrivalAfterRescue,
    PerformerMunicipal,
    PerformerAmbulance,
    TrainingCoachIntroduction,
    TrainingSHlrAdult,
    TrainingSHlrChild,
    TrainingGuidelineCourse,
    TrainingQualityTest,
    TrainingAmls,
    TrainingScenarioExercise,
}

/// What the shell sends the UI for one language (`ui_words`): its words in [`S`]'s order, and
/// the model's message table (`samverka_model::msg`), which the UI installs (`msg::install`)
/// instead of compiling it in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Words {
    /// [`words`] of the language asked for.
    pub texts: Vec<String>,
    /// Every message row's key, Swedish and English, one row after the other (flat: the
    /// UI reads it with the same code as the texts).
    pub messages: Vec<String>,
}

/// How many texts there are: the length of every list [`words`] makes.
pub const COUNT: usize = <S as strum::EnumCount>::COUNT;

/// Every text in `lang`, in [`S`]'s order: what the shell sends the webview (`S as usize` is
/// the index).
pub fn words(lang: Language) -> Vec<&'static str> {
    S::iter().map(|s| text(lang, s)).collect()
}

/// One text in `lang`.
pub fn text(lang: Language, s: S) -> &'static str {
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
        JobNurseLine => (sv::job_type(JobType::NurseLine), "1177 job"),
        JobAssistance => (sv::job_type(JobType::Assistance), "Assistance job"),
        JobIvpa => (sv::job_type(JobType::Ivpa), "IVPA"),
        JobMavaDirect => (sv::job_type(JobType::MavaDirect), "MÄVA direct"),
        ShortNurseLine => ("1177", "1177"),
        ShortAssistance => ("Assistans", "Assistance"),
        ShortIvpa => ("IVPA", "IVPA"),
        ShortMavaDirect => ("MÄVA-direkt", "MÄVA direct"),
        StepAccept => (
            sv::step_label(Step::Accept),
            msg::step_label_en(Step::Accept),
        ),
        StepDecline => (
            sv::step_label(Step::Decline),
            msg::step_label_en(Step::Decline),
        ),
        StepDepart => (
            sv::step_label(Step::Depart),
            msg::step_label_en(Step::Depart),
        ),
        StepArrive => (
            sv::step_label(Step::Arrive),
            msg::step_label_en(Step::Arrive),
        ),
        StepAmbulanceArrive => (
            sv::step_label(Step::AmbulanceArrive),
            msg::step_label_en(Step::AmbulanceArrive),
        ),
        StepHandOver => (
            sv::step_label(Step::HandOver),
            msg::step_label_en(Step::HandOver),
        ),
        StepComplete => (
            sv::step_label(Step::Complete),
            msg::step_label_en(Step::Complete),
        ),
        StepAbort => (sv::step_label(Step::Abort), msg::step_label_en(Step::Abort)),
        StatusRequested => (sv::status_label(Status::Requested), "Requested"),
        StatusAccepted => (sv::status_label(Status::Accepted), "Accepted"),
        StatusDeclined => (sv::status_label(Status::Declined), "Declined"),
        StatusEnRoute => (sv::status_label(Status::EnRoute), "En route"),
        StatusOnScene => (sv::status_label(Status::OnScene), "On scene"),
        StatusHandedOver => (sv::status_label(Status::HandedOver), "Handed over"),
        StatusDone => (sv::status_label(Status::Done), "Done"),
        StatusAborted => (sv::status_label(Status::Aborted), "Aborted"),
        BandLow => (sv::band(RiskBand::Low), "Low"),
        BandLowMedium => (sv::band(RiskBand::LowMedium), "Low–medium"),
        BandMedium => (sv::band(RiskBand::Medium), "Medium"),
        BandHigh => (sv::band(RiskBand::High), "High"),
        SexFemale => (sv::sex(Sex::Female), "Female"),
        SexMale => (sv::sex(Sex::Male), "Male"),
        SexUnknown => (sv::sex(Sex::Unknown), "Unknown"),
        AcvpuAlert => (sv::acvpu(Acvpu::Alert), "A"),
        AcvpuConfusion => (sv::acvpu(Acvpu::Confusion), "C"),
        AcvpuVoice => (sv::acvpu(Acvpu::Voice), "V"),
        AcvpuPain => (sv::acvpu(Acvpu::Pain), "P"),
        AcvpuUnresponsive => (sv::acvpu(Acvpu::Unresponsive), "U"),
        InterventionCpr => (sv::intervention(&InterventionKind::Cpr), "CPR"),
        InterventionDefibrillation => (
            sv::intervention(&InterventionKind::Defibrillation),
            "Defibrillation",
        ),
        InterventionAirwayAdjunct => (
            sv::intervention(&InterventionKind::AirwayAdjunct),
            "Airway adjunct",
        ),
        InterventionOxygen => (sv::intervention(&InterventionKind::Oxygen), "Oxygen"),
        InterventionPeripheralIv => (
            sv::intervention(&InterventionKind::PeripheralIv),
            "Peripheral IV line",
        ),
        InterventionBleedingControl => (
            sv::intervention(&InterventionKind::BleedingControl),
            "Bleeding control",
        ),
        InterventionPositioning => (
            sv::intervention(&InterventionKind::Positioning),
            "Positioning",
        ),
        InterventionOther => (sv::intervention(&InterventionKind::Other), "Other"),
        RouteIv => (sv::route(Route::Iv), "Intravenous"),
        RouteIm => (sv::route(Route::Im), "Intramuscular"),
        RouteSc => (sv::route(Route::Sc), "Subcutaneous"),
        RouteOral => (sv::route(Route::Oral), "Oral"),
        RouteSublingual => (sv::route(Route::Sublingual), "Sublingual"),
        RouteInhalation => (sv::route(Route::Inhalation), "Inhaled"),
        RouteNasal => (sv::route(Route::Nasal), "Intranasal"),
        RouteRectal => (sv::route(Route::Rectal), "Rectal"),
        RouteIo => (sv::route(Route::Io), "Intraosseous"),
        InfoMatchedNo => (sv::info_matched(InfoMatched::No), "No"),
        InfoMatchedYes => (sv::info_matched(InfoMatched::Yes), "Yes"),
        InfoMatchedWell => (sv::info_matched(InfoMatched::Well), "Well"),
        InfoMatchedVeryWell => (sv::info_matched(InfoMatched::VeryWell), "Very well"),
        PreventedEmergency => (
            sv::prevented_visit(PreventedVisit::Emergency),
            "Emergency department",
        ),
        PreventedPrimaryCare => (
            sv::prevented_visit(PreventedVisit::PrimaryCare),
            "Health centre (VC/JC)",
        ),
        PreventedNone => (sv::prevented_visit(PreventedVisit::None), "None"),
        BenefitNone => (sv::benefit(Benefit::None), "None"),
        BenefitLittle => (sv::benefit(Benefit::Little), "Little"),
        BenefitSome => (sv::benefit(Benefit::Some), "Some"),
        BenefitGood => (sv::benefit(Benefit::Good), "Good"),
        BenefitVeryGood => (sv::benefit(Benefit::VeryGood), "Very good"),
        OutcomeDone => ("Genomfört", "Done"),
        OutcomeDeclined => ("Nej tack", "Declined"),
        OutcomeAborted => ("Avbrutet", "Aborted"),
        ArrivalBefore => ("Före ambulansen", "Before the ambulance"),
        ArrivalSame => ("Samtidigt", "Same time"),
        ArrivalAfter => ("Efter ambulansen", "After the ambulance"),
        ArrivalAfterRescue => ("Efter räddningstjänsten", "After rescue services"),
        PerformerMunicipal => ("Kommunal sjuksköterska", "Municipal nurse"),
        PerformerAmbulance => ("Ambulanssjuksköterska", "Ambulance nurse"),
        TrainingCoachIntroduction => ("Introduktion av coach", "Introduction by the coach"),
        TrainingSHlrAdult => ("S-HLR vuxen", "S-HLR adult"),
        TrainingSHlrChild => ("S-HLR barn", "S-HLR child"),
        TrainingGuidelineCourse => (
            "Kurs i behandlingsriktlinjerna",
            "Treatment-guideline course",
        ),
        TrainingQualityTest => (
            "Kvalitetstest (inom 12 månader)",
            "Quality test (within 12 months)",
        ),
        TrainingAmls => ("AMLS (frivillig)", "AMLS (optional)"),
        TrainingScenarioExercise => ("Scenarioövning", "Scenario exercise"),
    }
}

/// A job type's name. Swedish from the model's table where the model words it.
pub fn job_type(v: JobType) -> S {
    match v {
        JobType::NurseLine => S::JobNurseLine,
        JobType::Assistance => S::JobAssistance,
        JobType::Ivpa => S::JobIvpa,
        JobType::MavaDirect => S::JobMavaDirect,
    }
}

/// A job type as a screen's title: the short name a phone's top bar has room for. Swedish from the model's table where the model words it.
pub fn job_type_short(v: JobType) -> S {
    match v {
        JobType::NurseLine => S::ShortNurseLine,
        JobType::Assistance => S::ShortAssistance,
        JobType::Ivpa => S::ShortIvpa,
        JobType::MavaDirect => S::ShortMavaDirect,
    }
}

/// A timeline step's label. Swedish from the model's table where the model words it.
pub fn step(v: Step) -> S {
    match v {
        Step::Accept => S::StepAccept,
        Step::Decline => S::StepDecline,
        Step::Depart => S::StepDepart,
        Step::Arrive => S::StepArrive,
        Step::AmbulanceArrive => S::StepAmbulanceArrive,
        Step::HandOver => S::StepHandOver,
        Step::Complete => S::StepComplete,
        Step::Abort => S::StepAbort,
    }
}

/// A status's label. Swedish from the model's table where the model words it.
pub fn status(v: Status) -> S {
    match v {
        Status::Requested => S::StatusRequested,
        Status::Accepted => S::StatusAccepted,
        Status::Declined => S::StatusDeclined,
        Status::EnRoute => S::StatusEnRoute,
        Status::OnScene => S::StatusOnScene,
        Status::HandedOver => S::StatusHandedOver,
        Status::Done => S::StatusDone,
        Status::Aborted => S::StatusAborted,
    }
}

/// A NEWS2 risk band's name. Swedish from the model's table where the model words it.
pub fn band(v: RiskBand) -> S {
    match v {
        RiskBand::Low => S::BandLow,
        RiskBand::LowMedium => S::BandLowMedium,
        RiskBand::Medium => S::BandMedium,
        RiskBand::High => S::BandHigh,
    }
}

/// Sex. Swedish from the model's table where the model words it.
pub fn sex(v: Sex) -> S {
    match v {
        Sex::Female => S::SexFemale,
        Sex::Male => S::SexMale,
        Sex::Unknown => S::SexUnknown,
    }
}

/// ACVPU level. Swedish from the model's table where the model words it.
pub fn acvpu(v: Acvpu) -> S {
    match v {
        Acvpu::Alert => S::AcvpuAlert,
        Acvpu::Confusion => S::AcvpuConfusion,
        Acvpu::Voice => S::AcvpuVoice,
        Acvpu::Pain => S::AcvpuPain,
        Acvpu::Unresponsive => S::AcvpuUnresponsive,
    }
}

/// An intervention kind. Swedish from the model's table where the model words it.
pub fn intervention(v: &InterventionKind) -> S {
    match v {
        InterventionKind::Cpr => S::InterventionCpr,
        InterventionKind::Defibrillation => S::InterventionDefibrillation,
        InterventionKind::AirwayAdjunct => S::InterventionAirwayAdjunct,
        InterventionKind::Oxygen => S::InterventionOxygen,
        InterventionKind::PeripheralIv => S::InterventionPeripheralIv,
        InterventionKind::BleedingControl => S::InterventionBleedingControl,
        InterventionKind::Positioning => S::InterventionPositioning,
        InterventionKind::Other => S::InterventionOther,
    }
}

/// A drug route. Swedish from the model's table where the model words it.
pub fn route(v: Route) -> S {
    match v {
        Route::Iv => S::RouteIv,
        Route::Im => S::RouteIm,
        Route::Sc => S::RouteSc,
        Route::Oral => S::RouteOral,
        Route::Sublingual => S::RouteSublingual,
        Route::Inhalation => S::RouteInhalation,
        Route::Nasal => S::RouteNasal,
        Route::Rectal => S::RouteRectal,
        Route::Io => S::RouteIo,
    }
}

/// Whether the information matched. Swedish from the model's table where the model words it.
pub fn info_matched(v: InfoMatched) -> S {
    match v {
        InfoMatched::No => S::InfoMatchedNo,
        InfoMatched::Yes => S::InfoMatchedYes,
        InfoMatched::Well => S::InfoMatchedWell,
        InfoMatched::VeryWell => S::InfoMatchedVeryWell,
    }
}

/// A prevented visit. Swedish from the model's table where the model words it.
pub fn prevented_visit(v: PreventedVisit) -> S {
    match v {
        PreventedVisit::Emergency => S::PreventedEmergency,
        PreventedVisit::PrimaryCare => S::PreventedPrimaryCare,
        PreventedVisit::None => S::PreventedNone,
    }
}

/// Benefit to the patient. Swedish from the model's table where the model words it.
pub fn benefit(v: Benefit) -> S {
    match v {
        Benefit::None => S::BenefitNone,
        Benefit::Little => S::BenefitLittle,
        Benefit::Some => S::BenefitSome,
        Benefit::Good => S::BenefitGood,
        Benefit::VeryGood => S::BenefitVeryGood,
    }
}

/// The job's outcome on the form. Swedish from the model's table where the model words it.
pub fn outcome(v: Outcome) -> S {
    match v {
        Outcome::Done => S::OutcomeDone,
        Outcome::Declined => S::OutcomeDeclined,
        Outcome::Aborted => S::OutcomeAborted,
    }
}

/// When the IVPA nurse arrived relative to the ambulance. Swedish from the model's table where the model words it.
pub fn arrival(v: Arrival) -> S {
    match v {
        Arrival::Before => S::ArrivalBefore,
        Arrival::Same => S::ArrivalSame,
        Arrival::After => S::ArrivalAfter,
        Arrival::AfterRescue => S::ArrivalAfterRescue,
    }
}

/// Municipal nurse or ambulance. Swedish from the model's table where the model words it.
pub fn performer(v: PerformerKind) -> S {
    match v {
        PerformerKind::Municipal => S::PerformerMunicipal,
        PerformerKind::Ambulance => S::PerformerAmbulance,
    }
}

/// A training-plan item's name. Swedish from the model's table where the model words it.
pub fn training_item(v: TrainingItem) -> S {
    match v {
        TrainingItem::CoachIntroduction => S::TrainingCoachIntroduction,
        TrainingItem::SHlrAdult => S::TrainingSHlrAdult,
        TrainingItem::SHlrChild => S::TrainingSHlrChild,
        TrainingItem::GuidelineCourse => S::TrainingGuidelineCourse,
        TrainingItem::QualityTest => S::TrainingQualityTest,
        TrainingItem::Amls => S::TrainingAmls,
        TrainingItem::ScenarioExercise => S::TrainingScenarioExercise,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::EnumCount;

    #[test]
    fn every_text_has_both_languages() {
        // An empty string would show as a blank button.
        for lang in [Language::Sv, Language::En] {
            let words = words(lang);
            assert_eq!(words.len(), S::COUNT);
            for (s, w) in S::iter().zip(&words) {
                assert!(!w.trim().is_empty(), "{s:?} is empty in {lang:?}");
            }
        }
        assert_eq!(text(Language::Sv, S::OnCall), "I jour");
        assert_eq!(text(Language::En, S::OnCall), "On call");
    }

    #[test]
    fn a_key_is_its_index_in_the_list_sent() {
        // The UI looks a text up as `words[s as usize]`.
        for (i, s) in S::iter().enumerate() {
            assert_eq!(s as usize, i);
        }
        let sv = words(Language::Sv);
        assert_eq!(sv[S::Submit as usize], text(Language::Sv, S::Submit));
    }
}
