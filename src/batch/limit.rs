//! The row-size cap of a batch's input: a reader that passes a CSV
//! through unchanged but for rows over [`MAX_ROW`] bytes, which it cuts and
//! notes, so that memory stays flat whatever a line holds; and blank lines
//! after the header, which it passes on as a row the csv reader counts, so
//! that every row keeps the line an editor shows.

use std::io::Read;

/// A row may hold this many bytes; a larger one is a row error, read no
/// further than this, so that memory stays flat whatever a line holds.
pub const MAX_ROW: u64 = 1 << 20;

/// The rows a [`Limited`] reader cut, by the line the csv reader sees them
/// on (the lines a cut row dropped are not seen): (that line, the row's
/// size, the line ends it dropped).
#[derive(Debug, Default)]
pub struct CutRows {
    rows: std::sync::Mutex<std::collections::VecDeque<(u64, u64, u64)>>,
    /// How many are waiting (read without a lock when there are none).
    waiting: std::sync::atomic::AtomicUsize,
    /// Line ends dropped before the rows not yet asked about.
    shift: std::sync::atomic::AtomicU64,
}

pub type Cuts = std::sync::Arc<CutRows>;

impl CutRows {
    fn push(&self, seen_line: u64, size: u64, dropped: u64) {
        let mut rows = self.rows.lock().unwrap_or_else(|p| p.into_inner());
        rows.push_back((seen_line, size, dropped));
        self.waiting
            .store(rows.len(), std::sync::atomic::Ordering::Release);
    }

    /// For the record the csv reader saw on `seen_line`: its size if it was
    /// cut, and how many lines were dropped before it.
    pub(super) fn take(&self, seen_line: u64) -> (Option<u64>, u64) {
        use std::sync::atomic::Ordering;
        if self.waiting.load(Ordering::Acquire) == 0 {
            return (None, self.shift.load(Ordering::Acquire));
        }
        let mut rows = self.rows.lock().unwrap_or_else(|p| p.into_inner());
        let mut shift = self.shift.load(Ordering::Acquire);
        while let Some(&(l, _, dropped)) = rows.front().filter(|(l, _, _)| *l < seen_line) {
            let _ = l;
            shift += dropped;
            rows.pop_front();
        }
        let before = shift;
        let hit = match rows.front() {
            Some(&(l, size, dropped)) if l == seen_line => {
                shift += dropped;
                rows.pop_front();
                Some(size)
            }
            _ => None,
        };
        self.shift.store(shift, Ordering::Release);
        self.waiting.store(rows.len(), Ordering::Release);
        (hit, before)
    }
}

/// A reader that passes a CSV through unchanged but for rows over
/// `max` bytes: those it cuts at `max` (closing an open quote), drops the
/// rest of, and notes in `cuts`. It follows quotes (RFC 4180: a quote
/// opens or closes, a doubled one does both) to know where rows end.
pub(super) struct Limited {
    inner: Box<dyn Read + Send>,
    cuts: Cuts,
    max: u64,
    in_quotes: bool,
    /// Bytes of the current row so far.
    row_len: u64,
    /// Whether a row has ended (the header): blank lines after it are
    /// passed on as a space, a row the csv reader counts (and the batch
    /// skips) where it would drop an empty line and count it nowhere.
    header_seen: bool,
    /// The line the current row starts on, and the line being read.
    row_line: u64,
    line: u64,
    /// Cutting the current row: whether its kept part ended inside quotes.
    cutting: Option<bool>,
    /// Line ends dropped: before the current row, and in it.
    dropped: u64,
    row_dropped: u64,
    /// Bytes to hand out before reading more (only while cutting).
    pending: Vec<u8>,
    at: usize,
}

impl Limited {
    /// Reads `inner`, cutting rows over `max` bytes and noting them in `cuts`.
    pub(super) fn new(inner: Box<dyn Read + Send>, cuts: Cuts, max: u64) -> Self {
        Self {
            inner,
            cuts,
            max,
            in_quotes: false,
            row_len: 0,
            header_seen: false,
            row_line: 1,
            line: 1,
            cutting: None,
            dropped: 0,
            row_dropped: 0,
            pending: Vec::new(),
            at: 0,
        }
    }

    /// Follows `chunk` through rows and quotes. With `out`, passes the
    /// bytes on into it, cutting rows over the limit. Without, stops where
    /// a row passes the limit and returns that offset: the bytes before it
    /// go on as they are, the rest through `out`.
    fn scan(&mut self, chunk: &[u8], mut out: Option<&mut Vec<u8>>) -> Option<usize> {
        let mut from = 0;
        for pos in memchr::memchr2_iter(b'"', b'\n', chunk).chain(std::iter::once(chunk.len())) {
            let end = (pos + 1).min(chunk.len());
            let seg = &chunk[from..end];
            if self.cutting.is_none() {
                let room = self.max - self.row_len;
                if seg.len() as u64 > room {
                    let kept = &seg[..room as usize];
                    self.in_quotes ^= kept.iter().filter(|&&b| b == b'"').count() % 2 == 1;
                    self.row_len = self.max;
                    self.cutting = Some(self.in_quotes);
                    let Some(o) = out.as_deref_mut() else {
                        return Some(from + room as usize);
                    };
                    o.extend_from_slice(kept);
                    // The rest of the segment is dropped; its event below.
                    self.row_len += (seg.len() - kept.len()) as u64;
                    self.event(chunk, pos, out.as_deref_mut());
                    from = end;
                    continue;
                }
                let blank =
                    seg == b"\n" && self.row_len == 0 && !self.in_quotes && self.header_seen;
                match out.as_deref_mut() {
                    Some(o) if blank => o.extend_from_slice(b" \n"),
                    Some(o) => o.extend_from_slice(seg),
                    None if blank => return Some(from),
                    None => {}
                }
            }
            self.row_len += seg.len() as u64;
            self.event(chunk, pos, out.as_deref_mut());
            from = end;
        }
        None
    }

    /// Follows `chunk` at once when no row in it can pass the limit (the
    /// row so far and the whole chunk fit in it), as [`Self::scan`] would:
    /// counts its line ends, takes its quotes' parity, and finds where the
    /// last row that ends in it ends, walking back from its end. False
    /// (nothing done) when a row may pass the limit: `scan` then follows
    /// it byte by byte.
    fn pass_whole(&mut self, chunk: &[u8]) -> bool {
        if self.cutting.is_some() || self.row_len + chunk.len() as u64 > self.max {
            return false;
        }
        // A blank line is passed on changed (see `header_seen`).
        let blank_start = self.row_len == 0 && chunk.first() == Some(&b'\n');
        if blank_start || memchr::memmem::find(chunk, b"\n\n").is_some() {
            return false;
        }
        // By 255-byte pieces with one-byte sums, which the compiler turns
        // into a compare and a subtract per 32 bytes.
        let count = |byte: u8, bytes: &[u8]| -> u64 {
            bytes
                .chunks(255)
                .map(|piece| {
                    let n = piece
                        .iter()
                        .fold(0u8, |n, &b| n.wrapping_add(u8::from(b == byte)));
                    u64::from(n)
                })
                .sum()
        };
        let newlines = count(b'\n', chunk);
        let in_quotes_at_end = self.in_quotes ^ (count(b'"', chunk) % 2 == 1);
        // Backwards from the end, the quote state after each byte.
        let mut quoted = in_quotes_at_end;
        let mut last_end = None;
        for (i, &b) in chunk.iter().enumerate().rev() {
            match b {
                b'"' => quoted = !quoted,
                b'\n' if !quoted => {
                    last_end = Some(i);
                    break;
                }
                _ => {}
            }
        }
        self.line += newlines;
        self.in_quotes = in_quotes_at_end;
        match last_end {
            Some(i) => {
                self.header_seen = true;
                self.row_line = self.line - count(b'\n', &chunk[i + 1..]);
                self.row_len = (chunk.len() - i - 1) as u64;
            }
            None => self.row_len += chunk.len() as u64,
        }
        true
    }

    /// The quote or line end at `pos` (nothing at the chunk's end).
    fn event(&mut self, chunk: &[u8], pos: usize, out: Option<&mut Vec<u8>>) {
        match chunk.get(pos) {
            Some(b'"') => self.in_quotes = !self.in_quotes,
            Some(_) => {
                self.line += 1;
                if !self.in_quotes {
                    self.end_row(out);
                } else if self.cutting.is_some() {
                    self.row_dropped += 1;
                }
            }
            None => {}
        }
    }

    /// The current row ended (at a line end outside quotes, or the input's
    /// end): a cut row gets its quote closed and its line end.
    fn end_row(&mut self, out: Option<&mut Vec<u8>>) {
        if let Some(open_quote) = self.cutting.take() {
            if let Some(o) = out {
                if open_quote {
                    o.push(b'"');
                }
                o.push(b'\n');
            }
            self.in_quotes = false;
            self.cuts
                .push(self.row_line - self.dropped, self.row_len, self.row_dropped);
            self.dropped += self.row_dropped;
            self.row_dropped = 0;
        }
        self.header_seen |= self.row_len > 1;
        self.row_len = 0;
        self.row_line = self.line;
    }
}

impl Read for Limited {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            if self.at < self.pending.len() {
                let n = buf.len().min(self.pending.len() - self.at);
                buf[..n].copy_from_slice(&self.pending[self.at..self.at + n]);
                self.at += n;
                return Ok(n);
            }
            self.pending.clear();
            self.at = 0;
            if self.cutting.is_none() {
                // The usual case: the bytes go through untouched.
                let n = self.inner.read(buf)?;
                if n == 0 {
                    return Ok(0);
                }
                if self.pass_whole(&buf[..n]) {
                    return Ok(n);
                }
                let Some(cut) = self.scan(&buf[..n], None) else {
                    return Ok(n);
                };
                let rest = buf[cut..n].to_vec();
                let mut out = std::mem::take(&mut self.pending);
                // The cut row's kept part is before `cut`; what follows is
                // dropped up to the row's end.
                self.scan(&rest, Some(&mut out));
                self.pending = out;
                if cut > 0 {
                    return Ok(cut);
                }
                continue;
            }
            let mut chunk = vec![0; 64 * 1024];
            let n = self.inner.read(&mut chunk)?;
            let mut out = std::mem::take(&mut self.pending);
            if n == 0 {
                self.end_row(Some(&mut out));
                self.pending = out;
                if self.pending.is_empty() {
                    return Ok(0);
                }
                continue;
            }
            self.scan(&chunk[..n], Some(&mut out));
            self.pending = out;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hands out at most three bytes a read: every chunk boundary is tried.
    struct Trickle(std::io::Cursor<Vec<u8>>);

    impl Read for Trickle {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = buf.len().min(3);
            self.0.read(&mut buf[..n])
        }
    }

    fn limited(text: &str, max: u64, trickle: bool) -> (Vec<u8>, Cuts) {
        let cuts = Cuts::default();
        let inner: Box<dyn Read + Send> = if trickle {
            Box::new(Trickle(std::io::Cursor::new(text.as_bytes().to_vec())))
        } else {
            Box::new(std::io::Cursor::new(text.as_bytes().to_vec()))
        };
        let mut r = Limited::new(inner, cuts.clone(), max);
        let mut out = Vec::new();
        r.read_to_end(&mut out).unwrap();
        (out, cuts)
    }

    #[test]
    fn a_row_over_the_limit_is_cut_and_its_quote_closed() {
        let big = "2,\"a very long quoted\nvalue, \"\"with\"\" quotes\"\n";
        let text = format!("a,b\n1,short\n{big}3,ok\n");
        for trickle in [false, true] {
            let (out, cuts) = limited(&text, 12, trickle);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                "a,b\n1,short\n2,\"a very lo\"\n3,ok\n",
                "trickle: {trickle}"
            );
            // Seen on line 3, the row's size, one line end dropped.
            assert_eq!(cuts.take(3), (Some(big.len() as u64), 0));
            assert_eq!(cuts.take(4), (None, 1), "later rows move down a line");
        }
        // A cut row at the end of the input, without a line end.
        let (out, _) = limited("a,b\n1,\"0123456789abcdef", 8, true);
        assert_eq!(String::from_utf8(out).unwrap(), "a,b\n1,\"01234\"\n");
        // Nothing over the limit: the bytes pass untouched.
        let text = "a,b\n1,\"x\ny\"\n";
        assert_eq!(limited(text, 100, true).0, text.as_bytes());
    }

    /// However the input arrives (three bytes a read, or as much as the
    /// reader asks for, when whole chunks are passed at once), the rows
    /// cut, the bytes passed and the lines noted are the same.
    #[test]
    fn cuts_do_not_depend_on_how_the_input_arrives() {
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        for _ in 0..3_000 {
            let text: String = (0..next(200))
                .map(|_| ['a', 'b', ',', '"', '\n', 'x'][next(6) as usize])
                .collect();
            let max = 4 + next(40);
            let (a, ca) = limited(&text, max, true);
            let (b, cb) = limited(&text, max, false);
            assert_eq!(a, b, "{text:?} max {max}");
            let rows = |c: &Cuts| format!("{:?}", c.rows.lock().unwrap());
            assert_eq!(rows(&ca), rows(&cb), "{text:?} max {max}");
        }
    }
}
