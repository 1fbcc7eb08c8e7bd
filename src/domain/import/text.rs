//! A CSV file's bytes checked as they are read, chunk by chunk, so that a
//! file of any size is checked in little memory before a row is read:
//! whether it is UTF-8 (a byte-order mark allowed) or GBK as older Excel
//! saves "CSV", and where a quoted cell opens that never closes (such a
//! cell would swallow the rest of the file).

use super::FileProblem;

pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Which encoding the bytes are checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// GB18030, which GBK is part of.
    Gbk,
}

/// Where the CSV reader stands, for the quote check: a quote opens a
/// quoted cell only at the cell's start; `""` inside is a quote.
#[derive(Debug, Clone, Copy, PartialEq)]
enum At {
    CellStart,
    Plain,
    Quoted,
    QuoteInQuoted,
}

/// The checks over the bytes seen so far. The quote check reads bytes,
/// not characters: in UTF-8 and in GB18030 no byte of a multi-byte
/// character is a quote, a comma or a line break.
pub struct TextCheck {
    encoding: Encoding,
    /// The first bytes, until it is known whether they are a byte-order mark.
    head: Vec<u8>,
    head_done: bool,
    /// The end of the last chunk that may begin a UTF-8 character.
    pending: Vec<u8>,
    gbk: Option<encoding_rs::Decoder>,
    scratch: String,
    /// The line of the first byte that is not of the encoding.
    bad_line: Option<u64>,
    at: At,
    line: u64,
    opened: u64,
}

impl TextCheck {
    pub fn new(encoding: Encoding) -> Self {
        TextCheck {
            encoding,
            head: Vec::new(),
            head_done: false,
            pending: Vec::new(),
            gbk: (encoding == Encoding::Gbk)
                .then(|| encoding_rs::GB18030.new_decoder_without_bom_handling()),
            scratch: String::new(),
            bad_line: None,
            at: At::CellStart,
            line: 1,
            opened: 1,
        }
    }

    /// Checks the next bytes of the file.
    pub fn feed(&mut self, chunk: &[u8]) {
        if self.head_done {
            return self.check(chunk, false);
        }
        // Held until it is known whether the file starts with the mark.
        self.head.extend_from_slice(chunk);
        if self.head.len() >= UTF8_BOM.len() {
            self.head_done = true;
            let head = std::mem::take(&mut self.head);
            self.check(head.strip_prefix(UTF8_BOM).unwrap_or(&head), false);
        }
    }

    fn check(&mut self, bytes: &[u8], last: bool) {
        if self.bad_line.is_none() {
            match self.encoding {
                Encoding::Utf8 => self.check_utf8(bytes, last),
                Encoding::Gbk => self.check_gbk(bytes, last),
            }
        }
        for &b in bytes {
            self.at = match (self.at, b) {
                (At::CellStart, b'"') => {
                    self.opened = self.line;
                    At::Quoted
                }
                (At::Quoted, b'"') => At::QuoteInQuoted,
                (At::Quoted, _) => At::Quoted,
                (At::QuoteInQuoted, b'"') => At::Quoted,
                (_, b',' | b'\n') => At::CellStart,
                (At::CellStart | At::Plain | At::QuoteInQuoted, _) => At::Plain,
            };
            if b == b'\n' {
                self.line += 1;
            }
        }
    }

    fn check_utf8(&mut self, bytes: &[u8], last: bool) {
        // `pending` holds no line break: `self.line` is its line too.
        let mut joined = std::mem::take(&mut self.pending);
        joined.extend_from_slice(bytes);
        if let Err(e) = std::str::from_utf8(&joined) {
            let valid = &joined[..e.valid_up_to()];
            if e.error_len().is_none() && !last {
                // A character cut by the chunk's end: kept for the next.
                self.pending = joined[e.valid_up_to()..].to_vec();
            } else {
                let breaks = valid.iter().filter(|b| **b == b'\n').count() as u64;
                self.bad_line = Some(self.line + breaks);
            }
        }
    }

    fn check_gbk(&mut self, bytes: &[u8], last: bool) {
        let Some(decoder) = self.gbk.as_mut() else {
            return;
        };
        let mut read = 0;
        loop {
            self.scratch.clear();
            let (result, n) = decoder.decode_to_string_without_replacement(
                &bytes[read..],
                &mut self.scratch,
                last,
            );
            read += n;
            match result {
                encoding_rs::DecoderResult::InputEmpty => return,
                encoding_rs::DecoderResult::OutputFull => {
                    self.scratch.reserve(4096.max(bytes.len() - read));
                }
                encoding_rs::DecoderResult::Malformed(..) => {
                    let breaks = bytes[..read].iter().filter(|b| **b == b'\n').count() as u64;
                    self.bad_line = Some(self.line + breaks);
                    return;
                }
            }
        }
    }

    /// The end of the file: whether every byte was of the encoding and
    /// every quoted cell closed.
    pub fn finish(mut self) -> Result<(), FileProblem> {
        // A file shorter than the mark is checked as it is.
        let head = std::mem::take(&mut self.head);
        self.check(head.strip_prefix(UTF8_BOM).unwrap_or(&head), true);
        if let Some(line) = self.bad_line {
            return Err(FileProblem::NotUtf8 { line });
        }
        match self.at {
            At::Quoted => Err(FileProblem::UnbalancedQuote { line: self.opened }),
            _ => Ok(()),
        }
    }
}

/// Checks a whole text in memory: UTF-8, else GBK; `Ok(true)` for GBK.
/// A file that is neither is refused at its first line that is not UTF-8.
pub fn check_bytes(bytes: &[u8]) -> Result<bool, FileProblem> {
    let run = |encoding| {
        let mut check = TextCheck::new(encoding);
        for chunk in bytes.chunks(64 * 1024) {
            check.feed(chunk);
        }
        check.finish()
    };
    match run(Encoding::Utf8) {
        Err(utf8 @ FileProblem::NotUtf8 { .. }) => match run(Encoding::Gbk) {
            Ok(()) => Ok(true),
            Err(FileProblem::NotUtf8 { .. }) => Err(utf8),
            Err(other) => Err(other),
        },
        other => other.map(|()| false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_in_chunks(bytes: &[u8], size: usize, encoding: Encoding) -> Result<(), FileProblem> {
        let mut check = TextCheck::new(encoding);
        for chunk in bytes.chunks(size) {
            check.feed(chunk);
        }
        check.finish()
    }

    #[test]
    fn characters_cut_by_any_chunk_boundary_are_whole_again() {
        let text = "编号,内容\n1,\"路灯坏了，\"\"晚上\"\"看不见\"\n2,垃圾桶\n".as_bytes();
        for size in 1..text.len() {
            assert_eq!(
                check_in_chunks(text, size, Encoding::Utf8),
                Ok(()),
                "{size}"
            );
        }
        let mut with_mark = UTF8_BOM.to_vec();
        with_mark.extend_from_slice(b"\"a\",b\n");
        for size in 1..with_mark.len() {
            assert_eq!(
                check_in_chunks(&with_mark, size, Encoding::Utf8),
                Ok(()),
                "{size}"
            );
        }
    }

    #[test]
    fn the_first_bad_line_and_the_unclosed_quote_are_named() {
        let bad = b"a,b\nc,\xff\n";
        for size in 1..bad.len() {
            assert_eq!(
                check_in_chunks(bad, size, Encoding::Utf8),
                Err(FileProblem::NotUtf8 { line: 2 }),
                "{size}"
            );
        }
        // A character cut at the very end is not UTF-8 either.
        assert_eq!(
            check_in_chunks(
                "a\n路".as_bytes().split_last().unwrap().1,
                2,
                Encoding::Utf8
            ),
            Err(FileProblem::NotUtf8 { line: 2 })
        );
        let open = "a,b\n1,\"路灯\n2,x\n".as_bytes();
        for size in 1..open.len() {
            assert_eq!(
                check_in_chunks(open, size, Encoding::Utf8),
                Err(FileProblem::UnbalancedQuote { line: 2 })
            );
        }
    }

    #[test]
    fn gbk_is_told_from_utf8_and_from_neither() {
        let (gbk, _, _) = encoding_rs::GBK.encode("接待日期,内容\n2026-11-10,\"路灯\"\n");
        assert_eq!(check_bytes(&gbk), Ok(true));
        assert_eq!(check_bytes("接待日期\n".as_bytes()), Ok(false));
        for size in 1..gbk.len() {
            assert_eq!(check_in_chunks(&gbk, size, Encoding::Gbk), Ok(()), "{size}");
        }
        assert_eq!(
            check_bytes(b"a\nb\n\x80\xff\xff\n"),
            Err(FileProblem::NotUtf8 { line: 3 })
        );
        assert_eq!(check_bytes(b""), Ok(false));
        assert_eq!(check_bytes(UTF8_BOM), Ok(false));
    }
}
