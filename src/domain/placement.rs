//! Where a database file may live. SQLite's write-ahead log keeps its
//! shared index in memory mapped from a file beside the database, which
//! computers cannot share over a network, and locking over NFS or SMB is
//! unreliable: two desks writing one file in a shared folder can corrupt
//! the register. Such file systems are named here, from the type the
//! system reports for the folder's mount (`/proc/self/mountinfo`).

/// The kinds of file system the desk will not write a database on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NetworkFs {
    Nfs,
    Smb,
    NineP,
    /// A FUSE file system that reaches another computer (sshfs and kin).
    FuseNetwork,
    /// Another network file system (Ceph, GlusterFS, AFS, WebDAV…).
    Other,
}

/// The file-system type as the system names it (`ext4`, `nfs4`, `cifs`,
/// `fuse.sshfs`): a network file system, or `None` when it is local.
pub fn network_fs(fs_type: &str) -> Option<NetworkFs> {
    let t = fs_type.trim().to_ascii_lowercase();
    match t.as_str() {
        "nfs" | "nfs4" | "nfsd" => Some(NetworkFs::Nfs),
        "cifs" | "smb" | "smb2" | "smb3" | "smbfs" => Some(NetworkFs::Smb),
        "9p" | "v9fs" => Some(NetworkFs::NineP),
        "ceph" | "glusterfs" | "afs" | "davfs" | "ncpfs" | "coda" | "lustre" | "ocfs2" | "gfs2" => {
            Some(NetworkFs::Other)
        }
        _ => {
            let sub = t.strip_prefix("fuse.")?;
            const REMOTE: [&str; 8] = [
                "sshfs",
                "rclone",
                "s3fs",
                "gcsfuse",
                "davfs",
                "curlftpfs",
                "smbnetfs",
                "glusterfs",
            ];
            REMOTE.contains(&sub).then_some(NetworkFs::FuseNetwork)
        }
    }
}

/// The file-system type of the mount that holds `path` (already made
/// absolute, symbolic links resolved), from the lines of
/// `/proc/self/mountinfo`: the longest mount point that contains it.
pub fn fs_type_of(mountinfo: &str, path: &str) -> Option<String> {
    let mut best: Option<(usize, String)> = None;
    for line in mountinfo.lines() {
        let fields: Vec<&str> = line.split(' ').collect();
        let Some(dash) = fields.iter().position(|f| *f == "-") else {
            continue;
        };
        let (Some(mount), Some(fs)) = (fields.get(4), fields.get(dash + 1)) else {
            continue;
        };
        let mount = unescape(mount);
        let inside = path == mount
            || mount == "/"
            || path.starts_with(&mount) && path[mount.len()..].starts_with('/');
        if inside && best.as_ref().is_none_or(|(len, _)| mount.len() >= *len) {
            best = Some((mount.len(), fs.to_string()));
        }
    }
    best.map(|(_, fs)| fs)
}

/// Mount points escape spaces and the like as `\040`.
fn unescape(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let octal = bytes.get(i + 1..i + 4).and_then(|d| {
            std::str::from_utf8(d)
                .ok()
                .and_then(|s| u8::from_str_radix(s, 8).ok())
        });
        match (bytes[i], octal) {
            (b'\\', Some(b)) => {
                out.push(b);
                i += 4;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn network_file_systems_are_named_and_local_ones_pass() {
        for (fs, kind) in [
            ("nfs", NetworkFs::Nfs),
            ("nfs4", NetworkFs::Nfs),
            ("cifs", NetworkFs::Smb),
            ("smb3", NetworkFs::Smb),
            ("9p", NetworkFs::NineP),
            ("fuse.sshfs", NetworkFs::FuseNetwork),
            ("fuse.rclone", NetworkFs::FuseNetwork),
            ("ceph", NetworkFs::Other),
        ] {
            assert_eq!(network_fs(fs), Some(kind), "{fs}");
        }
        for fs in [
            "ext4",
            "xfs",
            "btrfs",
            "tmpfs",
            "overlay",
            "vfat",
            "ntfs3",
            "fuse.ntfs-3g",
            "zfs",
        ] {
            assert_eq!(network_fs(fs), None, "{fs}");
        }
    }

    #[test]
    fn the_longest_mount_point_that_holds_the_path_decides() {
        let info = "22 1 0:21 / / rw - ext4 /dev/sda1 rw\n\
                    30 22 0:40 / /mnt/share rw - cifs //server/share rw\n\
                    31 22 0:41 / /mnt/share\\040two rw - nfs4 server:/x rw\n\
                    32 22 0:42 / /mnt/sharex rw - ext4 /dev/sdb1 rw\n";
        assert_eq!(
            fs_type_of(info, "/home/desk/desk.db").as_deref(),
            Some("ext4")
        );
        assert_eq!(
            fs_type_of(info, "/mnt/share/desk.db").as_deref(),
            Some("cifs")
        );
        assert_eq!(
            fs_type_of(info, "/mnt/share two/desk.db").as_deref(),
            Some("nfs4")
        );
        assert_eq!(
            fs_type_of(info, "/mnt/sharex/desk.db").as_deref(),
            Some("ext4")
        );
    }
}
