//! Roll-up: a station writes a signed bundle of its registers; a hub
//! checks it and keeps a copy per station, and adds the stations' figures
//! up with the very code each station's own report runs.

use crate::domain::bundle::{
    BundleHeader, BundleProblem, BundleRead, BundleStation, copy_payload, from_hex, join,
    read_head, to_hex,
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
    /// Another import into this hub is running (another window, say).
    #[error("another import is running")]
    ImportRunning,
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
            BundleError::ImportRunning => w.import_running.to_string(),
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
            // Nothing wrong with what was asked: the database, or its time.
            BundleError::Store(_) | BundleError::ImportRunning => false,
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
    let digest = payload_digest(&payload_path);
    let (payload_bytes, payload_sha256) = match digest {
        Ok(d) => d,
        Err(e) => {
            let _ = std::fs::remove_file(&payload_path);
            return Err(ExportError::from(e).into());
        }
    };
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
        payload_bytes,
        payload_sha256,
    };
    let line = serde_json::to_string(&header).map_err(StoreError::other)?;
    let key = signing_key(&secret)?;
    let signature = key.sign(line.as_bytes());
    let head = join(&line, &signature.to_bytes());
    let written = write_new(&part, &head, &payload_path);
    let _ = std::fs::remove_file(&payload_path);
    written?;
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

/// A payload file's length and SHA-256, read a piece at a time.
fn payload_digest(path: &Path) -> std::io::Result<(u64, String)> {
    let mut hasher = Sha256::new();
    let mut file = std::fs::File::open(path)?;
    let length = std::io::copy(&mut file, &mut hasher)?;
    Ok((length, to_hex(&hasher.finalize())))
}

/// Writes a file that must not exist yet, durably: `head`, then the
/// payload file's bytes, copied a piece at a time.
fn write_new(path: &Path, head: &[u8], payload: &Path) -> Result<(), ExportError> {
    let done = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .and_then(|mut f| {
            f.write_all(head)?;
            std::io::copy(&mut std::fs::File::open(payload)?, &mut f)?;
            f.sync_all()
        });
    if let Err(e) = done {
        let _ = std::fs::remove_file(path);
        return Err(ExportError::from(e));
    }
    Ok(())
}

/// A bundle's header once its signature and payload have been checked;
/// the payload is in a file of its own (`payload`), for the caller to use
/// and remove.
pub struct Verified {
    pub header: BundleHeader,
    pub sha256: String,
    pub payload: PathBuf,
}

/// Reads and checks a bundle: its layout, its signature by the key it
/// names, and that its payload is the one the header vouches for. The
/// payload is copied into `payload` as it is read (never held whole in
/// memory); the file is gone again if the bundle is refused.
pub fn read_verified(path: &Path, payload: &Path) -> Result<Verified, BundleError> {
    let unreadable = || BundleError::Unreadable(path.to_path_buf());
    let file = std::fs::File::open(path).map_err(|_| unreadable())?;
    let mut r = std::io::BufReader::new(file);
    let refused = |p: BundleProblem, s: Option<&BundleStation>| {
        BundleError::Problem(path.to_path_buf(), p, s.cloned())
    };
    let head = match read_head(&mut r) {
        Ok(head) => head,
        Err(BundleRead::Problem(p)) => return Err(refused(p, None)),
        // A folder opens, and only its reading fails.
        Err(BundleRead::Io(_) | BundleRead::Write(_)) => return Err(unreadable()),
    };
    let station = Some(&head.header.station);
    let key: Option<VerifyingKey> = from_hex(&head.header.public_key)
        .and_then(|k| <[u8; 32]>::try_from(k).ok())
        .and_then(|k| VerifyingKey::from_bytes(&k).ok());
    let signature = Signature::from_slice(&head.signature).ok();
    let signed = key
        .zip(signature)
        .is_some_and(|(k, s)| k.verify(&head.header_line, &s).is_ok());
    if !signed {
        return Err(refused(BundleProblem::BadSignature, station));
    }
    let (mut whole, mut only_payload) = (Sha256::new(), Sha256::new());
    whole.update(&head.raw);
    let mut out = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(payload)
        .map_err(|e| StoreError::from_io(&e))?;
    let copied = copy_payload(&mut r, &mut out, head.header.payload_bytes, |piece| {
        whole.update(piece);
        only_payload.update(piece);
    });
    drop(out);
    let checked = match copied {
        Err(BundleRead::Problem(p)) => Err(refused(p, station)),
        Err(BundleRead::Io(_)) => Err(unreadable()),
        // The hub's own disk, not the bundle: full, say.
        Err(BundleRead::Write(e)) => Err(StoreError::from_io(&e).into()),
        Ok(()) if to_hex(&only_payload.finalize()) != head.header.payload_sha256 => {
            Err(refused(BundleProblem::PayloadChanged, station))
        }
        Ok(()) => Ok(()),
    };
    if let Err(e) = checked {
        let _ = std::fs::remove_file(payload);
        return Err(e);
    }
    Ok(Verified {
        header: head.header,
        sha256: to_hex(&whole.finalize()),
        payload: payload.to_path_buf(),
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
    // The payload is read into the hub's folder, where the copy is made,
    // under a name of its own; it is gone when the import ends.
    let folder = hub.hub_folder();
    std::fs::create_dir_all(&folder).map_err(|e| StoreError::from_io(&e))?;
    // One import at a time: two of one bundle would load one station's
    // copy at once.
    let Some(lock) = crate::store::hub::ImportLock::take(&folder)? else {
        return Err(BundleError::ImportRunning);
    };
    remove_stale_parts(&folder);
    let payload = folder.join(format!("{}.payload", crate::domain::ids::new_id()));
    let done = import_checked(hub, file, &payload, dry_run, actor, now);
    let _ = std::fs::remove_file(&payload);
    drop(lock);
    done
}

/// Removes what an import stopped by a kill or a power cut left in the
/// hub's folder (a payload read, a copy being loaded, their journals).
/// Called under the import lock: no other import is running to own them.
fn remove_stale_parts(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let base = ["-journal", "-wal", "-shm"]
            .iter()
            .find_map(|j| name.strip_suffix(j))
            .unwrap_or(&name);
        let left = [".payload", ".incoming", ".carried"]
            .iter()
            .any(|x| base.ends_with(x));
        if left && path.is_file() {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// A file SQLite has opened, with the journals it may have left beside it.
fn remove_with_journals(path: &Path) {
    let _ = std::fs::remove_file(path);
    for journal in ["-journal", "-wal", "-shm"] {
        let _ = std::fs::remove_file(with_suffix(path, journal));
    }
}

fn import_checked(
    hub: &mut Store,
    file: &Path,
    payload: &Path,
    dry_run: bool,
    actor: &str,
    now: NaiveDateTime,
) -> Result<Vec<Imported>, BundleError> {
    let checked = read_verified(file, payload).and_then(|v| admit(hub, file, v));
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
    // The same bundle again changes nothing, unless the copy was changed
    // behind the hub's back: then the bundle puts it right.
    let same = known
        .as_ref()
        .filter(|k| k.bundle_sha256 == verified.sha256);
    if let Some(k) = same
        && crate::service::hub::copy_as_imported(hub, k)?
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

/// Loads one station's payload (a file in the hub's folder, which this
/// takes) into its copy and records it.
fn load_station(
    hub: &mut Store,
    header: &BundleHeader,
    payload: &Path,
    via: &str,
    load: &Load,
) -> Result<Imported, BundleError> {
    let known = hub.hub_station(&header.station.code)?;
    let folder = hub.hub_folder();
    let file_name = format!("{}.sqlite", header.station.id);
    let target = folder.join(&file_name);
    let incoming = folder.join(format!("{}.incoming", header.station.id));
    // A journal a killed import left would be played into the new file.
    remove_with_journals(&incoming);
    std::fs::rename(payload, &incoming).map_err(|e| StoreError::from_io(&e))?;
    let made = Made {
        at: &header.created_at,
        whole: header.from.is_none() && header.to.is_none(),
    };
    let done = load_copy(&target, &incoming, made, load.dry_run);
    remove_with_journals(&incoming);
    let summary = done?;
    if !load.dry_run {
        let digest = crate::store::hub::copy_digest(&target)?;
        let import = HubImport {
            header,
            via,
            sha256: load.sha256,
            file: &file_name,
            summary: &summary,
            source: load.file,
            copy_digest: &digest,
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
    let rows = read_carried(&verified.payload)?;
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
        // Each station's copy is taken out of the town's file a piece at
        // a time, into a file of its own.
        let carried = folder.join(format!("{}.carried", header.station.id));
        let _ = std::fs::remove_file(&carried);
        let taken = take_carried(&verified.payload, row.rowid, &carried)
            .and_then(|()| load_station(hub, &header, &carried, via, load));
        let _ = std::fs::remove_file(&carried);
        done.push(taken?);
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
            copy_digest: "",
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
    /// Its row in the town's file, whose `copy` is read when loaded.
    rowid: i64,
}

fn read_carried(path: &Path) -> Result<Vec<Carried>, BundleError> {
    let conn = rusqlite::Connection::open(path).map_err(StoreError::from)?;
    let mut stmt = conn
        .prepare("SELECT station_id, code, name, public_key, via, data_through, rowid FROM copies ORDER BY code")
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
                rowid: r.get(6)?,
            })
        })
        .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
        .map_err(StoreError::from)?;
    Ok(rows)
}

/// Adds one station's row to a hub's payload, its copy (the file `copy`)
/// written into the row a piece at a time.
fn put_carried(
    conn: &rusqlite::Connection,
    [id, code, name]: [&str; 3],
    public_key: &Option<String>,
    via: &str,
    data_through: &str,
    copy: &Path,
) -> Result<(), BundleError> {
    let io = |e: std::io::Error| StoreError::from_io(&e);
    let mut file = std::fs::File::open(copy).map_err(io)?;
    let length = file.metadata().map_err(io)?.len();
    conn.execute(
        "INSERT INTO copies VALUES (?1, ?2, ?3, ?4, ?5, ?6, zeroblob(?7))",
        rusqlite::params![id, code, name, public_key, via, data_through, length as i64],
    )
    .map_err(StoreError::from)?;
    let mut blob = conn
        .blob_open(
            rusqlite::MAIN_DB,
            "copies",
            "copy",
            conn.last_insert_rowid(),
            false,
        )
        .map_err(StoreError::from)?;
    std::io::copy(&mut file, &mut blob).map_err(io)?;
    Ok(())
}

/// Writes the `copy` of a town's file's row `rowid` to `to`, a piece at a
/// time (SQLite's incremental blob reading).
fn take_carried(town: &Path, rowid: i64, to: &Path) -> Result<(), BundleError> {
    let conn =
        rusqlite::Connection::open_with_flags(town, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(StoreError::from)?;
    let mut blob = conn
        .blob_open(rusqlite::MAIN_DB, "copies", "copy", rowid, true)
        .map_err(StoreError::from)?;
    let mut out = std::fs::File::create_new(to).map_err(|e| StoreError::from_io(&e))?;
    std::io::copy(&mut blob, &mut out).map_err(|e| StoreError::from_io(&e))?;
    Ok(())
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
        for (k, n) in counts {
            *totals.entry(k).or_insert(0) += n;
        }
        let via = if s.via.is_empty() {
            own.code.clone()
        } else {
            s.via.clone()
        };
        let put = put_carried(
            &conn,
            [&s.id, &s.code, &s.name],
            &s.public_key,
            &via,
            &s.data_through,
            &one,
        );
        let _ = std::fs::remove_file(&one);
        put?;
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
    // A damaged copy (a disk fault, say) is set aside when a whole bundle
    // can take its place, rather than merged into.
    let damaged = target.exists()
        && made.whole
        && !Store::quick_check_file(target).is_ok_and(|p| p.is_empty());
    if damaged && !dry_run {
        let aside = with_suffix(target, ".damaged");
        std::fs::rename(target, &aside).map_err(|e| StoreError::from_io(&e))?;
    }
    if !target.exists() || damaged {
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
