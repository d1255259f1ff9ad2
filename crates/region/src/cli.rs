//! The `samverka-region` command line.

use crate::api;
use crate::storage::{self, Role, SharedStorage, Staff, Unit};
use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use samverka_model::content::ContentBundle;
use samverka_model::{DeviceId, MunicipalityId, Timestamp, UnitId, UserId};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Samverka's regional backend.
#[derive(Parser)]
#[command(name = "samverka-region", version, about)]
struct Cli {
    /// The store: `postgres://user@host/db` (production) or `sqlite://PATH` (local).
    #[arg(
        long,
        env = "SAMVERKA_REGION_DB",
        default_value = "sqlite://samverka-region.db",
        global = true
    )]
    db: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Migrate, then serve API v1.
    Serve {
        /// Address to listen on.
        #[arg(long, env = "SAMVERKA_REGION_LISTEN", default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
    },
    /// Bring the schema up to date and exit.
    Migrate,
    /// Issue a one-time enrolment code for a user of a unit.
    Enroll {
        /// The unit the device will belong to.
        #[arg(long)]
        unit: String,
        /// The nurse the device is for.
        #[arg(long)]
        user: String,
        /// Minutes until the code expires.
        #[arg(long, default_value_t = 60)]
        valid_minutes: u32,
    },
    /// Manage units.
    Units {
        #[command(subcommand)]
        command: UnitsCommand,
    },
    /// Manage devices.
    Devices {
        #[command(subcommand)]
        command: DevicesCommand,
    },
    /// Publish the region's content (guidelines, quick references, contacts, units).
    Content {
        #[command(subcommand)]
        command: ContentCommand,
    },
    /// The statistics.
    Stats {
        #[command(subcommand)]
        command: StatsCommand,
    },
    /// Dashboard users (coaches and admins).
    Staff {
        #[command(subcommand)]
        command: StaffCommand,
    },
}

#[derive(Subcommand)]
enum StatsCommand {
    /// Import historical statistics forms from a CSV file (the columns are listed in the
    /// README's statistics section). Every bad line is reported with its number, and nothing
    /// is imported while any line is bad.
    Import {
        /// The CSV file.
        file: PathBuf,
    },
}

#[derive(Subcommand)]
enum StaffCommand {
    /// Add a dashboard user, or change one's role and password. The password is read from
    /// standard input (one line), never from the command line.
    Add {
        /// Login name.
        #[arg(long)]
        name: String,
        /// `coach` or `admin`.
        #[arg(long)]
        role: String,
    },
}

#[derive(Subcommand)]
enum ContentCommand {
    /// Validate a content directory and publish it as the next version; phones pull it at
    /// their next sync. Nothing is published while anything is wrong.
    Publish {
        /// The content directory (see content/README.md).
        dir: PathBuf,
    },
    /// Validate a content directory without publishing it.
    Check {
        /// The content directory.
        dir: PathBuf,
    },
}

#[derive(Subcommand)]
enum UnitsCommand {
    /// Add a unit, or rename it.
    Add {
        /// Its code, e.g. `orust-hsv`.
        #[arg(long)]
        id: String,
        /// Its name.
        #[arg(long)]
        name: String,
        /// Its municipality code.
        #[arg(long)]
        municipality: Option<String>,
    },
    /// List the units.
    List,
}

#[derive(Subcommand)]
enum DevicesCommand {
    /// Revoke a device's token (a lost phone): its next request gets 401.
    Revoke {
        /// The device id.
        device: String,
    },
}

/// Runs the command line; errors are printed, not panicked.
pub fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("samverka-region: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("samverka-region: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn open(db: &str) -> Result<SharedStorage> {
    let storage = storage::open(db)
        .await
        .with_context(|| format!("opening {db}"))?;
    storage.migrate().await.context("migrating the schema")?;
    Ok(storage)
}

/// Reads and validates `dir`, printing every problem as `path:line: message`.
fn load_content(dir: &Path) -> Result<ContentBundle> {
    samverka_content::load_dir(dir).map_err(|problems| {
        for p in &problems.0 {
            eprintln!("{}:{}: {}", dir.join(&p.file).display(), p.line, p.message);
        }
        anyhow::anyhow!(
            "{} problem(s) in {}; nothing was published",
            problems.0.len(),
            dir.display()
        )
    })
}

fn check_content(dir: &Path) -> Result<()> {
    let bundle = load_content(dir)?;
    println!(
        "{}: {} documents, {} contacts, {} units; ok",
        dir.display(),
        bundle.documents.len(),
        bundle.contacts.len(),
        bundle.units.len()
    );
    Ok(())
}

async fn run(cli: Cli) -> Result<()> {
    // Checking content needs no database.
    if let Command::Content {
        command: ContentCommand::Check { dir },
    } = &cli.command
    {
        return check_content(dir);
    }
    let storage = open(&cli.db).await?;
    match cli.command {
        Command::Migrate => println!("schema up to date ({})", storage.kind()),
        Command::Serve { listen } => serve(storage, listen).await?,
        Command::Enroll {
            unit,
            user,
            valid_minutes,
        } => {
            let code = api::new_enrolment_code();
            let now = crate::now();
            let expires = Timestamp(now.millis() + i64::from(valid_minutes) * 60_000);
            storage
                .add_enrolment(
                    &api::hash_secret(&api::normalise_code(&code)),
                    &UnitId::new(&unit),
                    &UserId::new(&user),
                    now,
                    expires,
                )
                .await
                .with_context(|| format!("issuing a code for unit {unit}"))?;
            println!("{code}");
            eprintln!(
                "one-time enrolment code for {user} in {unit}, valid {valid_minutes} minutes"
            );
        }
        Command::Units {
            command:
                UnitsCommand::Add {
                    id,
                    name,
                    municipality,
                },
        } => {
            if id.trim().is_empty() || name.trim().is_empty() {
                bail!("a unit needs a non-empty --id and --name");
            }
            storage
                .put_unit(&Unit {
                    id: UnitId::new(id.trim()),
                    name,
                    municipality: municipality.map(MunicipalityId::new),
                })
                .await?;
        }
        Command::Units {
            command: UnitsCommand::List,
        } => {
            for u in storage.units().await? {
                println!(
                    "{}\t{}\t{}",
                    u.id,
                    u.name,
                    u.municipality.map(|m| m.0).unwrap_or_default()
                );
            }
        }
        Command::Devices {
            command: DevicesCommand::Revoke { device },
        } => {
            let id: DeviceId = device
                .parse()
                .with_context(|| format!("{device:?} is not a device id"))?;
            if !storage.revoke_device(id, crate::now()).await? {
                bail!("no active device {device}");
            }
            println!("revoked {device}");
        }
        Command::Content {
            command: ContentCommand::Publish { dir },
        } => {
            let bundle = load_content(&dir)?;
            let p = storage.publish_content(&bundle, crate::now()).await?;
            // The units the content names are the ones codes can be issued for.
            for u in &bundle.units {
                storage
                    .put_unit(&Unit {
                        id: u.id.clone(),
                        name: u.name.clone(),
                        municipality: Some(u.municipality.clone()),
                    })
                    .await?;
            }
            if p.new {
                println!(
                    "published content version {} ({} documents, {} contacts, {} units{})",
                    p.version,
                    bundle.documents.len(),
                    bundle.contacts.len(),
                    bundle.units.len(),
                    if bundle.sample {
                        ", example content"
                    } else {
                        ""
                    }
                );
            } else {
                println!("unchanged: content version {} is already this", p.version);
            }
        }
        Command::Content {
            command: ContentCommand::Check { dir },
        } => check_content(&dir)?,
        Command::Stats {
            command: StatsCommand::Import { file },
        } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("reading {}", file.display()))?;
            let rows = crate::stats_import::read(&text).map_err(|bad| {
                for b in &bad {
                    eprintln!("{}:{}: {}", file.display(), b.line, b.message);
                }
                anyhow::anyhow!(
                    "{} bad line(s) in {}; nothing was imported",
                    bad.len(),
                    file.display()
                )
            })?;
            let n = storage
                .import_stats(&rows)
                .await
                .with_context(|| format!("{}: nothing was imported", file.display()))?;
            println!("imported {n} forms from {}", file.display());
        }
        Command::Staff {
            command: StaffCommand::Add { name, role },
        } => {
            let role = Role::from_code(&role)
                .with_context(|| format!("role {role:?}: use coach or admin"))?;
            let name = name.trim().to_owned();
            if name.is_empty() {
                bail!("a dashboard user needs a non-empty --name");
            }
            let mut password = String::new();
            std::io::stdin()
                .read_line(&mut password)
                .context("reading the password from standard input")?;
            let password = password.trim_end_matches(['\r', '\n']);
            if password.chars().count() < api::staff::MIN_PASSWORD_LEN {
                bail!(
                    "the password must have at least {} characters",
                    api::staff::MIN_PASSWORD_LEN
                );
            }
            let password_hash = api::staff::hash_password(password)
                .map_err(|e| anyhow::anyhow!("hashing the password: {e}"))?;
            storage
                .put_staff(
                    &Staff {
                        name: name.clone(),
                        role,
                        password_hash,
                    },
                    crate::now(),
                )
                .await?;
            println!("{name} can sign in to the dashboard as {}", role.code());
        }
    }
    Ok(())
}

async fn serve(storage: SharedStorage, listen: SocketAddr) -> Result<()> {
    use axum::serve::ListenerExt;
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("binding {listen}"))?;
    let addr = listener.local_addr()?;
    // Without TCP_NODELAY a small answer written in two segments waits for the phone's delayed
    // ACK (up to 40 ms): the whole latency budget of a sync request.
    let listener = listener.tap_io(|tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::warn!(error = %e, "could not set TCP_NODELAY");
        }
    });
    tracing::info!(%addr, store = storage.kind(), "region serving API v1");
    println!("listening on http://{addr}");
    axum::serve(listener, api::router(storage))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
