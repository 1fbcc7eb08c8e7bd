//! A station bundle: the file a station (or a hub) hands up to the town or
//! county. Its layout is open and fixed:
//!
//! ```text
//! LIAISON-DESK-BUNDLE/1\n
//! {header as one line of JSON}\n
//! {Ed25519 signature of the header line, 128 hex digits}\n
//! {payload: a SQLite database of `payload_bytes` bytes}
//! ```
//!
//! The header names the station and its public key and carries the
//! payload's SHA-256, so the one signature covers every byte. This module
//! reads and checks the layout; the keys and the database live elsewhere.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const MAGIC: &str = "LIAISON-DESK-BUNDLE/1";

/// The station a bundle is from (or the hub that wrote it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleStation {
    pub id: String,
    pub code: String,
    pub name: String,
}

/// The audit chain's newest entry when the bundle was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleAnchor {
    pub seq: i64,
    pub hash: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BundleHeader {
    /// The desk's schema version of the payload.
    pub schema: i64,
    pub station: BundleStation,
    /// Ed25519, 64 hex digits.
    pub public_key: String,
    pub created_at: String,
    /// The period of receptions and activities carried; both absent for the
    /// whole history.
    pub from: Option<String>,
    pub to: Option<String>,
    /// The last day the bundle's data covers.
    pub data_through: String,
    pub with_contacts: bool,
    /// Written by a hub: the payload holds its stations' bundles.
    #[serde(default)]
    pub hub: bool,
    /// Rows carried, by register.
    pub counts: BTreeMap<String, i64>,
    pub anchor: Option<BundleAnchor>,
    pub payload_bytes: u64,
    pub payload_sha256: String,
}

/// Why a file is not a bundle that can be trusted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BundleProblem {
    /// Not a bundle at all (another file given by mistake).
    NotABundle,
    /// Shorter than its header says: cut off in copying.
    Truncated,
    /// The header cannot be read.
    BadHeader,
    /// The signature does not match the header and key.
    BadSignature,
    /// The payload is not the one the header vouches for.
    PayloadChanged,
}

/// A bundle's first three lines, as read from the start of its file; the
/// payload follows them.
#[derive(Debug)]
pub struct BundleHead {
    pub header_line: Vec<u8>,
    pub header: BundleHeader,
    pub signature: Vec<u8>,
    /// The three lines' bytes as they are in the file (the whole file's
    /// digest begins with them).
    pub raw: Vec<u8>,
}

/// The longest header line read: a header is a few hundred bytes, and a
/// file that is not a bundle may run for megabytes without a newline.
const MAX_HEADER_LINE: u64 = 1 << 20;

/// Reads a bundle's three lines from `r`, checking the layout (not yet the
/// signature, which needs the key); `r` is left at the payload's start.
pub fn read_head<R: std::io::BufRead>(r: &mut R) -> Result<BundleHead, BundleRead> {
    use std::io::{BufRead, Read};
    let mut raw = Vec::new();
    // One line of at most `cap` bytes, or what was there if it ended first.
    let mut line = |cap: u64| -> Result<(Vec<u8>, bool), BundleRead> {
        let mut buf = Vec::new();
        r.by_ref()
            .take(cap)
            .read_until(b'\n', &mut buf)
            .map_err(BundleRead::Io)?;
        raw.extend_from_slice(&buf);
        let whole = buf.last() == Some(&b'\n');
        if whole {
            buf.pop();
        }
        Ok((buf, whole))
    };
    let problem = |p| Err(BundleRead::Problem(p));
    let (magic, whole) = line(MAGIC.len() as u64 + 1)?;
    if !whole {
        // A file cut inside its first line still begins as a bundle does.
        let begun = !magic.is_empty() && MAGIC.as_bytes().starts_with(&magic);
        return problem(if begun {
            BundleProblem::Truncated
        } else {
            BundleProblem::NotABundle
        });
    }
    if magic != MAGIC.as_bytes() {
        return problem(BundleProblem::NotABundle);
    }
    let (header_line, whole) = line(MAX_HEADER_LINE)?;
    if !whole {
        return problem(BundleProblem::Truncated);
    }
    let Ok(header) = serde_json::from_slice::<BundleHeader>(&header_line) else {
        return problem(BundleProblem::BadHeader);
    };
    let (signature, whole) = line(256)?;
    let signature = std::str::from_utf8(&signature)
        .ok()
        .filter(|_| whole)
        .and_then(from_hex);
    let Some(signature) = signature else {
        return problem(BundleProblem::Truncated);
    };
    Ok(BundleHead {
        header_line,
        header,
        signature,
        raw,
    })
}

/// Copies a payload of `expected` bytes from `r` to `w`, a piece at a time
/// (a county's bundle may be large), giving each piece to `seen` (for its
/// digest). Shorter is a cut file; longer is a changed one, and stops as
/// soon as it is.
pub fn copy_payload(
    r: &mut impl std::io::Read,
    w: &mut impl std::io::Write,
    expected: u64,
    mut seen: impl FnMut(&[u8]),
) -> Result<(), BundleRead> {
    let mut buf = vec![0u8; 64 * 1024];
    let mut total = 0u64;
    loop {
        let n = match r.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(BundleRead::Io(e)),
        };
        total += n as u64;
        if total > expected {
            return Err(BundleRead::Problem(BundleProblem::PayloadChanged));
        }
        seen(&buf[..n]);
        w.write_all(&buf[..n]).map_err(BundleRead::Write)?;
    }
    if total < expected {
        return Err(BundleRead::Problem(BundleProblem::Truncated));
    }
    Ok(())
}

/// Why reading a bundle stopped: what is wrong with it, the disk it is
/// read from, or the disk its payload is copied to (full, say).
#[derive(Debug)]
pub enum BundleRead {
    Problem(BundleProblem),
    Io(std::io::Error),
    Write(std::io::Error),
}

/// The file's first three lines; the payload follows them.
pub fn join(header_line: &str, signature: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(MAGIC.len() + header_line.len() + 140);
    out.extend_from_slice(MAGIC.as_bytes());
    out.push(b'\n');
    out.extend_from_slice(header_line.as_bytes());
    out.push(b'\n');
    out.extend_from_slice(to_hex(signature).as_bytes());
    out.push(b'\n');
    out
}

pub fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn from_hex(text: &str) -> Option<Vec<u8>> {
    if text.len() % 2 != 0 || !text.is_ascii() {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
        .collect()
}

/// A visitor's name as a bundle carries it without contacts: the family
/// name and 某 (赵某), or 保密 for a confidential visit; no name stays none.
pub fn visitor_in_bundle(
    name: Option<&str>,
    confidential: bool,
    secret_word: &str,
) -> Option<String> {
    let name = name.map(str::trim).filter(|n| !n.is_empty())?;
    if confidential {
        return Some(secret_word.to_string());
    }
    name.chars().next().map(|first| format!("{first}某"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A disk that takes nothing (full, say).
    struct Full;
    impl std::io::Write for Full {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::from_raw_os_error(28))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_payload_that_cannot_be_written_blames_the_disk_not_the_bundle() {
        let mut r: &[u8] = b"payload";
        let copied = copy_payload(&mut r, &mut Full, 7, |_| {});
        assert!(
            matches!(&copied, Err(BundleRead::Write(e)) if e.raw_os_error() == Some(28)),
            "{copied:?}"
        );
    }

    fn header(payload: &[u8]) -> BundleHeader {
        BundleHeader {
            schema: 10,
            station: BundleStation {
                id: "s".into(),
                code: "HD01".into(),
                name: "海淀".into(),
            },
            public_key: "00".repeat(32),
            created_at: "2026-12-01 09:00:00".into(),
            from: None,
            to: None,
            data_through: "2026-12-01".into(),
            with_contacts: false,
            hub: false,
            counts: BTreeMap::new(),
            anchor: None,
            payload_bytes: payload.len() as u64,
            payload_sha256: String::new(),
        }
    }

    fn file(payload: &[u8]) -> Vec<u8> {
        let line = serde_json::to_string(&header(payload)).unwrap();
        let mut bytes = join(&line, &[7u8; 64]);
        bytes.extend_from_slice(payload);
        bytes
    }

    /// The head and the payload as read from `bytes`, or why not.
    fn read(bytes: &[u8]) -> Result<(BundleHead, Vec<u8>), BundleProblem> {
        let mut r = bytes;
        let head = match read_head(&mut r) {
            Ok(head) => head,
            Err(BundleRead::Problem(p)) => return Err(p),
            Err(BundleRead::Io(e) | BundleRead::Write(e)) => panic!("{e}"),
        };
        let mut payload = Vec::new();
        let expected = head.header.payload_bytes;
        match copy_payload(&mut r, &mut payload, expected, |_| {}) {
            Ok(()) => Ok((head, payload)),
            Err(BundleRead::Problem(p)) => Err(p),
            Err(BundleRead::Io(e) | BundleRead::Write(e)) => panic!("{e}"),
        }
    }

    #[test]
    fn a_file_reads_as_its_parts() {
        let bytes = file(b"SQLite format 3\0rest");
        let (head, payload) = read(&bytes).unwrap();
        assert_eq!(head.header.station.code, "HD01");
        assert_eq!(head.signature, vec![7u8; 64]);
        assert_eq!(payload, b"SQLite format 3\0rest");
        assert_eq!(head.raw, bytes[..bytes.len() - payload.len()]);
    }

    #[test]
    fn cut_or_foreign_files_are_named() {
        let bytes = file(b"payload bytes");
        let problem = |b: &[u8]| read(b).unwrap_err();
        assert_eq!(problem(&bytes[..bytes.len() - 3]), BundleProblem::Truncated);
        assert_eq!(problem(&bytes[..10]), BundleProblem::Truncated);
        assert_eq!(problem(b"PK\x03\x04 a zip"), BundleProblem::NotABundle);
        // No newline for a long way: not a bundle, and not read to its end.
        assert_eq!(problem(&[b'x'; 4096]), BundleProblem::NotABundle);
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(problem(&longer), BundleProblem::PayloadChanged);
        let mut bad = bytes.clone();
        bad[MAGIC.len() + 1] = b'x';
        assert_eq!(problem(&bad), BundleProblem::BadHeader);
    }

    #[test]
    fn visitors_keep_only_their_family_name() {
        assert_eq!(
            visitor_in_bundle(Some("赵大妈"), false, "保密").as_deref(),
            Some("赵某")
        );
        assert_eq!(
            visitor_in_bundle(Some("赵大妈"), true, "保密").as_deref(),
            Some("保密")
        );
        assert_eq!(visitor_in_bundle(Some("  "), false, "保密"), None);
        assert_eq!(visitor_in_bundle(None, true, "保密"), None);
    }

    #[test]
    fn hex_goes_both_ways() {
        assert_eq!(to_hex(&[0, 255, 16]), "00ff10");
        assert_eq!(from_hex("00ff10"), Some(vec![0, 255, 16]));
        assert_eq!(from_hex("0g"), None);
        assert_eq!(from_hex("abc"), None);
    }
}
