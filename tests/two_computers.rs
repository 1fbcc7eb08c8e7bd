//! Two computers at one station: a database in a shared folder is refused
//! for writing (each kind of network file system, faked through the test
//! build's hook), and the secretary's second terminal is the desk itself
//! reached over SSH, typing Chinese and saving.

mod common;

use common::pty::{self, CTRL_S, ENTER, F2, PAGE_DOWN, RIGHT, TAB};
use common::*;
use liaison_desk::domain::choices::Route;
use liaison_desk::domain::roles::Role;
use liaison_desk::store::Store;
use std::path::{Path, PathBuf};
use std::process::Command;

const AT: &str = "2026-11-10 09:30:00";

fn on_fs(db: &Path, fs: &str, args: &[&str]) -> Ran {
    run_cli_with(db, AT, args, &[("LIAISON_DESK_TEST_FS_TYPE", fs)])
}

#[test]
fn a_database_in_a_shared_folder_is_not_written() {
    let mut fx = station();
    add_users(&mut fx.store);
    save(&mut fx, &reception(Route::OnSpot), now());
    let db = fx.db_path();
    drop(fx.store);
    let before = std::fs::read(&db).unwrap();
    for (fs, named) in [
        ("nfs4", "NFS"),
        ("cifs", "SMB/CIFS"),
        ("smb3", "SMB/CIFS"),
        ("9p", "9p"),
        ("fuse.sshfs", "sshfs"),
        ("ceph", "网络文件系统"),
    ] {
        // The interface, a new station, and every command that writes.
        for args in [
            vec![],
            vec!["backup"],
            vec!["purge", "--user", "林秘书"],
            vec!["import", "receptions", "x.csv"],
        ] {
            let ran = on_fs(&db, fs, &args);
            assert_eq!(ran.code, Some(2), "{fs} {args:?}: {}", ran.said());
            assert!(
                ran.stderr.contains("网络共享文件夹") && ran.stderr.contains(named),
                "{fs} {args:?}: {}",
                ran.said()
            );
            assert!(
                ran.stderr.contains("SSH"),
                "the safe way is named: {}",
                ran.said()
            );
        }
        let fresh = fx.dir.path().join(format!("{fs}.db"));
        let ran = on_fs(
            &fresh,
            fs,
            &["init", "--station-code", "HD02", "--station-name", "新站"],
        );
        assert_eq!(ran.code, Some(2), "{}", ran.said());
        assert!(!fresh.exists());
        // Reading is allowed, with a warning.
        for args in [
            vec!["check"],
            vec!["report", "--day", "2026-11-10"],
            vec!["audit", "verify"],
            vec!["purge", "--dry-run"],
        ] {
            let ran = on_fs(&db, fs, &args);
            assert_eq!(ran.code, Some(0), "{fs} {args:?}: {}", ran.said());
            assert!(ran.stderr.contains("只读取、不写入"), "{}", ran.said());
        }
    }
    assert_eq!(std::fs::read(&db).unwrap(), before);
    // A local file system is no problem.
    let ran = on_fs(&db, "ext4", &["backup"]);
    assert_eq!(ran.code, Some(0), "{}", ran.said());
}

#[test]
fn an_action_refused_as_stale_names_who_acted() {
    let mut fx = station();
    let r = referral(&fx, 0);
    let case = save(&mut fx, &r, now()).case_id;
    let seen = fx.store.case_state(&case).unwrap().version;
    let reply = liaison_desk::domain::case::CaseUpdate::Reply {
        grade: liaison_desk::domain::case::Grade::A,
        text: "已处理".into(),
        date: now().date(),
    };
    fx.store
        .transition(&case, seen, &reply, "林秘书", now())
        .unwrap();
    let e = fx
        .store
        .transition(&case, seen, &reply, "赵管理", now())
        .unwrap_err();
    let said = liaison_desk::i18n::strings(liaison_desk::i18n::Lang::Zh).store_error(&e);
    assert!(
        said.contains("林秘书") && said.contains("2026-11-10 09:30:00"),
        "{said}"
    );
}

/// An SSH server of the test's own on a free port, trusting a key made for
/// the test, for the account running the tests.
struct SshServer {
    child: std::process::Child,
    port: u16,
    key: PathBuf,
    _dir: tempfile::TempDir,
}

impl Drop for SshServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn keygen(path: &Path) -> bool {
    Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(path)
        .status()
        .is_ok_and(|s| s.success())
}

/// Starts the server, or says why it cannot (no sshd installed).
fn ssh_server() -> Result<SshServer, String> {
    let sshd = ["/usr/sbin/sshd", "/usr/bin/sshd"]
        .into_iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
        .ok_or("no sshd (install openssh-server)")?;
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let (host, key) = (dir.path().join("host"), dir.path().join("client"));
    if !keygen(&host) || !keygen(&key) {
        return Err("ssh-keygen failed".into());
    }
    std::fs::copy(
        key.with_extension("pub"),
        dir.path().join("authorized_keys"),
    )
    .map_err(|e| e.to_string())?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| e.to_string())?
        .port();
    let config = dir.path().join("sshd_config");
    std::fs::write(
        &config,
        format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {host}\nPidFile {pid}\n\
             AuthorizedKeysFile {keys}\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n\
             PubkeyAuthentication yes\nPermitRootLogin yes\nStrictModes no\nUsePAM no\n",
            host = host.display(),
            pid = dir.path().join("sshd.pid").display(),
            keys = dir.path().join("authorized_keys").display(),
        ),
    )
    .map_err(|e| e.to_string())?;
    // Privilege separation wants this folder (a root-run server).
    let _ = std::fs::create_dir_all("/run/sshd");
    let child = Command::new(&sshd)
        .args(["-D", "-e", "-f"])
        .arg(&config)
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| e.to_string())?;
    let server = SshServer {
        child,
        port,
        key,
        _dir: dir,
    };
    let started = std::time::Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if started.elapsed() > std::time::Duration::from_secs(10) {
            return Err("sshd did not start".into());
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    Ok(server)
}

/// Single quotes for the remote shell.
fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

#[test]
fn the_secretary_works_on_the_kiosk_over_ssh_in_chinese() {
    let server = match ssh_server() {
        Ok(s) => s,
        Err(why) => {
            eprintln!("SKIPPED the SSH test: {why}");
            return;
        }
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    {
        let mut fx_store = Store::open(&db).unwrap();
        fx_store
            .init_station("HD01", "海淀街道代表联络站", now())
            .unwrap();
        fx_store
            .add_deputy(
                &liaison_desk::store::NewDeputy {
                    name: "王建国".into(),
                    ..Default::default()
                },
                "",
                now(),
            )
            .unwrap();
        add_users(&mut fx_store);
    }
    let home = dir.path();
    let remote = [
        "env".to_string(),
        "LANG=C.UTF-8".into(),
        "TERM=xterm-256color".into(),
        format!("HOME={}", quoted(&home.display().to_string())),
        format!(
            "XDG_CONFIG_HOME={}",
            quoted(&home.join("config").display().to_string())
        ),
        format!("LIAISON_DESK_NOW={}", quoted(AT)),
        quoted(&pty::bin().display().to_string()),
        "--db".into(),
        quoted(&db.display().to_string()),
    ]
    .join(" ");
    let user = String::from_utf8(Command::new("id").arg("-un").output().unwrap().stdout)
        .unwrap()
        .trim()
        .to_string();
    let mut cmd = portable_pty::CommandBuilder::new("ssh");
    cmd.args(["-tt", "-p", &server.port.to_string(), "-i"]);
    cmd.arg(&server.key);
    cmd.args([
        "-o",
        "StrictHostKeyChecking=no",
        "-o",
        "UserKnownHostsFile=/dev/null",
        "-o",
        "LogLevel=ERROR",
        "-o",
        "BatchMode=yes",
    ]);
    cmd.arg(format!("{user}@127.0.0.1"));
    cmd.arg(remote);
    let mut s = pty::Session::spawn_command(cmd, (100, 30));
    let (position, pin) = user_for(Role::Secretary);
    s.sign_in(position, pin);
    receive(
        &mut s,
        true,
        "孙阿姨",
        "13700002222",
        "小区路灯坏了，晚上出行不便。",
    );
    // The secretary over SSH opens the day's closing review…
    s.send("\x1b").expect("接待来访");
    s.send("4").expect("接待群众 1 批");
    // …while the kiosk, the desk on the computer itself, receives a voter:
    // the secretary's screen shows it within seconds, without a restart.
    let mut kiosk = pty::Session::spawn(home, &db, (100, 30), &[], &[]);
    kiosk.sign_in(position, pin);
    receive(
        &mut kiosk,
        false,
        "周大爷",
        "13900003333",
        "楼下垃圾清运不及时。",
    );
    s.expect("接待群众 2 批");
    for session in [&mut s, &mut kiosk] {
        session.send("\x1b").send("\x1b").send("q");
        session.wait_exit();
    }
    let store = Store::open(&db).unwrap();
    let rows = store.receptions_on(now().date()).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].visitor_name.as_deref(), Some("孙阿姨"));
    assert_eq!(rows[0].content, "小区路灯坏了，晚上出行不便。");
}

/// At the home screen: signs 王建国 on for duty (the first time) and
/// records a voter answered on the spot, typing Chinese.
fn receive(s: &mut pty::Session, sign_on: bool, name: &str, phone: &str, content: &str) {
    s.expect("接待来访");
    s.send("1").expect("值班签到");
    if sign_on {
        s.send("王建国").send(ENTER).expect("王建国 已签到");
    }
    s.send(F2).expect("告知");
    s.send(name).send(TAB).send(TAB).send(TAB).send(phone);
    s.send(PAGE_DOWN).send(ENTER).send("交通").send(ENTER);
    s.send(TAB).send(content);
    s.send(PAGE_DOWN).send(RIGHT).send(TAB).send("已当场答复。");
    s.send(CTRL_S);
    s.expect("已保存，登记完成");
}
