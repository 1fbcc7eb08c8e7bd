//! What commands print. Text from the database may hold control
//! characters (an imported cell with an escape sequence); they are shown
//! escaped, never passed to the terminal. A reader that goes away (`… |
//! head -1`) ends the command quietly.

use std::fmt::Display;
use std::io::Write;

/// The exit code of a program whose reader closed the pipe (128 + SIGPIPE),
/// as shells report it.
const PIPE_CLOSED: i32 = 141;

/// `text` with every control character but line breaks and tabs written
/// as `\u{…}`, so that data cannot move the cursor, set a title or
/// clear the screen.
pub fn clean(text: &str) -> String {
    let mut shown = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() && c != '\n' && c != '\t' {
            shown.push_str(&c.escape_unicode().to_string());
        } else {
            shown.push(c);
        }
    }
    shown
}

fn write_line(mut to: impl Write, text: &dyn Display, newline: bool) {
    let text = clean(&text.to_string());
    let written = if newline {
        writeln!(to, "{text}")
    } else {
        write!(to, "{text}")
    };
    match written.and_then(|()| to.flush()) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(PIPE_CLOSED),
        // Output that cannot be written (a full disk, a closed descriptor)
        // must not end as success: the result is lost.
        Err(_) => {
            let said = UNWRITTEN
                .get()
                .copied()
                .unwrap_or("output could not be written");
            let _ = writeln!(std::io::stderr(), "{said}");
            std::process::exit(1);
        }
    }
}

/// What to say when output cannot be written, in the user's language.
static UNWRITTEN: std::sync::OnceLock<&'static str> = std::sync::OnceLock::new();

/// Sets the words for output that cannot be written.
pub fn set_unwritten_message(said: &'static str) {
    let _ = UNWRITTEN.set(said);
}

/// A line on standard output.
pub fn say(text: impl Display) {
    write_line(std::io::stdout().lock(), &text, true);
}

/// Text on standard output as it is (a report that ends its own lines).
pub fn say_block(text: impl Display) {
    write_line(std::io::stdout().lock(), &text, false);
}

/// A line on standard error.
pub fn tell(text: impl Display) {
    write_line(std::io::stderr().lock(), &text, true);
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn control_characters_from_data_are_shown_escaped() {
        assert_eq!(clean("张三\u{1b}[2J"), "张三\\u{1b}[2J");
        assert_eq!(clean("a\u{0}b\u{7}"), "a\\u{0}b\\u{7}");
        // OSC (set the window title) and the one-byte CSI of C1.
        assert_eq!(clean("\u{1b}]0;x\u{7}"), "\\u{1b}]0;x\\u{7}");
        assert_eq!(clean("\u{9b}31m"), "\\u{9b}31m");
        assert_eq!(clean("第一行\n\t第二行"), "第一行\n\t第二行");
    }
}
