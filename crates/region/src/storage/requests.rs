//! What both stores share for assistance requests from health centres: the requester account,
//! what storing an answer did, the audit record of a phone reading requests, and reading a
//! stored request back into the model's [`RequestRecord`].

use super::{Role, StorageError, corrupt, u64_of};
use samverka_model::request::{AssistanceRequest, RequestAnswered, RequestId, RequestRecord};
use samverka_model::{DeviceId, Timestamp, UnitId};
use serde::{Deserialize, Serialize};

/// A health centre's staff member who may ask units for assistance jobs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequesterAccount {
    /// Login name.
    pub name: String,
    /// The health centre (VC/JC) they ask for, as its name is shown to nurses.
    pub centre: String,
    /// Argon2id PHC string.
    pub password_hash: String,
}

/// What [`super::Storage::answer_request`] did, with the request as it now stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnswerStored {
    /// The answer was stored now.
    Stored(RequestRecord),
    /// The same device had sent the same answer: nothing changed.
    Repeat(RequestRecord),
    /// The request had been answered otherwise (by another device, or differently): refused.
    AlreadyAnswered(RequestRecord),
}

/// The stored action of a phone reading its unit's requests.
pub const REQUEST_LIST: &str = "request_list";

/// One delivery of a request's identifying data (personal identity number, name, address).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestReadEvent {
    /// When the region answered.
    pub at: Timestamp,
    /// The reader's role.
    pub role: Role,
    /// A device's user, or a staff member's name.
    pub actor: String,
    /// The reading device, for a nurse.
    pub device: Option<DeviceId>,
    /// The request read.
    pub request: RequestId,
    /// The request's unit.
    pub unit: UnitId,
    /// The client's IP address as the region saw it.
    pub client: Option<String>,
}

/// A stored [`RequestReadEvent`] with its place in the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestReadRecord {
    /// Increasing with every record appended.
    pub id: u64,
    /// The read.
    #[serde(flatten)]
    pub event: RequestReadEvent,
}

/// Checks a requester account: a name and a centre.
pub(crate) fn check_requester(r: &RequesterAccount) -> Result<(), StorageError> {
    if r.name.trim().is_empty() || r.centre.trim().is_empty() {
        return Err(StorageError::Invalid(
            "a requester needs a name and a health centre".into(),
        ));
    }
    Ok(())
}

/// A model value as stored JSON.
pub(crate) fn to_json<T: Serialize>(what: &str, v: &T) -> Result<String, StorageError> {
    serde_json::to_string(v).map_err(|e| corrupt(format!("{what}: {e}")))
}

/// The stored status code of a record.
pub(crate) fn status_code(r: &RequestRecord) -> String {
    samverka_model::codes::code(&r.status())
}

/// Reads a stored request back: id, centre, requested_by, created_at, request JSON, answer JSON.
pub(crate) fn record_from_columns(
    id: &str,
    centre: String,
    requested_by: String,
    created_at: i64,
    request: &str,
    answer: Option<&str>,
) -> Result<RequestRecord, StorageError> {
    let request: AssistanceRequest =
        serde_json::from_str(request).map_err(|e| corrupt(format!("request {id}: {e}")))?;
    let answer: Option<RequestAnswered> = answer
        .map(|a| serde_json::from_str(a).map_err(|e| corrupt(format!("answer of {id}: {e}"))))
        .transpose()?;
    Ok(RequestRecord {
        id: id
            .parse()
            .map_err(|_| corrupt(format!("request id {id}")))?,
        centre,
        requested_by,
        created_at: Timestamp(created_at),
        request,
        answer,
    })
}

/// Builds an audit record from its stored columns: id, at, role, actor, device, request, unit,
/// client.
#[allow(clippy::too_many_arguments)]
pub(crate) fn read_record(
    id: i64,
    at: i64,
    role: &str,
    actor: String,
    device: Option<String>,
    request: &str,
    unit: String,
    client: Option<String>,
) -> Result<RequestReadRecord, StorageError> {
    Ok(RequestReadRecord {
        id: u64_of(id),
        event: RequestReadEvent {
            at: Timestamp(at),
            role: Role::stored(role)?,
            actor,
            device: device
                .map(|d| d.parse().map_err(|_| corrupt(format!("device {d}"))))
                .transpose()?,
            request: request
                .parse()
                .map_err(|_| corrupt(format!("request {request}")))?,
            unit: UnitId::new(unit),
            client,
        },
    })
}

#[cfg(test)]
mod tests {
    use include_dir::{Dir, include_dir};
    use rusqlite::Connection;

    static MIGRATIONS: Dir<'static> =
        include_dir!("$CARGO_MANIFEST_DIR/../../migrations/region-sqlite");

    /// Migration 07 rebuilds `staff` on SQLite (a CHECK cannot be changed in place): staff,
    /// their units and their open sessions survive it, and the new role needs a centre.
    #[test]
    fn the_staff_rebuild_keeps_staff_and_sessions() -> Result<(), Box<dyn std::error::Error>> {
        let mut conn = Connection::open_in_memory()?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let migrations = rusqlite_migration::Migrations::from_directory(&MIGRATIONS)?;
        migrations.to_version(&mut conn, 6)?;
        conn.execute_batch(
            "INSERT INTO units (unit_id, name) VALUES ('u1', 'Enhet 1');
             INSERT INTO staff (name, role, password_hash, created_at, unit_id)
                 VALUES ('coach', 'coach', 'h1', 1, 'u1'), ('admin', 'admin', 'h2', 2, NULL);
             INSERT INTO staff_sessions (token_hash, name, created_at, expires_at)
                 VALUES ('t1', 'coach', 1, 99), ('t2', 'admin', 2, 99);",
        )?;
        migrations.to_latest(&mut conn)?;
        let staff: Vec<(String, String, Option<String>)> = conn
            .prepare("SELECT name, role, unit_id FROM staff ORDER BY name")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        assert_eq!(
            staff,
            [
                ("admin".into(), "admin".into(), None),
                ("coach".into(), "coach".into(), Some("u1".into()))
            ]
        );
        let sessions: i64 =
            conn.query_row("SELECT count(*) FROM staff_sessions", [], |r| r.get(0))?;
        assert_eq!(sessions, 2);
        let fk: i64 = conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })?;
        assert_eq!(fk, 0);
        // Sessions still point at staff, and a requester needs a centre.
        assert!(
            conn.execute(
                "INSERT INTO staff_sessions VALUES ('t3', 'nobody', 1, 99)",
                []
            )
            .is_err()
        );
        assert!(
            conn.execute(
                "INSERT INTO staff (name, role, password_hash, created_at) VALUES ('r', 'requester', 'h', 1)",
                []
            )
            .is_err()
        );
        conn.execute(
            "INSERT INTO staff (name, role, password_hash, created_at, centre) VALUES ('r', 'requester', 'h', 1, 'VC')",
            [],
        )?;
        Ok(())
    }
}
