//! Whether a database's folder is on a network file system, where SQLite
//! cannot keep two writers safe (see `domain::placement`). Read from the
//! system's table of mounts on Linux; elsewhere nothing is refused.

use super::DatabaseFailure;
use super::{StoreError, StoreResult};
use crate::domain::placement::{NetworkFs, fs_type_of, network_fs};
use std::path::Path;

/// The file-system type of the folder that holds (or will hold) `db`.
fn fs_type(db: &Path) -> Option<String> {
    // The tests fake each kind of mount through the real binary.
    #[cfg(feature = "test-hooks")]
    if let Ok(fake) = std::env::var("LIAISON_DESK_TEST_FS_TYPE") {
        return Some(fake);
    }
    let absolute = std::path::absolute(db).ok()?;
    let folder = absolute.parent()?;
    // The nearest folder that exists, resolved through links.
    let real = folder
        .ancestors()
        .find_map(|a| std::fs::canonicalize(a).ok())?;
    let mounts = std::fs::read_to_string("/proc/self/mountinfo").ok()?;
    fs_type_of(&mounts, &real.to_string_lossy())
}

/// The network file system `db` would live on, if any.
pub fn network_fs_of(db: &Path) -> Option<NetworkFs> {
    fs_type(db).as_deref().and_then(network_fs)
}

/// Refuses to write a database on a network file system.
pub(crate) fn refuse_network(db: &Path) -> StoreResult<()> {
    match network_fs_of(db) {
        Some(kind) => Err(StoreError::Database(DatabaseFailure::NetworkFolder(kind))),
        None => Ok(()),
    }
}
