//! The annual report and the operative group's quarterly figures as a document: the report's
//! sections computed from the region's statistics (the same cells as the dashboard and the
//! API), laid out as an A4 HTML page with SVG charts ([`html`]) and printed to PDF by headless
//! Chromium ([`pdf`]). `samverka-region report --year 2025 --out report.pdf` and the dashboard's
//! report button both end here.
//!
//! Why Chromium: the dashboard is already HTML and SVG (maud, plotters), so the report is the
//! same markup with a print stylesheet, and the browser that the dashboard's tests drive prints
//! it with real text (selectable, searchable, read back by `pdftotext`). A typesetting crate
//! would mean laying out every table a second time by hand.

pub mod html;
pub mod pdf;

use crate::published::Published;
use crate::storage::{Storage, StorageError};
use samverka_model::Timestamp;
use samverka_model::stats::{Filter, Report, same_period};
use std::path::PathBuf;

/// Which report: a whole year, or the year so far up to the end of a quarter (the operative
/// group's "januari–mars 2026", compared with the same months of the two years before).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportSpec {
    /// The year.
    pub year: i32,
    /// `Some(1..=4)`: January to the end of that quarter.
    pub quarter: Option<u8>,
}

/// A report that cannot be made as asked.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// A year or quarter out of range.
    #[error("{0}")]
    Invalid(String),
    /// The statistics could not be read.
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// The first and last years a report may be asked for: the statistics start in 2010, and a
/// four-digit year keeps every date `YYYY-MM-DD`.
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2999;

/// Swedish month names, for the period's title.
const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];

impl ReportSpec {
    /// Checks the year and quarter.
    pub fn new(year: i32, quarter: Option<u8>) -> Result<Self, ReportError> {
        if !YEARS.contains(&year) {
            return Err(ReportError::Invalid(format!(
                "year {year}: give a year {}–{}",
                YEARS.start(),
                YEARS.end()
            )));
        }
        if quarter.is_some_and(|q| !(1..=4).contains(&q)) {
            return Err(ReportError::Invalid(
                "quarter: give 1, 2, 3 or 4 (January to the end of that quarter)".to_owned(),
            ));
        }
        Ok(Self { year, quarter })
    }

    /// The period's month-days: from `01-01` up to (not including) the month after the last.
    fn month_days(self) -> (&'static str, &'static str) {
        match self.quarter {
            Some(1) => ("01-01", "04-01"),
            Some(2) => ("01-01", "07-01"),
            Some(3) => ("01-01", "10-01"),
            _ => ("01-01", "01-01"),
        }
    }

    /// The period in `year`: `[from, to)`.
    pub fn period_in(self, year: i32) -> (String, String) {
        let (from, to) = self.month_days();
        same_period(year, from, to).unwrap_or_else(|| {
            (
                format!("{year:04}-01-01"),
                format!("{:04}-01-01", year.saturating_add(1)),
            )
        })
    }

    /// The months the report covers, in words: "januari–mars", or "helår".
    pub fn months(self) -> String {
        match self.quarter {
            Some(q) => format!("januari–{}", MONTHS[usize::from(q) * 3 - 1]),
            None => "helår".to_owned(),
        }
    }

    /// The document's title.
    pub fn title(self) -> String {
        match self.quarter {
            Some(_) => format!("Samverkansuppdrag {} {}", self.months(), self.year),
            None => format!("Statistik {}", self.year),
        }
    }

    /// A file name for the PDF: `samverka-arsrapport-2025.pdf`, `samverka-kvartal-2026-1.pdf`.
    pub fn file_name(self) -> String {
        match self.quarter {
            Some(q) => format!("samverka-kvartal-{}-{q}.pdf", self.year),
            None => format!("samverka-arsrapport-{}.pdf", self.year),
        }
    }
}

/// Everything a report shows.
#[derive(Debug, Clone)]
pub struct ReportData {
    /// Which report.
    pub spec: ReportSpec,
    /// The period.
    pub this: Report,
    /// The same period the year before.
    pub last: Report,
    /// The years the development chart and the quarter's tables show, oldest first: the whole
    /// years up to the report's (eight of them) for the annual report, the same months of the
    /// report's year and the two before for a quarter.
    pub years: Vec<(i32, Report)>,
    /// The form's lists and the municipalities, for labels.
    pub published: Published,
    /// When it was made.
    pub made_at: Timestamp,
}

impl ReportData {
    /// `[from, to)` of the report's period.
    pub fn period(&self) -> (String, String) {
        self.spec.period_in(self.spec.year)
    }
}

/// Counts the report's figures from the region's statistics.
pub async fn gather(
    storage: &dyn Storage,
    spec: ReportSpec,
    published: Published,
    made_at: Timestamp,
) -> Result<ReportData, ReportError> {
    let report_of = |year: i32, whole_year: bool| {
        let (from, to) = if whole_year {
            (format!("{year:04}-01-01"), format!("{:04}-01-01", year + 1))
        } else {
            spec.period_in(year)
        };
        Filter {
            from: Some(from),
            to: Some(to),
            ..Filter::default()
        }
    };
    let fetch = |filter: Filter| async move {
        let cells = storage.stats(&filter).await?;
        Ok::<_, StorageError>(Report { filter, cells })
    };
    let this = fetch(report_of(spec.year, false)).await?;
    let last = fetch(report_of(spec.year - 1, false)).await?;
    let mut years = Vec::new();
    let span = if spec.quarter.is_some() { 2 } else { 7 };
    for year in (spec.year - span)..=spec.year {
        let report = if year == spec.year {
            this.clone()
        } else if year == spec.year - 1 {
            last.clone()
        } else {
            fetch(report_of(year, spec.quarter.is_none())).await?
        };
        years.push((year, report));
    }
    Ok(ReportData {
        spec,
        this,
        last,
        years,
        published,
        made_at,
    })
}

/// `samverka-region report`: the annual report, or the year so far to a quarter's end.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// The report's year.
    #[arg(long)]
    pub year: i32,
    /// January to the end of this quarter (1–4) instead of the whole year: the operative
    /// group's figures, beside the same months of the two years before.
    #[arg(long)]
    pub quarter: Option<u8>,
    /// The PDF to write (printed by headless Chromium).
    #[arg(long, required_unless_present = "html")]
    pub out: Option<PathBuf>,
    /// Also (or only) write the report as one HTML page, which needs no browser.
    #[arg(long)]
    pub html: Option<PathBuf>,
}

/// Makes the report `args` ask for; says what was written.
pub async fn run(storage: &dyn Storage, args: &ReportArgs) -> anyhow::Result<String> {
    use anyhow::Context;
    let spec = ReportSpec::new(args.year, args.quarter)?;
    let published = crate::published::load(storage).await?;
    let data = gather(storage, spec, published, crate::now()).await?;
    let page = html::page(&data, html::Styles::Inline).into_string();
    let mut written = Vec::new();
    if let Some(path) = &args.html {
        std::fs::write(path, &page).with_context(|| format!("writing {}", path.display()))?;
        written.push(path.display().to_string());
    }
    if let Some(path) = &args.out {
        let out = path.clone();
        tokio::task::spawn_blocking(move || pdf::print(&page, &out))
            .await
            .context("printing the report")??;
        written.push(path.display().to_string());
    }
    let jobs = data
        .this
        .done_including_aborted(samverka_model::stats::Dim::Total, None, None);
    Ok(format!(
        "wrote {} ({}: {jobs} jobs carried out)",
        written.join(" and "),
        spec.title()
    ))
}
