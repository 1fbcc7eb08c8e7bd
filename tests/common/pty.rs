//! The real binary in a real pseudo-terminal, read back through a
//! terminal emulator.

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The program under test: the one `cargo test` built, or another build
/// named by `LIAISON_DESK_BIN` (e.g. `target/release/liaison-desk`).
pub fn bin() -> std::path::PathBuf {
    std::env::var_os("LIAISON_DESK_BIN")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_liaison-desk").into())
}
const TIMEOUT: Duration = Duration::from_secs(20);

pub const TAB: &str = "\t";
pub const BACK_TAB: &str = "\x1b[Z";
pub const ENTER: &str = "\r";
pub const ESC: &str = "\x1b";
pub const SPACE: &str = " ";
pub const F2: &str = "\x1bOQ";
pub const F4: &str = "\x1bOS";
pub const F5: &str = "\x1b[15~";
pub const F10: &str = "\x1b[21~";
pub const PAGE_DOWN: &str = "\x1b[6~";
pub const RIGHT: &str = "\x1b[C";
pub const DOWN: &str = "\x1b[B";
pub const CTRL_S: &str = "\x13";

pub struct Session {
    pub child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    pub parser: Arc<Mutex<vt100::Parser>>,
    reader: Option<std::thread::JoinHandle<()>>,
}

impl Session {
    /// Starts the program on `db` with the clock at 2026-11-10 09:30, its
    /// home and config folders under `home`, and any extra arguments.
    pub fn spawn(
        home: &Path,
        db: &Path,
        size: (u16, u16),
        args: &[&str],
        env: &[(&str, &str)],
    ) -> Session {
        let mut cmd = CommandBuilder::new(bin());
        cmd.arg("--db");
        cmd.arg(db);
        for a in args {
            cmd.arg(a);
        }
        cmd.env("HOME", home);
        cmd.env("XDG_CONFIG_HOME", home.join("config"));
        cmd.env("XDG_DATA_HOME", home.join("data"));
        cmd.env("LANG", "C.UTF-8");
        cmd.env("TERM", "xterm-256color");
        cmd.env("LIAISON_DESK_NOW", "2026-11-10 09:30:00");
        for (key, value) in env {
            cmd.env(key, value);
        }
        Session::spawn_command(cmd, size)
    }

    /// Runs `cmd` (the program, or a way to reach it such as `ssh`) in a
    /// pseudo-terminal of `size` columns and rows.
    pub fn spawn_command(cmd: CommandBuilder, size: (u16, u16)) -> Session {
        let (cols, rows) = size;
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let child = pty.slave.spawn_command(cmd).unwrap();
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let writer = pty.master.take_writer().unwrap();
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let sink = parser.clone();
        let reader = std::thread::spawn(move || {
            let _master = pty.master;
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().process(&buf[..n]);
            }
        });
        Session {
            child,
            writer,
            parser,
            reader: Some(reader),
        }
    }

    pub fn send(&mut self, keys: &str) -> &mut Self {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
        // Let the program read each key on its own, as a person types.
        std::thread::sleep(Duration::from_millis(40));
        if std::env::var_os("LIAISON_TEST_TRACE").is_some() {
            eprintln!("--- after {keys:?}\n{}", self.screen());
        }
        self
    }

    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// The screen's rows joined without line breaks: a long message that
    /// wraps onto the next row reads whole.
    pub fn flat_screen(&self) -> String {
        self.screen().replace('\n', "")
    }

    pub fn alternate_screen(&self) -> bool {
        self.parser.lock().unwrap().screen().alternate_screen()
    }

    /// Waits until the screen shows `text` (on one row, or wrapped over
    /// several); fails with the screen if it never does.
    pub fn expect(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) || self.flat_screen().contains(text) {
                return screen;
            }
            if start.elapsed() > TIMEOUT {
                panic!("timed out waiting for {text:?}; the screen shows:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    /// Waits for the program to end and for its last output to be read.
    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            if start.elapsed() > TIMEOUT {
                self.child.kill().unwrap();
                panic!("the program did not exit; screen:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(30));
        };
        if let Some(reader) = self.reader.take() {
            reader.join().unwrap();
        }
        status
    }

    /// Chooses the user at `position` on the sign-in screen and types the PIN.
    pub fn sign_in(&mut self, position: usize, pin: &str) -> &mut Self {
        self.expect("选择自己的名字");
        for _ in 0..position {
            self.send(DOWN);
        }
        self.send(pin).send(ENTER)
    }

    /// On a referred case's detail: records the department's reply, the
    /// feedback to the voter and a satisfied call-back, so the case closes.
    pub fn reply_feed_back_and_call_back(&mut self, reply: &str) -> &mut Self {
        // 督办/催办, 延期, 退回改派, 登记答复
        self.send(ENTER).expect("办理操作");
        self.send(DOWN).send(DOWN).send(DOWN).send(ENTER);
        self.expect("登记答复");
        self.send(TAB).send(TAB).send(reply).send(CTRL_S);
        self.expect("已答复");
        self.send(ENTER).expect("办理操作");
        self.send(ENTER).expect("反馈选民");
        self.send(CTRL_S).expect("已反馈");
        self.send(ENTER).expect("办理操作");
        self.send(ENTER).expect("回访");
        self.send(CTRL_S).expect("状态：办结");
        self
    }
}
