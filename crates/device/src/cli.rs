//! `samverka-device`: the device core from a terminal, for developers and testers (and for
//! scripting a phone against a local region). Uses the same store and sync client the app
//! uses. A module of the library, so the system tests run the real command line as a binary
//! of their own.

use crate::sync::{self, Batches, ClientOptions, SyncClient};
use crate::{DatabaseKey, Store, now};
use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use samverka_model::{JobId, JobType, MunicipalityId, Timestamp};
use std::path::PathBuf;
use std::sync::Mutex;

/// A phone's store and sync, from the command line.
#[derive(Parser)]
#[command(name = "samverka-device", version, about)]
struct Cli {
    /// The device database.
    #[arg(long, env = "SAMVERKA_DEVICE_DB", default_value = "samverka-device.db")]
    db: PathBuf,
    /// The database key, 64 hex digits (`openssl rand -hex 32` for a new database). Taken from
    /// the environment only, so it shows in no process list; the app keeps its key in the
    /// platform keystore instead.
    #[arg(skip = std::env::var("SAMVERKA_DEVICE_KEY").unwrap_or_default())]
    key: String,
    /// The region's certificate (PEM) to trust besides the public roots, for a region with a
    /// self-signed certificate (`samverka-region tls-cert`). Used for enrolling and syncing.
    #[arg(long, value_name = "PEM", env = sync::REGION_CA_ENV)]
    region_ca: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Enrol with a region using a one-time code.
    Enroll {
        /// The region, e.g. https://127.0.0.1:8080 (with --region-ca for its certificate).
        region: String,
        /// The code the coach or admin gave.
        code: String,
    },
    /// Document a sample IVPA callout (practice data: flagged as practice).
    Demo {
        /// How many taps after creating the job.
        #[arg(long, default_value_t = 20)]
        taps: u64,
    },
    /// Sync once now.
    Sync,
    /// Show the sync state: enrolled, waiting entries, last synced.
    Status,
    /// List open jobs with their ids.
    Jobs,
    /// Export a job for the journal system: Swedish text, an HL7 FHIR R4 document bundle
    /// (JSON), or the handover sheet as an HTML page to print on A4.
    Export {
        /// The job's id (as `jobs` lists it).
        job: String,
        /// text, fhir or sheet.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Write to this file instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

/// The three forms of a job's export.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// The record and SBAR as Swedish text, to paste into the journal.
    Text,
    /// An HL7 FHIR R4 document Bundle, pretty JSON.
    Fhir,
    /// The handover sheet, a whole HTML page with the app's print stylesheet (A4).
    Sheet,
}

/// Runs the command line with the process's arguments; errors are printed, not panicked.
pub fn main() -> std::process::ExitCode {
    match run(Cli::parse()) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("samverka-device: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    let key = DatabaseKey::from_hex(&cli.key)
        .context("set SAMVERKA_DEVICE_KEY to the database's key (64 hex digits)")?;
    let store =
        Store::open(&cli.db, &key).with_context(|| format!("opening {}", cli.db.display()))?;
    let store = Mutex::new(store);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let options = match &cli.region_ca {
        Some(pem) => ClientOptions::default().trusting_pem_file(pem)?,
        None => ClientOptions::default(),
    };
    let lock = || {
        store
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    };
    match cli.command {
        Command::Enroll { region, code } => {
            let e = rt.block_on(sync::enroll_with(&store, &region, &code, &options))?;
            println!(
                "enrolled as {} in unit {} at {}",
                e.user, e.unit, e.region_url
            );
        }
        Command::Demo { taps } => {
            let mut s = lock();
            // Written by the enrolled nurse (the region refuses entries written as anyone
            // else), and ending now (it refuses stamps too far ahead of its clock).
            let (unit, nurse) = s
                .enrollment()?
                .map(|e| (e.unit, e.user))
                .context("enrol first: jobs belong to the device's unit")?;
            let start = Timestamp(now().millis() - i64::try_from(taps).unwrap_or(0) * 30_000);
            let mut header = samverka_model::sample::header(
                JobType::Ivpa,
                &unit,
                &MunicipalityId::new("exempel"),
                start,
            );
            header.practice = true;
            let job = s.create_job(&nurse, header, start)?.job;
            for k in 1..=taps {
                let at = Timestamp(start.millis() + i64::try_from(k).unwrap_or(0) * 30_000);
                s.record(&nurse, job, samverka_model::sample::tap(k, at), at)?;
            }
            println!("practice job {job} with {taps} taps");
        }
        Command::Sync => {
            let region = lock().enrollment()?.context("not enrolled")?.region_url;
            let client = SyncClient::new(&region, &options)?;
            let r = rt.block_on(sync::sync_once(&store, &client, Batches::default()))?;
            println!("pushed {}, pulled {}", r.pushed, r.pulled);
        }
        Command::Status => {
            let s = lock().sync_status()?;
            let last = s.last_synced_at.map_or("never".to_owned(), |t| {
                t.hhmm(samverka_model::timestamp::Zone::Sweden)
            });
            println!(
                "enrolled: {}, {} waiting, last synced: {last}{}",
                s.enrolled,
                s.pending,
                s.last_error
                    .map(|e| format!(", last error: {e}"))
                    .unwrap_or_default()
            );
        }
        Command::Export { job, format, out } => {
            let id = job
                .parse::<JobId>()
                .with_context(|| format!("{job} is not a job id (see `samverka-device jobs`)"))?;
            let export = lock()
                .export_job(id, now())?
                .with_context(|| format!("this phone has no job {job}"))?;
            let body = match format {
                Format::Text => export.text,
                Format::Fhir => export.fhir + "\n",
                Format::Sheet => crate::export::sheet_page(&export.sheet),
            };
            match out {
                Some(path) => std::fs::write(&path, body)
                    .with_context(|| format!("writing {}", path.display()))?,
                None => {
                    use std::io::Write;
                    std::io::stdout().lock().write_all(body.as_bytes())?;
                }
            }
        }
        Command::Jobs => {
            for j in lock().open_jobs()? {
                println!(
                    "{}  {:?}  {:?}{}  {}",
                    j.id,
                    j.job_type,
                    j.status,
                    if j.practice { " (övning)" } else { "" },
                    j.chief_complaint.unwrap_or_default()
                );
            }
        }
    }
    Ok(())
}
