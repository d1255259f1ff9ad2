//! The `samverka-region` command line.

use crate::api::{self, RouterOptions};
use crate::config::{ConfigFile, ServeArgs, Settings};
use crate::storage::{
    self, AuditQuery, AuditRecord, RequesterAccount, Role, SharedStorage, Staff, Unit,
};
use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use samverka_model::content::{ContentBundle, UnitKind};
use samverka_model::{DeviceId, MunicipalityId, Timestamp, UnitId, UserId};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Samverka's regional backend.
#[derive(Parser)]
#[command(name = "samverka-region", version, about)]
struct Cli {
    /// The store: `postgres://user@host/db` (production) or `sqlite://PATH` (local)
    /// [default: the file's `db`, else sqlite://samverka-region.db].
    #[arg(long, env = "SAMVERKA_REGION_DB", global = true)]
    db: Option<String>,
    /// A TOML file of settings: `db` and every `serve` flag as a key (`attempts_per_minute`
    /// for --attempts-per-minute); flags and their environment variables win over it.
    #[arg(long, env = "SAMVERKA_REGION_CONFIG", global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Migrate (unless --migrate-on-start false), then serve API v1, /health, /ready and
    /// /metrics: HTTPS only with --tls-cert and --tls-key, else plain HTTP (meant for loopback
    /// or behind a load balancer; a warning is printed for any other address).
    Serve(ServeArgs),
    /// Write a self-signed certificate (cert.pem) and its key (key.pem, mode 0600) for a local
    /// HTTPS region; phones trust it by pinning cert.pem as their root.
    TlsCert {
        /// Directory to write into (created if missing).
        #[arg(long)]
        out: PathBuf,
        /// The host name phones use, besides localhost, 127.0.0.1 and ::1.
        #[arg(long, default_value = "localhost")]
        host: String,
    },
    /// The audit log of reads of identifying data, newest first.
    Audit {
        /// Only this job's reads.
        #[arg(long, conflicts_with_all = ["requests", "request"])]
        job: Option<String>,
        /// The deliveries of health centres' requests to phones instead (their own log).
        #[arg(long)]
        requests: bool,
        /// Only this request's deliveries (implies --requests).
        #[arg(long)]
        request: Option<String>,
        /// At most this many records.
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// What restores from backup could not bring back (identity entries the phones had purged
    /// before they sent them again), newest first.
    RestoreLog {
        /// At most this many records.
        #[arg(long, default_value_t = 100)]
        limit: u32,
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
        /// The nurse's name as colleagues and journal exports show it ("Anna Berg"); replaces
        /// an earlier one (also `nurses name`).
        #[arg(long)]
        display_name: Option<String>,
    },
    /// A unit's nurses: their display names.
    Nurses {
        #[command(subcommand)]
        command: NursesCommand,
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
    /// The annual report (`--year 2025 --out report.pdf`) or the year so far to a quarter's
    /// end (`--quarter 1`), as a PDF printed by headless Chromium (or HTML with --html).
    Report(crate::report::ReportArgs),
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
        /// `coach`, `admin` or `requester` (a health centre's staff, who asks units for
        /// assistance jobs at /begaran).
        #[arg(long)]
        role: String,
        /// A coach's unit (required for coaches; admins are region-wide and have none).
        #[arg(long)]
        unit: Option<String>,
        /// A requester's health centre (VC/JC), as nurses will see it (requesters only).
        #[arg(long)]
        centre: Option<String>,
    },
}

#[derive(Subcommand)]
enum NursesCommand {
    /// Give a nurse of a unit her display name, or change it; phones show it at their next
    /// sync (hand-on lists, journal exports).
    Name {
        /// Her unit.
        #[arg(long)]
        unit: String,
        /// Her user id in the unit (as in `enroll --user`).
        #[arg(long)]
        user: String,
        /// Her name ("Anna Berg").
        #[arg(long)]
        display_name: String,
    },
    /// A unit's named nurses: user id and display name.
    List {
        /// The unit.
        #[arg(long)]
        unit: String,
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
        /// What sort of unit: `municipal` or `ambulance` (the units health centres may ask),
        /// `hospital`, `primary_care`, `other`.
        #[arg(long)]
        kind: Option<String>,
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
    let cli = Cli::parse();
    let file = match cli.config.as_deref().map(ConfigFile::read).transpose() {
        Ok(f) => f.unwrap_or_default(),
        Err(e) => {
            eprintln!("samverka-region: {e}");
            return ExitCode::FAILURE;
        }
    };
    // The server logs JSON unless told otherwise; commands at a terminal log text.
    crate::telemetry::init_logs(match &cli.command {
        Command::Serve(args) => crate::config::log_format_of(args, &file),
        _ => crate::telemetry::LogFormat::Text,
    });
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("samverka-region: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli, file)) {
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

async fn run(cli: Cli, file: ConfigFile) -> Result<()> {
    // Checking content and making a certificate need no database.
    if let Command::Content {
        command: ContentCommand::Check { dir },
    } = &cli.command
    {
        return check_content(dir);
    }
    if let Command::TlsCert { out, host } = &cli.command {
        let written = crate::tls::self_signed(out, host)?;
        println!(
            "wrote {} and {} (for {host}, localhost, 127.0.0.1 and ::1; valid {} days)",
            written.cert.display(),
            written.key.display(),
            crate::tls::SELF_SIGNED_DAYS
        );
        return Ok(());
    }
    if let Command::Serve(args) = cli.command {
        let settings = Settings::resolve(cli.db.as_deref(), args, file)?;
        return serve(settings).await;
    }
    let storage = open(&crate::config::db_of(cli.db.as_deref(), &file)).await?;
    match cli.command {
        Command::Migrate => println!("schema up to date ({})", storage.kind()),
        Command::Serve(_) => bail!("serve has already been handled"),
        Command::TlsCert { .. } => unreachable_without_db()?,
        Command::Audit {
            requests,
            request,
            limit,
            ..
        } if requests || request.is_some() => {
            let request = request
                .map(|r| {
                    r.parse()
                        .with_context(|| format!("{r:?} is not a request id"))
                })
                .transpose()?;
            let records = storage.request_audit(request, limit.max(1)).await?;
            print!("{}", request_audit_table(&records));
        }
        Command::Audit { job, limit, .. } => {
            let job = job
                .map(|j| j.parse().with_context(|| format!("{j:?} is not a job id")))
                .transpose()?;
            let records = storage
                .audit(&AuditQuery {
                    job,
                    since: None,
                    limit: limit.max(1),
                })
                .await?;
            print!("{}", audit_table(&records));
        }
        Command::RestoreLog { limit } => {
            let rows = storage.restore_log(limit.max(1)).await?;
            print!(
                "{}",
                tsv(
                    &["taken", "device", "seq", "unit", "job", "what"],
                    rows.into_iter().map(|r| vec![
                        swedish_time(r.logged_at),
                        r.device.to_string(),
                        r.seq.to_string(),
                        r.unit.as_str().to_owned(),
                        r.job.to_string(),
                        r.what,
                    ]),
                )
            );
        }
        Command::Enroll {
            unit,
            user,
            valid_minutes,
            display_name,
        } => {
            let now = crate::now();
            // Named first, so a refused name issues no code.
            if let Some(name) = display_name {
                name_nurse(&storage, &unit, &user, &name, now).await?;
            }
            let code = api::new_enrolment_code();
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
                    kind,
                },
        } => {
            if id.trim().is_empty() || name.trim().is_empty() {
                bail!("a unit needs a non-empty --id and --name");
            }
            // Checked before anything is stored, so a typo leaves no half-made unit.
            let kind = kind
                .map(|k| {
                    samverka_model::codes::from_code::<UnitKind>(k.trim()).with_context(|| {
                        format!(
                            "kind {k:?}: use municipal, ambulance, hospital, primary_care or other"
                        )
                    })
                })
                .transpose()?;
            let id = UnitId::new(id.trim());
            storage
                .put_unit(&Unit {
                    id: id.clone(),
                    name,
                    municipality: municipality.map(MunicipalityId::new),
                })
                .await?;
            if let Some(kind) = kind {
                storage.put_unit_kind(&id, kind).await?;
            }
        }
        Command::Nurses {
            command:
                NursesCommand::Name {
                    unit,
                    user,
                    display_name,
                },
        } => {
            name_nurse(&storage, &unit, &user, &display_name, crate::now()).await?;
            println!("{user} of {unit} is named {:?}", display_name.trim());
        }
        Command::Nurses {
            command: NursesCommand::List { unit },
        } => {
            for (nurse, name) in storage.nurse_names(&UnitId::new(unit.trim())).await? {
                println!("{nurse}\t{name}");
            }
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
                // Municipal or ambulance decides which requests a unit may take.
                storage.put_unit_kind(&u.id, u.kind).await?;
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
        Command::Report(args) => println!("{}", crate::report::run(&*storage, &args).await?),
        Command::Stats {
            command: StatsCommand::Import { file },
        } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("reading {}", file.display()))?;
            // Codes as the published content has them on each form's date.
            let content = crate::published::load(&*storage).await?.import_content();
            let rows = crate::stats_import::read(&text, &content).map_err(|bad| {
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
            command:
                StaffCommand::Add {
                    name,
                    role,
                    unit,
                    centre,
                },
        } => {
            let role = Role::from_code(&role)
                .filter(|r| *r != Role::Nurse)
                .with_context(|| format!("role {role:?}: use coach, admin or requester"))?;
            let name = name.trim().to_owned();
            if name.is_empty() {
                bail!("a dashboard user needs a non-empty --name");
            }
            if role == Role::Requester {
                return add_requester(&storage, name, unit, centre).await;
            }
            if centre.is_some() {
                bail!("--centre is for requesters (--role requester) only");
            }
            let unit = unit
                .map(|u| u.trim().to_owned())
                .filter(|u| !u.is_empty())
                .map(UnitId::new);
            // Checked before the password is read, so a wrong command does not ask for one.
            storage::check_staff(&Staff {
                name: name.clone(),
                role,
                unit: unit.clone(),
                password_hash: String::new(),
            })
            .map_err(|e| anyhow::anyhow!("{e} (coach: --unit U; admin: no --unit)"))?;
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
                        unit: unit.clone(),
                        password_hash,
                    },
                    crate::now(),
                )
                .await?;
            match unit {
                Some(u) => println!(
                    "{name} can sign in to the dashboard as {} of unit {u}",
                    role.code()
                ),
                None => println!(
                    "{name} can sign in to the dashboard as {} (region-wide)",
                    role.code()
                ),
            }
        }
    }
    Ok(())
}

/// Stores `typed` as the display name of `user` in `unit`, checked first.
async fn name_nurse(
    storage: &SharedStorage,
    unit: &str,
    user: &str,
    typed: &str,
    now: Timestamp,
) -> Result<()> {
    let user = user.trim();
    if user.is_empty() {
        bail!("name the nurse with a non-empty --user");
    }
    let name = storage::check_display_name(typed).map_err(|e| anyhow::anyhow!("{e}"))?;
    storage
        .put_nurse_name(&UnitId::new(unit.trim()), &UserId::new(user), &name, now)
        .await
        .with_context(|| format!("naming {user} of unit {unit}"))
}

/// Reads a password from standard input and checks its length.
fn read_password() -> Result<String> {
    let mut password = String::new();
    std::io::stdin()
        .read_line(&mut password)
        .context("reading the password from standard input")?;
    let password = password.trim_end_matches(['\r', '\n']).to_owned();
    if password.chars().count() < api::staff::MIN_PASSWORD_LEN {
        bail!(
            "the password must have at least {} characters",
            api::staff::MIN_PASSWORD_LEN
        );
    }
    Ok(password)
}

/// `staff add --role requester --centre C`: a health centre's staff member, who signs in at
/// /dashboard/login and reaches only /begaran.
async fn add_requester(
    storage: &SharedStorage,
    name: String,
    unit: Option<String>,
    centre: Option<String>,
) -> Result<()> {
    if unit.is_some() {
        bail!("a requester belongs to a health centre (--centre), not to a unit (--unit)");
    }
    let centre = centre
        .map(|c| c.trim().to_owned())
        .filter(|c| !c.is_empty())
        .context("a requester needs --centre \"the health centre's name\"")?;
    let password = read_password()?;
    let password_hash = api::staff::hash_password(&password)
        .map_err(|e| anyhow::anyhow!("hashing the password: {e}"))?;
    storage
        .put_requester(
            &RequesterAccount {
                name: name.clone(),
                centre: centre.clone(),
                password_hash,
            },
            crate::now(),
        )
        .await?;
    println!("{name} can sign in and ask for assistance jobs for {centre} at /begaran");
    Ok(())
}

/// `tls-cert` is answered before the database is opened.
fn unreachable_without_db() -> Result<()> {
    bail!("tls-cert needs no database and has already been handled")
}

/// The audit records as a table for people: time in Swedish time, who, from where, what.
fn audit_table(records: &[AuditRecord]) -> String {
    let header = [
        "id",
        "time (Sweden)",
        "action",
        "role",
        "actor",
        "device",
        "unit",
        "job",
        "client",
    ];
    tsv(
        &header,
        records.iter().map(|r| {
            let e = &r.event;
            vec![
                r.id.to_string(),
                swedish_time(e.at),
                e.action.code().to_owned(),
                e.role.code().to_owned(),
                e.actor.clone(),
                or_dash(e.device.map(|d| d.to_string())),
                e.unit.to_string(),
                e.job.to_string(),
                or_dash(e.client.clone()),
            ]
        }),
    )
}

/// The request audit records as a table: who received which request, when, from where.
fn request_audit_table(records: &[crate::storage::RequestReadRecord]) -> String {
    let header = [
        "id",
        "time (Sweden)",
        "role",
        "actor",
        "device",
        "unit",
        "request",
        "client",
    ];
    tsv(
        &header,
        records.iter().map(|r| {
            let e = &r.event;
            vec![
                r.id.to_string(),
                swedish_time(e.at),
                e.role.code().to_owned(),
                e.actor.clone(),
                or_dash(e.device.map(|d| d.to_string())),
                e.unit.to_string(),
                e.request.to_string(),
                or_dash(e.client.clone()),
            ]
        }),
    )
}

/// Tab-separated lines under a header, for people and for `cut`.
fn tsv(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> String {
    let mut out = header.join("\t");
    out.push('\n');
    for row in rows {
        out.push_str(&row.join("\t"));
        out.push('\n');
    }
    out
}

/// An instant as the date and clock time in Sweden.
fn swedish_time(at: Timestamp) -> String {
    use samverka_model::timestamp::Zone;
    format!("{} {}", at.date(Zone::Sweden), at.hhmm(Zone::Sweden))
}

/// What a table shows for a missing value.
fn or_dash(v: Option<String>) -> String {
    v.unwrap_or_else(|| "-".into())
}

/// `serve`: opens the store (migrating unless told not to), then serves until stopped.
async fn serve(settings: Settings) -> Result<()> {
    let storage = storage::open(&settings.db)
        .await
        .with_context(|| format!("opening {}", settings.db))?;
    if settings.migrate_on_start {
        storage.migrate().await.context("migrating the schema")?;
    } else {
        match storage.missing_migrations().await {
            Ok(0) => {}
            Ok(n) => tracing::warn!(
                missing = n,
                "the schema lacks migrations of this version: /ready answers 503 until \
                 `samverka-region migrate` has run"
            ),
            Err(e) => tracing::warn!(error = %e, "cannot read the schema's version"),
        }
    }
    let tls = match &settings.tls {
        Some((cert, key)) => Some(
            crate::tls::server_config(cert, key).context("loading the TLS certificate and key")?,
        ),
        None => None,
    };
    let listen = settings.listen;
    if tls.is_none() && !listen.ip().is_loopback() {
        tracing::warn!(%listen, "serving plain HTTP on a non-loopback address: tokens, passwords and patient data cross the network unencrypted; use --tls-cert and --tls-key");
        eprintln!(
            "samverka-region: WARNING: plain HTTP on {listen}, which is not loopback; use --tls-cert and --tls-key"
        );
    }
    crate::telemetry::install(storage.kind()).context("setting up the metrics")?;
    let options = RouterOptions {
        attempts: settings.attempts,
        tls: tls.is_some(),
        request_timeout: settings.limits.request_timeout,
        trusted_proxies: api::client::TrustedProxies::new(settings.trusted_proxies.clone()),
        metrics: Some(api::ops::MetricsEndpoint::new(
            settings.metrics_allow.clone(),
            settings.metrics_token.as_deref(),
        )),
    };
    let app = api::router_with(storage.clone(), options);
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("binding {listen}"))?;
    let addr = listener.local_addr()?;
    let scheme = if tls.is_some() { "https" } else { "http" };
    tracing::info!(
        %addr,
        store = storage.kind(),
        tls = tls.is_some(),
        trusted_proxies = settings.trusted_proxies.len(),
        "region serving API v1"
    );
    println!("listening on {scheme}://{addr}");
    crate::serve::run(listener, app, tls, settings.limits).await?;
    Ok(())
}
