//! The region's content: treatment guidelines, quick references (lathundar), contacts, units and
//! municipalities, and the search synonyms. The region publishes it as one immutable, numbered
//! [`PublishedContent`]; phones keep the last complete one and search it offline.
//!
//! Nothing regional is an enum here: units and municipalities are codes from the content itself.

use crate::ids::{MunicipalityId, UnitId};
use crate::timestamp::Timestamp;
use serde::{Deserialize, Serialize};

/// What one document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocKind {
    /// A chapter of the treatment guidelines (behandlingsriktlinjer).
    Guideline,
    /// A one-page quick reference (lathund).
    Quickref,
}
crate::keyed!(DocKind {
    Guideline = "guideline",
    Quickref = "quickref",
});

/// Who a document is written for. The guideline browser's adult/child switch shows the chosen
/// audience and `All`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Audience {
    /// Adults.
    Adult,
    /// Children 0–17 years.
    Child,
    /// Everyone (most quick references).
    All,
}
crate::keyed!(Audience {
    Adult = "adult",
    Child = "child",
    All = "all",
});

impl Audience {
    /// Whether a document for `self` belongs in a list filtered to `wanted`.
    pub fn shown_for(self, wanted: Audience) -> bool {
        self == Audience::All || wanted == Audience::All || self == wanted
    }
}

/// One guideline chapter or quick reference. The body is Markdown; links to other documents
/// are written `doc:<id>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// Stable id, also the file name (`<id>.md`).
    pub id: String,
    /// Title as shown.
    pub title: String,
    /// Guideline or quick reference.
    pub kind: DocKind,
    /// Adult, child or all.
    pub audience: Audience,
    /// The guideline chapter ("1"…, "B" for the children's chapter); none for quick references.
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub chapter: Option<String>,
    /// The document's own version, as its owner numbers it ("2025.1").
    pub version: String,
    /// The first day it applies, `YYYY-MM-DD`.
    pub valid_from: String,
    /// Who owns and approves it.
    pub owner: String,
    /// Written as an example for Samverka, not approved by a care provider: the app says so.
    pub sample: bool,
    /// Markdown.
    pub body: String,
}

/// A phone number to call, with when and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    /// Stable id.
    pub id: String,
    /// Who answers ("MÄVA intagssjuksköterska").
    pub name: String,
    /// What they are called for.
    pub role: String,
    /// As dialled, e.g. `031-390 06 10`; [`dial_uri`] makes the `tel:` link.
    pub phone: String,
    /// When they answer.
    pub hours: String,
    /// The unit it belongs to, if any.
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub unit: Option<UnitId>,
    /// The municipality it serves, if any.
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub municipality: Option<MunicipalityId>,
}

/// Whether IVPA is run in a municipality.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IvpaService {
    /// All IVPA alarms.
    Full,
    /// Not run (short distance to hospital).
    None,
    /// A limited form: cardiac arrest only.
    CardiacArrestOnly,
}
crate::keyed!(IvpaService {
    Full = "full",
    None = "none",
    CardiacArrestOnly = "cardiac_arrest_only",
});

/// A point in WGS84 decimal degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GeoPoint {
    /// Latitude, −90…90.
    pub lat: f64,
    /// Longitude, −180…180.
    pub lon: f64,
}

/// A municipality the region's units work in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Municipality {
    /// Code, e.g. `orust`.
    pub id: MunicipalityId,
    /// Name as shown.
    pub name: String,
    /// Whether IVPA is run there.
    pub ivpa: IvpaService,
    /// A reference point (the main town's centre), for placing a position offline.
    pub reference: GeoPoint,
}

/// What sort of unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnitKind {
    /// Municipal primary care / home health care.
    Municipal,
    /// Ambulance service.
    Ambulance,
    /// A hospital ward (MÄVA).
    Hospital,
    /// Health centre or out-of-hours centre (VC/JC).
    PrimaryCare,
    /// Anything else (mobile teams …).
    Other,
}
crate::keyed!(UnitKind {
    Municipal = "municipal",
    Ambulance = "ambulance",
    Hospital = "hospital",
    PrimaryCare = "primary_care",
    Other = "other",
});

/// A unit of the region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitInfo {
    /// Code, e.g. `orust-hsv`.
    pub id: UnitId,
    /// Name as shown.
    pub name: String,
    /// What sort of unit.
    pub kind: UnitKind,
    /// Where it is.
    pub municipality: MunicipalityId,
}

/// Everything the region publishes in one go.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContentBundle {
    /// Guidelines and quick references.
    pub documents: Vec<Document>,
    /// Phone numbers.
    pub contacts: Vec<Contact>,
    /// Municipalities.
    pub municipalities: Vec<Municipality>,
    /// Units.
    pub units: Vec<UnitInfo>,
    /// Groups of words that mean the same to a nurse searching (`hjärtstopp`, `hlr` …).
    pub synonyms: Vec<Vec<String>>,
    /// Whether any of it is example content (the app shows an "exempelinnehåll" banner).
    pub sample: bool,
    /// The quality test's question banks, one per guideline chapter.
    #[serde(default)]
    pub question_banks: Vec<crate::coach::QuestionBank>,
    /// Practice scenarios for the coaches' corner.
    #[serde(default)]
    pub scenarios: Vec<crate::coach::Scenario>,
    /// Every version of the statistics form's lists (problems, actions, requesters), oldest
    /// first: a job is asked and labelled with the version in force on its day, so the bundle
    /// keeps the earlier years' lists too.
    #[serde(default)]
    pub form_lists: Vec<crate::form::FormOptions>,
}

impl ContentBundle {
    /// The form's lists, every version.
    pub fn form_lists(&self) -> crate::form::FormLists {
        crate::form::FormLists::new(self.form_lists.clone())
    }
}

/// A bundle as published: numbered by the region, never changed afterwards.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublishedContent {
    /// 1, 2, … in publishing order.
    pub version: u64,
    /// When it was published.
    pub published_at: Timestamp,
    /// The content.
    pub bundle: ContentBundle,
}

/// The header that carries the SHA-256 (hex) of a content answer's body, so a phone can tell a
/// complete bundle from a cut-off one before it replaces what it has.
pub const DIGEST_HEADER: &str = "x-samverka-sha256";

/// A `tel:` URI for a phone number as written in the contacts (`031-390 06 10` →
/// `tel:0313900610`, `+46 31 …` keeps its plus).
pub fn dial_uri(phone: &str) -> String {
    let digits: String = phone
        .chars()
        .enumerate()
        .filter(|&(i, c)| c.is_ascii_digit() || (i == 0 && c == '+'))
        .map(|(_, c)| c)
        .collect();
    format!("tel:{digits}")
}

/// What tapping a contact did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dialled {
    /// The `tel:` URI handed to the phone.
    pub uri: String,
    /// The number as written, to dial by hand if needed.
    pub phone: String,
    /// Whether the platform's dialler took it.
    pub handed_over: bool,
}

/// A search hit, best first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchHit {
    /// The document's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Guideline or quick reference.
    pub kind: DocKind,
    /// Its audience.
    pub audience: Audience,
    /// Its chapter, if any.
    pub chapter: Option<String>,
    /// A few words around the match; the matched words are wrapped in
    /// [`MARK_START`]/[`MARK_END`].
    pub snippet: String,
}

/// Opens a highlighted word in [`SearchHit::snippet`].
pub const MARK_START: char = '\u{2}';
/// Closes a highlighted word in [`SearchHit::snippet`].
pub const MARK_END: char = '\u{3}';

/// A document as the app shows it: the Markdown rendered to HTML by the device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentPage {
    /// Everything but the body.
    pub id: String,
    /// Title.
    pub title: String,
    /// Guideline or quick reference.
    pub kind: DocKind,
    /// Audience.
    pub audience: Audience,
    /// Chapter.
    pub chapter: Option<String>,
    /// The document's own version.
    pub version: String,
    /// First day it applies.
    pub valid_from: String,
    /// Owner.
    pub owner: String,
    /// Example content.
    pub sample: bool,
    /// The body as HTML (no raw HTML from the source; `doc:` links as `#doc:<id>`).
    pub html: String,
}

/// A line of the guideline browser's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentSummary {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Guideline or quick reference.
    pub kind: DocKind,
    /// Audience.
    pub audience: Audience,
    /// Chapter.
    pub chapter: Option<String>,
}

/// Which content the phone holds, for the version line and the "new version" notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ContentStatus {
    /// The bundle's version; `None` before the first one arrived.
    pub version: Option<u64>,
    /// When the region published it.
    pub published_at: Option<Timestamp>,
    /// Whether it is example content.
    pub sample: bool,
    /// A version arrived that the nurse has not yet acknowledged.
    pub unseen: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dial_uris_keep_only_what_a_phone_dials() {
        assert_eq!(dial_uri("031-390 06 10"), "tel:0313900610");
        assert_eq!(dial_uri("+46 31 390 06 10"), "tel:+46313900610");
        assert_eq!(dial_uri("1177"), "tel:1177");
        assert_eq!(dial_uri("112 (nöd)"), "tel:112");
    }

    #[test]
    fn the_switch_shows_its_audience_and_everyone() {
        assert!(Audience::All.shown_for(Audience::Child));
        assert!(Audience::Adult.shown_for(Audience::Adult));
        assert!(!Audience::Adult.shown_for(Audience::Child));
        assert!(Audience::Child.shown_for(Audience::All));
    }
}
