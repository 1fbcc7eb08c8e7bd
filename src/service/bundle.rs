//! Roll-up: a station writes a signed bundle of its registers; a hub
//! checks it and keeps a copy per station, and adds the stations' figures
//! up with the very code each station's own report runs.

use crate::domain::bundle::{
    BundleHeader, BundleProblem, BundleStation, from_hex, join, split, to_hex,
};
use crate::domain::roles::{Actor, Role};
use crate::i18n::Strings;
use crate::service::export::{ExportError, check_target};
use crate::store::bundle::{BundleRange, PayloadRequest};
use crate::store::hub::{HubImport, Made, MergeSummary, all_new, mark_whole_bundle, merge_copy};
use crate::store::{SCHEMA_VERSION, Store, StoreError};
use chrono::NaiveDateTime;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Target(#[from] ExportError),
    #[error("only a secretary or an administrator writes bundles")]
    NotAllowed,
    #[error("this database is not a hub")]
    NotAHub,
    #[error("cannot read {0}")]
    Unreadable(PathBuf),
    #[error("{1:?} in {0}")]
    Problem(PathBuf, BundleProblem, Option<BundleStation>),
    #[error("station {0:?} has another key")]
    KeyMismatch(PathBuf, BundleStation),
    #[error("the bundle is the hub's own")]
    OwnStation(PathBuf),
    #[error("the bundle is from a newer desk")]
    NewerSchema(PathBuf, BundleStation),
}

impl BundleError {
    pub fn message(&self, t: &Strings) -> String {
        let w = t.rollup;
        let who = |s: &BundleStation| w.station_named.fill([&s.name, &s.code]);
        match self {
            BundleError::Store(e) => t.command_store_error(e),
            BundleError::Target(e) => e.message(t),
            BundleError::NotAllowed => w.not_allowed.to_string(),
            BundleError::NotAHub => w.not_a_hub.to_string(),
            BundleError::Unreadable(p) => w.unreadable.fill([&p.display()]),
            BundleError::Problem(p, problem, station) => {
                let why = match problem {
                    BundleProblem::NotABundle => w.not_a_bundle,
                    BundleProblem::Truncated => w.truncated,
                    BundleProblem::BadHeader => w.bad_header,
                    BundleProblem::BadSignature => w.bad_signature,
                    BundleProblem::PayloadChanged => w.payload_changed,
                };
                let from = station.as_ref().map(who).unwrap_or_default();
                w.refused.fill([&p.display(), &from, &why])
            }
            BundleError::KeyMismatch(p, s) => {
                w.refused
                    .fill([&p.display(), &who(s), &w.other_key.fill([&s.code])])
            }
            BundleError::OwnStation(p) => w.refused.fill([&p.display(), &"", &w.own_station]),
            BundleError::NewerSchema(p, s) => {
                w.refused.fill([&p.display(), &who(s), &w.newer_schema])
            }
        }
    }

    /// Refused before anything was written, rather than failed.
    pub fn is_refusal(&self) -> bool {
        match self {
            BundleError::Store(_) => false,
            BundleError::Target(e) => e.is_refusal(),
            _ => true,
        }
    }
}

/// What `bundle` was asked for.
pub struct BundleRequest {
    pub range: Option<BundleRange>,
    /// With visitors' contact details, for this reason (audited).
    pub contacts_reason: Option<String>,
    pub path: PathBuf,
}

/// Writes the station's bundle; returns its header.
pub fn write_bundle(
    store: &mut Store,
    request: &BundleRequest,
    by: &Actor,
    now: NaiveDateTime,
    t: &Strings,
) -> Result<BundleHeader, BundleError> {
    if !matches!(by.role, Role::Secretary | Role::Admin) {
        return Err(BundleError::NotAllowed);
    }
    let is_hub = store.is_hub()?;
    let absolute = check_target(store.path(), &request.path)?;
    let station = store.require_station()?;
    let (secret, public) = store.station_key(now)?;
    let part = with_suffix(&absolute, ".part");
    let payload_path = with_suffix(&absolute, ".payload.part");
    for p in [&part, &payload_path] {
        if p.exists() {
            return Err(ExportError::PartExists(p.clone()).into());
        }
    }
    let payload_request = PayloadRequest {
        range: request.range,
        with_contacts: request.contacts_reason.is_some(),
        secret_word: t.rollup.confidential_word,
    };
    let (counts, hub_through) = if is_hub {
        write_hub_payload(store, &payload_path, &payload_request).inspect_err(|_| {
            let _ = std::fs::remove_file(&payload_path);
        })?
    } else {
        (
            store.write_bundle_payload(&payload_path, &payload_request)?,
            None,
        )
    };
    let payload = std::fs::read(&payload_path).map_err(ExportError::from);
    let _ = std::fs::remove_file(&payload_path);
    let payload = payload?;
    let data_through = match request.range {
        Some(r) => r.to.to_string(),
        None => hub_through
            .or(store.data_through()?)
            .unwrap_or_else(|| now.date().to_string()),
    };
    let header = BundleHeader {
        schema: SCHEMA_VERSION,
        station: BundleStation {
            id: station.id.clone(),
            code: station.code,
            name: station.name,
        },
        public_key: public,
        created_at: now.format("%Y-%m-%d %H:%M:%S").to_string(),
        from: request.range.map(|r| r.from.to_string()),
        to: request.range.map(|r| r.to.to_string()),
        data_through,
        with_contacts: request.contacts_reason.is_some(),
        hub: is_hub,
        counts,
        anchor: store.bundle_anchor()?,
        payload_bytes: payload.len() as u64,
        payload_sha256: to_hex(&Sha256::digest(&payload)),
    };
    let line = serde_json::to_string(&header).map_err(StoreError::other)?;
    let key = signing_key(&secret)?;
    let signature = key.sign(line.as_bytes());
    let mut bytes = join(&line, &signature.to_bytes(), payload.len());
    bytes.extend_from_slice(&payload);
    write_new(&part, &bytes)?;
    std::fs::rename(&part, &absolute).map_err(|e| {
        let _ = std::fs::remove_file(&part);
        ExportError::from(e)
    })?;
    let details = serde_json::json!({
        "file": absolute.display().to_string(),
        "from": header.from,
        "to": header.to,
        "with_contacts": header.with_contacts,
        "reason": request.contacts_reason,
        "counts": header.counts,
    });
    store.record_output("bundle", "station", &station.id, details, &by.name, now)?;
    Ok(header)
}

fn signing_key(secret_hex: &str) -> Result<SigningKey, BundleError> {
    let bytes: [u8; 32] = from_hex(secret_hex)
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| StoreError::other("station key is damaged"))?;
    Ok(SigningKey::from_bytes(&bytes))
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Writes a file that must not exist yet, durably.
fn write_new(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    let done = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .and_then(|mut f| {
            f.write_all(bytes)?;
            f.sync_all()
        });
    if let Err(e) = done {
        let _ = std::fs::remove_file(path);
        return Err(ExportError::from(e));
    }
    Ok(())
}

/// A bundle's header once its signature and payload have been checked.
pub struct Verified {
    pub header: BundleHeader,
    pub sha256: String,
    pub payload: Vec<u8>,
}

/// Reads and checks a bundle: its layout, its signature by the key it
/// names, and that its payload is the one the header vouches for.
pub fn read_verified(path: &Path) -> Result<Verified, BundleError> {
    let bytes = std::fs::read(path).map_err(|_| BundleError::Unreadable(path.to_path_buf()))?;
    let refused = |p: BundleProblem, s: Option<&BundleStation>| {
        BundleError::Problem(path.to_path_buf(), p, s.cloned())
    };
    let parts = split(&bytes).map_err(|p| refused(p, None))?;
    let station = Some(&parts.header.station);
    let key: Option<VerifyingKey> = from_hex(&parts.header.public_key)
        .and_then(|k| <[u8; 32]>::try_from(k).ok())
        .and_then(|k| VerifyingKey::from_bytes(&k).ok());
    let signature = Signature::from_slice(&parts.signature).ok();
    let signed = key
        .zip(signature)
        .is_some_and(|(k, s)| k.verify(parts.header_line, &s).is_ok());
    if !signed {
        return Err(refused(BundleProblem::BadSignature, station));
    }
    let sha256 = to_hex(&Sha256::digest(parts.payload));
    if sha256 != parts.header.payload_sha256 {
        return Err(refused(BundleProblem::PayloadChanged, station));
    }
    let payload = parts.payload.to_vec();
    Ok(Verified {
        header: parts.header,
        sha256: to_hex(&Sha256::digest(&bytes)),
        payload,
    })
}

/// How one bundle's import went.
#[derive(Debug)]
pub enum Imported {
    /// The hub had it all already (已是最新).
    UpToDate(BundleStation),
    /// What it brought (or would bring, on a dry run).
    Loaded(BundleStation, MergeSummary),
}

/// Checks a bundle and loads it into the hub's copy of its station, in
/// one transaction; a refused bundle changes nothing but the audit log.
pub fn import_bundle(
    hub: &mut Store,
    file: &Path,
    dry_run: bool,
    actor: &str,
    now: NaiveDateTime,
) -> Result<Vec<Imported>, BundleError> {
    if !hub.is_hub()? {
        return Err(BundleError::NotAHub);
    }
    let checked = read_verified(file).and_then(|v| admit(hub, file, v));
    let verified = match checked {
        Ok(v) => v,
        Err(e) => {
            if !dry_run && !matches!(e, BundleError::Store(_)) {
                let code = match &e {
                    BundleError::Problem(_, _, Some(s))
                    | BundleError::KeyMismatch(_, s)
                    | BundleError::NewerSchema(_, s) => s.code.clone(),
                    _ => String::new(),
                };
                hub.record_hub_refusal(file, &code, &e.to_string(), actor, now)?;
            }
            return Err(e);
        }
    };
    let header = &verified.header;
    let known = hub.hub_station(&header.station.code)?;
    if known
        .as_ref()
        .is_some_and(|k| k.bundle_sha256 == verified.sha256)
    {
        return Ok(vec![Imported::UpToDate(header.station.clone())]);
    }
    let load = Load {
        file,
        sha256: &verified.sha256,
        dry_run,
        actor,
        now,
    };
    if header.hub {
        return import_hub_bundle(hub, &verified, &load);
    }
    let done = load_station(hub, header, &verified.payload, "", &load)?;
    Ok(vec![done])
}

/// What every station of one import shares.
struct Load<'a> {
    file: &'a Path,
    sha256: &'a str,
    dry_run: bool,
    actor: &'a str,
    now: NaiveDateTime,
}

/// Loads one station's payload into its copy and records it.
fn load_station(
    hub: &mut Store,
    header: &BundleHeader,
    payload: &[u8],
    via: &str,
    load: &Load,
) -> Result<Imported, BundleError> {
    let known = hub.hub_station(&header.station.code)?;
    let folder = hub.hub_folder();
    std::fs::create_dir_all(&folder).map_err(|e| StoreError::from_io(&e))?;
    let file_name = format!("{}.sqlite", header.station.id);
    let target = folder.join(&file_name);
    let incoming = folder.join(format!("{}.incoming", header.station.id));
    let _ = std::fs::remove_file(&incoming);
    std::fs::write(&incoming, payload).map_err(|e| StoreError::from_io(&e))?;
    let made = Made {
        at: &header.created_at,
        whole: header.from.is_none() && header.to.is_none(),
    };
    let done = load_copy(&target, &incoming, made, load.dry_run);
    let _ = std::fs::remove_file(&incoming);
    let _ = std::fs::remove_file(with_suffix(&incoming, "-wal"));
    let _ = std::fs::remove_file(with_suffix(&incoming, "-shm"));
    let summary = done?;
    if !load.dry_run {
        let import = HubImport {
            header,
            via,
            sha256: load.sha256,
            file: &file_name,
            summary: &summary,
            source: load.file,
        };
        hub.record_hub_import(&import, load.actor, load.now)?;
        crate::service::hub::prepare_station(hub, &header.station.code, load.now.date());
        // The copy of a station set up again is kept aside, not counted.
        if let Some(old) = known.filter(|k| k.id != header.station.id) {
            let old_copy = folder.join(&old.file);
            let _ = std::fs::rename(&old_copy, with_suffix(&old_copy, ".forgotten"));
        }
    }
    Ok(if summary.is_empty() {
        Imported::UpToDate(header.station.clone())
    } else {
        Imported::Loaded(header.station.clone(), summary)
    })
}

/// A town hub's bundle at the county: every station it carries is
/// checked against the keys the county knows first, then each is loaded
/// as its own bundle would be, grouped under the town.
fn import_hub_bundle(
    hub: &mut Store,
    verified: &Verified,
    load: &Load,
) -> Result<Vec<Imported>, BundleError> {
    let town = &verified.header;
    let folder = hub.hub_folder();
    std::fs::create_dir_all(&folder).map_err(|e| StoreError::from_io(&e))?;
    let incoming = folder.join(format!("{}.hub-incoming", town.station.id));
    let _ = std::fs::remove_file(&incoming);
    std::fs::write(&incoming, &verified.payload).map_err(|e| StoreError::from_io(&e))?;
    let rows = read_carried(&incoming);
    let _ = std::fs::remove_file(&incoming);
    let rows = rows?;
    for row in &rows {
        let pinned = hub
            .hub_station(&row.station.code)?
            .and_then(|k| k.public_key);
        if pinned.is_some_and(|k| Some(&k) != row.public_key.as_ref()) {
            return Err(BundleError::KeyMismatch(
                load.file.to_path_buf(),
                row.station.clone(),
            ));
        }
    }
    let mut done = Vec::new();
    for row in rows {
        let header = BundleHeader {
            station: row.station,
            public_key: row.public_key.unwrap_or_default(),
            data_through: row.data_through,
            hub: false,
            ..town.clone()
        };
        let via = if row.via.is_empty() {
            &town.station.code
        } else {
            &row.via
        };
        done.push(load_station(hub, &header, &row.copy, via, load)?);
    }
    if !load.dry_run {
        let summary = MergeSummary::default();
        let record = HubImport {
            header: town,
            via: "",
            sha256: load.sha256,
            file: "",
            summary: &summary,
            source: load.file,
        };
        hub.record_hub_import(&record, load.actor, load.now)?;
    }
    Ok(done)
}

/// One station a hub's bundle carries.
struct Carried {
    station: BundleStation,
    public_key: Option<String>,
    via: String,
    data_through: String,
    copy: Vec<u8>,
}

fn read_carried(path: &Path) -> Result<Vec<Carried>, BundleError> {
    let conn = rusqlite::Connection::open(path).map_err(StoreError::from)?;
    let mut stmt = conn
        .prepare("SELECT station_id, code, name, public_key, via, data_through, copy FROM copies ORDER BY code")
        .map_err(StoreError::from)?;
    let rows = stmt
        .query_map([], |r| {
            Ok(Carried {
                station: BundleStation {
                    id: r.get(0)?,
                    code: r.get(1)?,
                    name: r.get(2)?,
                },
                public_key: r.get(3)?,
                via: r.get(4)?,
                data_through: r.get(5)?,
                copy: r.get(6)?,
            })
        })
        .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
        .map_err(StoreError::from)?;
    Ok(rows)
}

/// A hub's payload: each of its stations' copies, made as a station's own
/// payload is (so without contacts unless asked), in one table.
fn write_hub_payload(
    hub: &Store,
    path: &Path,
    request: &PayloadRequest,
) -> Result<(BTreeMap<String, i64>, Option<String>), BundleError> {
    let conn = rusqlite::Connection::open(path).map_err(StoreError::from)?;
    conn.execute_batch(
        "CREATE TABLE copies (
             station_id TEXT PRIMARY KEY, code TEXT NOT NULL, name TEXT NOT NULL,
             public_key TEXT, via TEXT NOT NULL, data_through TEXT NOT NULL, copy BLOB NOT NULL);",
    )
    .map_err(StoreError::from)?;
    let folder = hub.hub_folder();
    let own = hub.require_station()?;
    let (mut totals, mut through) = (BTreeMap::new(), None::<String>);
    for s in hub
        .hub_stations()?
        .into_iter()
        .filter(|s| !s.file.is_empty())
    {
        let one = with_suffix(path, ".one");
        let _ = std::fs::remove_file(&one);
        let counts =
            Store::open_read_only(&folder.join(&s.file))?.write_bundle_payload(&one, request)?;
        let copy = std::fs::read(&one).map_err(|e| StoreError::from_io(&e));
        let _ = std::fs::remove_file(&one);
        for (k, n) in counts {
            *totals.entry(k).or_insert(0) += n;
        }
        let via = if s.via.is_empty() {
            own.code.clone()
        } else {
            s.via.clone()
        };
        conn.execute(
            "INSERT INTO copies VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            rusqlite::params![
                s.id,
                s.code,
                s.name,
                s.public_key,
                via,
                s.data_through,
                copy?
            ],
        )
        .map_err(StoreError::from)?;
        through = through.max(Some(s.data_through));
    }
    Ok((totals, through))
}

/// The checks against what the hub knows: not its own bundle, the pinned
/// key, a schema it can read.
fn admit(hub: &Store, file: &Path, v: Verified) -> Result<Verified, BundleError> {
    let s = &v.header.station;
    if hub
        .station()?
        .is_some_and(|own| own.id == s.id || own.code == s.code)
    {
        return Err(BundleError::OwnStation(file.to_path_buf()));
    }
    let pinned = hub.hub_station(&s.code)?.and_then(|k| k.public_key);
    if pinned.is_some_and(|k| k != v.header.public_key) {
        return Err(BundleError::KeyMismatch(file.to_path_buf(), s.clone()));
    }
    if v.header.schema > SCHEMA_VERSION {
        return Err(BundleError::NewerSchema(file.to_path_buf(), s.clone()));
    }
    Ok(v)
}

/// Brings the payload to this desk's schema, then compares it with the
/// hub's copy and (unless a dry run) merges it in.
fn load_copy(
    target: &Path,
    incoming: &Path,
    made: Made,
    dry_run: bool,
) -> Result<MergeSummary, BundleError> {
    drop(Store::open(incoming)?);
    // Kept out of WAL mode, so that reading a copy leaves no files beside it.
    rusqlite::Connection::open(incoming)
        .and_then(|c| c.query_row("PRAGMA journal_mode=DELETE", [], |_| Ok(())))
        .map_err(StoreError::from)?;
    if !target.exists() {
        let summary = all_new(incoming)?;
        if !dry_run {
            if made.whole {
                let conn = rusqlite::Connection::open(incoming).map_err(StoreError::from)?;
                mark_whole_bundle(&conn, made.at)?;
            }
            std::fs::rename(incoming, target).map_err(|e| StoreError::from_io(&e))?;
        }
        return Ok(summary);
    }
    Ok(merge_copy(target, incoming, made, !dry_run)?)
}
