//! Printing the report's HTML to PDF with headless Chromium (`--print-to-pdf`): the page's own
//! `@page` rules give A4 and its margins, the browser lays out the tables and SVG charts as the
//! dashboard shows them, and the text stays text.
//!
//! The page is the region's own markup (every value escaped by maud), loaded from a file with a
//! content security policy that allows no script and no network; Chromium runs with a fresh
//! profile that is removed afterwards, and is stopped if it takes longer than [`TIMEOUT`].

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The browsers tried, in order, when `SAMVERKA_CHROMIUM` names none: Debian's and Ubuntu's
/// Chromium, then Google Chrome.
pub const CANDIDATES: [&str; 4] = [
    "chromium",
    "chromium-browser",
    "google-chrome-stable",
    "google-chrome",
];

/// The environment variable that names the browser to print with (a name on `PATH` or a
/// path).
pub const CHROMIUM_ENV: &str = "SAMVERKA_CHROMIUM";

/// How long one print may take.
pub const TIMEOUT: Duration = Duration::from_secs(120);

/// Why no PDF was made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// No browser to print with.
    #[error(
        "Chromium is not installed (looked for {tried}): the report is printed to PDF by headless Chromium. Install it (Debian: apt-get install chromium), name another with {CHROMIUM_ENV}=/path/to/chrome, or write the report as HTML with --html"
    )]
    ChromiumMissing {
        /// What was looked for.
        tried: String,
    },
    /// Chromium ran but made no PDF.
    #[error("Chromium ({browser}) did not print the report: {detail}")]
    Failed {
        /// The browser.
        browser: String,
        /// Its exit and last words.
        detail: String,
    },
    /// A file could not be written or read.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// The browser to print with: `SAMVERKA_CHROMIUM`, else the first of [`CANDIDATES`] on `PATH`.
pub fn find_chromium() -> Result<PathBuf, PdfError> {
    if let Some(named) = std::env::var_os(CHROMIUM_ENV).filter(|v| !v.is_empty()) {
        let named = PathBuf::from(named);
        return on_path(&named).ok_or_else(|| PdfError::ChromiumMissing {
            tried: format!("{CHROMIUM_ENV}={}", named.display()),
        });
    }
    CANDIDATES
        .iter()
        .find_map(|c| on_path(Path::new(c)))
        .ok_or_else(|| PdfError::ChromiumMissing {
            tried: CANDIDATES.join(", "),
        })
}

/// `name` itself if it is a path to a file, else the first file of that name on `PATH`.
fn on_path(name: &Path) -> Option<PathBuf> {
    if name.components().count() > 1 {
        return name.is_file().then(|| name.to_owned());
    }
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// A scratch directory removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> std::io::Result<Self> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let dir =
            std::env::temp_dir().join(format!("samverka-report-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        Ok(Self(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Prints `html` (a whole, self-contained page) to the PDF file `out`.
pub fn print(html: &str, out: &Path) -> Result<(), PdfError> {
    let browser = find_chromium()?;
    let scratch = Scratch::new()?;
    let page = scratch.0.join("report.html");
    let printed = scratch.0.join("report.pdf");
    std::fs::write(&page, html)?;
    // Its log to a file, not a pipe: a chatty browser must never block on a full pipe.
    let log = scratch.0.join("chromium.log");
    let mut child = Command::new(&browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--no-first-run",
            "--no-pdf-header-footer",
            "--run-all-compositor-stages-before-draw",
        ])
        .arg(format!(
            "--user-data-dir={}",
            scratch.0.join("profile").display()
        ))
        .arg(format!("--print-to-pdf={}", printed.display()))
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log)?)
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => PdfError::ChromiumMissing {
                tried: browser.display().to_string(),
            },
            _ => PdfError::Io(e),
        })?;
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(PdfError::Failed {
                browser: browser.display().to_string(),
                detail: format!("stopped after {} s", TIMEOUT.as_secs()),
            });
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let stderr = std::fs::read_to_string(&log).unwrap_or_default();
    let made = std::fs::read(&printed).unwrap_or_default();
    if !status.success() || !made.starts_with(b"%PDF") {
        let last: Vec<&str> = stderr.lines().rev().take(3).collect();
        return Err(PdfError::Failed {
            browser: browser.display().to_string(),
            detail: format!("{status}; {}", last.join(" / ")),
        });
    }
    std::fs::write(out, made)?;
    Ok(())
}
