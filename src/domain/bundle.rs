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

/// A bundle's three parts, as read from its bytes.
#[derive(Debug)]
pub struct BundleParts<'a> {
    pub header_line: &'a [u8],
    pub header: BundleHeader,
    pub signature: Vec<u8>,
    pub payload: &'a [u8],
}

/// Splits a bundle file into its parts, checking the layout (not yet the
/// signature, which needs the key).
pub fn split(bytes: &[u8]) -> Result<BundleParts<'_>, BundleProblem> {
    let mut rest = bytes;
    let mut line = || -> Option<&[u8]> {
        let end = rest.iter().position(|b| *b == b'\n')?;
        let (l, r) = rest.split_at(end);
        rest = &r[1..];
        Some(l)
    };
    // A file cut inside its first line still begins as a bundle does.
    let begun = MAGIC.as_bytes().starts_with(bytes) || bytes.starts_with(MAGIC.as_bytes());
    let magic = line().ok_or(if begun && !bytes.is_empty() {
        BundleProblem::Truncated
    } else {
        BundleProblem::NotABundle
    })?;
    if magic != MAGIC.as_bytes() {
        return Err(BundleProblem::NotABundle);
    }
    let header_line = line().ok_or(BundleProblem::Truncated)?;
    let header: BundleHeader =
        serde_json::from_slice(header_line).map_err(|_| BundleProblem::BadHeader)?;
    let signature = line()
        .and_then(|s| from_hex(std::str::from_utf8(s).ok()?))
        .ok_or(BundleProblem::Truncated)?;
    let payload = rest;
    match (payload.len() as u64).cmp(&header.payload_bytes) {
        std::cmp::Ordering::Less => Err(BundleProblem::Truncated),
        std::cmp::Ordering::Greater => Err(BundleProblem::PayloadChanged),
        std::cmp::Ordering::Equal => Ok(BundleParts {
            header_line,
            header,
            signature,
            payload,
        }),
    }
}

/// The file's bytes from its parts.
pub fn join(header_line: &str, signature: &[u8], payload_len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(MAGIC.len() + header_line.len() + 140 + payload_len);
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
        let mut bytes = join(&line, &[7u8; 64], payload.len());
        bytes.extend_from_slice(payload);
        bytes
    }

    #[test]
    fn a_file_splits_into_its_parts() {
        let bytes = file(b"SQLite format 3\0rest");
        let parts = split(&bytes).unwrap();
        assert_eq!(parts.header.station.code, "HD01");
        assert_eq!(parts.signature, vec![7u8; 64]);
        assert_eq!(parts.payload, b"SQLite format 3\0rest");
    }

    #[test]
    fn cut_or_foreign_files_are_named() {
        let bytes = file(b"payload bytes");
        assert_eq!(
            split(&bytes[..bytes.len() - 3]).unwrap_err(),
            BundleProblem::Truncated
        );
        assert_eq!(split(&bytes[..10]).unwrap_err(), BundleProblem::Truncated);
        assert_eq!(
            split(b"PK\x03\x04 a zip").unwrap_err(),
            BundleProblem::NotABundle
        );
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(split(&longer).unwrap_err(), BundleProblem::PayloadChanged);
        let mut bad = bytes.clone();
        bad[MAGIC.len() + 1] = b'x';
        assert_eq!(split(&bad).unwrap_err(), BundleProblem::BadHeader);
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
