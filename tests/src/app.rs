//! The real app under test: Xvfb, tauri-driver in front of WebKitWebDriver, and a WebDriver
//! session that starts `app-under-test` (the shell's binary, built into this package). All on
//! loopback, each process stopped when its handle drops.

use fantoccini::{Client, ClientBuilder, Locator, elements::Element};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The shell built into this package (see `src/bin/app_under_test.rs`).
pub fn app_bin() -> PathBuf {
    let bin = crate::region::region_bin().with_file_name("app-under-test");
    assert!(
        bin.exists(),
        "{} missing: run the tests through cargo",
        bin.display()
    );
    bin
}

/// Whether this machine can run the end-to-end tests at all; `make test` installs all three.
pub fn missing_tools() -> Vec<&'static str> {
    ["Xvfb", "tauri-driver", "WebKitWebDriver"]
        .into_iter()
        .filter(|t| which(t).is_none())
        .collect()
}

fn which(tool: &str) -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(Path::new(&home).join(".cargo/bin"));
    }
    dirs.into_iter().map(|d| d.join(tool)).find(|p| p.is_file())
}

fn kill(child: &mut Option<Child>) {
    if let Some(mut c) = child.take() {
        let _ = c.kill();
        let _ = c.wait();
    }
}

/// Kills a process started with `process_group(0)` and everything it started (tauri-driver
/// leaves WebKitWebDriver and the app behind when it alone is killed).
fn kill_group(child: &mut Option<Child>) {
    if let Some(c) = child.as_ref() {
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", c.id())])
            .stderr(Stdio::null())
            .status();
    }
    kill(child);
}

/// A virtual X display.
pub struct Xvfb {
    display: String,
    child: Option<Child>,
}

impl Xvfb {
    /// Starts Xvfb on a display it picks itself and waits until it accepts connections.
    ///
    /// `-displayfd` makes the server choose the first free display and write its number once
    /// it is ready, so there is no race for a number and no socket to poll. It also steps over
    /// the lock files of servers that died without cleaning up (a killed test run leaves
    /// `/tmp/.XN-lock` behind; counting such numbers as taken once ran a reused CI machine out
    /// of displays).
    pub fn start() -> Self {
        // Its complaints go to a file, read only if it fails: a pipe nobody reads could fill
        // up and stall the server in a long run.
        let mut log = tempfile::tempfile().expect("Xvfb log file");
        let mut child = Command::new(which("Xvfb").expect("Xvfb installed"))
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "1280x1024x24",
                "-nolisten",
                "tcp",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log.try_clone().expect("Xvfb log file"))
            .spawn()
            .expect("start Xvfb");
        let stdout = child.stdout.take().expect("Xvfb stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line);
            let _ = tx.send(line);
        });
        let number = rx
            .recv_timeout(Duration::from_secs(30))
            .ok()
            .and_then(|l| l.trim().parse::<u32>().ok());
        let mut x = Self {
            display: String::new(),
            child: Some(child),
        };
        match number {
            Some(n) => {
                x.display = format!(":{n}");
                x
            }
            None => {
                kill(&mut x.child);
                let mut err = String::new();
                let _ = std::io::Seek::rewind(&mut log);
                let _ = std::io::Read::read_to_string(&mut log, &mut err);
                panic!("Xvfb did not start a display within 30 s:\n{err}");
            }
        }
    }

    /// `:N`.
    pub fn display(&self) -> &str {
        &self.display
    }
}

impl Drop for Xvfb {
    /// SIGTERM first: Xvfb then removes its lock file and socket, which SIGKILL would leave.
    fn drop(&mut self) {
        if let Some(c) = self.child.as_mut() {
            let _ = Command::new("kill")
                .args(["-TERM", &c.id().to_string()])
                .stderr(Stdio::null())
                .status();
            let deadline = Instant::now() + Duration::from_secs(5);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = c.try_wait() {
                    self.child = None;
                    return;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        kill(&mut self.child);
    }
}

/// tauri-driver, which starts the app and WebKitWebDriver for each session.
pub struct Driver {
    port: u16,
    child: Option<Child>,
    keystore: crate::keystore::SecretService,
    _x: Xvfb,
}

impl Driver {
    /// Starts tauri-driver on a free loopback port; the app it starts keeps its database in
    /// `data_dir` and gets `env` besides.
    pub fn start(data_dir: &Path, env: &[(&str, String)]) -> Self {
        let x = Xvfb::start();
        let keystore = crate::keystore::SecretService::start();
        let (port, native) = (crate::free_port(), crate::free_port());
        let mut cmd = Command::new(which("tauri-driver").expect("tauri-driver installed"));
        cmd.args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native.to_string(),
        ])
        // Only the display: with WEBKIT_DISABLE_COMPOSITING_MODE or
        // WEBKIT_DISABLE_DMABUF_RENDERER set, WebKitWebDriver's screenshot never answers.
        .env("DISPLAY", x.display())
        .env("SAMVERKA_DATA_DIR", data_dir)
        .env("SAMVERKA_LOG", "warn")
        // The app keeps its database key in this private Secret Service.
        .env("DBUS_SESSION_BUS_ADDRESS", keystore.address())
        // No accessibility bridge on the test bus: nothing there answers it.
        .env("NO_AT_BRIDGE", "1")
        .stdout(Stdio::null())
        .stderr(if std::env::var_os("SAMVERKA_TEST_APP_LOG").is_some() {
            Stdio::inherit()
        } else {
            Stdio::null()
        });
        for (k, v) in env {
            cmd.env(k, v);
        }
        std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
        let child = cmd.spawn().expect("start tauri-driver");
        let d = Self {
            port,
            child: Some(child),
            keystore,
            _x: x,
        };
        let deadline = Instant::now() + Duration::from_secs(15);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "tauri-driver did not listen on {port}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        d
    }

    /// The keystore the app keeps its database key in.
    pub fn keystore(&self) -> &crate::keystore::SecretService {
        &self.keystore
    }

    /// Starts the app (a new WebDriver session) and waits for its first screen.
    pub async fn launch(&self) -> App {
        let app = self.launch_raw().await;
        app.wait("#app[data-ready]").await;
        app
    }

    /// Starts the app without waiting for anything.
    pub async fn launch_raw(&self) -> App {
        trace(&format!("launch via tauri-driver on {}", self.port));
        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": app_bin() }),
        );
        caps.insert("browserName".into(), "wry".into());
        let mut last = None;
        // WebKitWebDriver is occasionally not ready for the very first session.
        for _ in 0..3 {
            match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                .capabilities(caps.clone())
                .connect(&format!("http://127.0.0.1:{}", self.port))
                .await
            {
                Ok(client) => return App { client },
                Err(e) => {
                    last = Some(e);
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
            }
        }
        panic!("could not start a session: {last:?}");
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        kill_group(&mut self.child);
    }
}

/// One run of the app, driven through WebDriver.
pub struct App {
    client: Client,
}

/// How long a screen may take to show what a tap caused.
const PATIENCE: Duration = Duration::from_secs(20);

impl App {
    /// The WebDriver client, for what the helpers below do not cover.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Waits for `css` to match and returns the element. On a timeout, the screen is saved as
    /// `target/screenshots/failed.png` and the page's text goes into the panic message.
    pub async fn wait(&self, css: &str) -> Element {
        trace(css);
        match self
            .client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(css))
            .await
        {
            Ok(el) => el,
            Err(e) => {
                self.screenshot("failed").await;
                let source = self.client.source().await.unwrap_or_default();
                panic!("{css} did not appear: {e}\n--- page ---\n{source}");
            }
        }
    }

    /// Scrolls `el` to the middle of the screen, clear of the fixed top and tab bars, as a
    /// thumb would before tapping.
    async fn scroll_to(&self, el: &Element) {
        let _ = self
            .client
            .execute(
                "arguments[0].scrollIntoView({block: 'center'});",
                vec![serde_json::to_value(el).expect("element")],
            )
            .await;
    }

    /// Taps `css`.
    pub async fn tap(&self, css: &str) {
        let el = self.wait(css).await;
        self.scroll_to(&el).await;
        el.click()
            .await
            .unwrap_or_else(|e| panic!("tap {css}: {e}"));
    }

    /// Chooses `value` in the select `css`.
    pub async fn select(&self, css: &str, value: &str) {
        let el = self.wait(css).await;
        self.scroll_to(&el).await;
        el.select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("choose {value} in {css}: {e}"));
    }

    /// Types `text` into `css` and leaves the field (which saves it, as on the phone).
    pub async fn type_into(&self, css: &str, text: &str) {
        let el = self.wait(css).await;
        // Empty it as a nurse would (select all, delete): an `input` event, so the app's own
        // state follows; WebDriver's clear() changes only the DOM.
        self.client
            .execute(
                "arguments[0].value = ''; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
                vec![serde_json::to_value(&el).expect("element")],
            )
            .await
            .unwrap_or_else(|e| panic!("clear {css}: {e}"));
        if !text.is_empty() {
            el.send_keys(text)
                .await
                .unwrap_or_else(|e| panic!("type into {css}: {e}"));
        }
        // Leaving the field fires `change`; blur() does it without depending on focus order.
        self.client
            .execute(
                "arguments[0].dispatchEvent(new Event('change', {bubbles: true})); arguments[0].blur();",
                vec![serde_json::to_value(&el).expect("element")],
            )
            .await
            .unwrap_or_else(|e| panic!("leave {css}: {e}"));
    }

    /// The text of `css`.
    pub async fn text(&self, css: &str) -> String {
        self.wait(css).await.text().await.unwrap_or_default()
    }

    /// An attribute of `css`.
    pub async fn attr(&self, css: &str, name: &str) -> Option<String> {
        self.wait(css).await.attr(name).await.ok().flatten()
    }

    /// The `value` property of an input (what the nurse sees in it).
    pub async fn value(&self, css: &str) -> String {
        self.wait(css)
            .await
            .prop("value")
            .await
            .ok()
            .flatten()
            .unwrap_or_default()
    }

    /// The id of the element that has the focus (empty when none has an id).
    pub async fn focused_id(&self) -> String {
        self.client
            .execute(
                "return document.activeElement ? document.activeElement.id : '';",
                vec![],
            )
            .await
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }

    /// Waits until nothing matches `css` (an error went away after a fix).
    pub async fn wait_gone(&self, css: &str) {
        trace(&format!("gone? {css}"));
        let deadline = Instant::now() + PATIENCE;
        while self.count(css).await > 0 {
            if Instant::now() > deadline {
                self.screenshot("failed").await;
                let text = self.text(css).await;
                panic!("{css} is still there: {text}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// How many elements match `css` now.
    pub async fn count(&self, css: &str) -> usize {
        self.client
            .find_all(Locator::Css(css))
            .await
            .map(|v| v.len())
            .unwrap_or(0)
    }

    /// Waits until `check` holds for the text of `css`.
    pub async fn wait_text(&self, css: &str, what: &str, check: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + PATIENCE * 4;
        loop {
            let t = self.text(css).await;
            if check(&t) {
                return t;
            }
            assert!(
                Instant::now() < deadline,
                "{css} never showed {what}; last: {t:?}"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// Saves a screenshot of the window as `target/screenshots/<name>.png`.
    pub async fn screenshot(&self, name: &str) {
        trace(&format!("screenshot {name}"));
        let png = self
            .client
            .screenshot()
            .await
            .unwrap_or_else(|e| panic!("screenshot: {e}"));
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir).expect("screenshot dir");
        std::fs::write(dir.join(format!("{name}.png")), png).expect("write screenshot");
    }

    /// Calls the shell's `command` from the page, as the UI's `api` module does, and answers
    /// what it answered, read as the UI reads it (`samverka_model::wire`): `Ok(value)` or the
    /// shell's refusal. Panics when the IPC itself fails.
    pub async fn invoke<T: serde::de::DeserializeOwned>(
        &self,
        command: &str,
        args: serde_json::Value,
    ) -> Result<T, samverka_model::app::Failure> {
        trace(&format!("invoke {command}"));
        let script = "const done = arguments[arguments.length - 1];
            window.__TAURI__.core.invoke(arguments[0], arguments[1])
                .then(v => done({ ok: Array.from(new Uint8Array(v)) }), e => done({ err: String(e) }));";
        let answer = self
            .client
            .execute_async(script, vec![command.into(), args])
            .await
            .unwrap_or_else(|e| panic!("invoking {command}: {e}"));
        if let Some(err) = answer.get("err") {
            panic!("invoking {command}: the IPC failed: {err}");
        }
        let bytes: Vec<u8> = serde_json::from_value(answer["ok"].clone())
            .unwrap_or_else(|e| panic!("invoking {command}: not bytes ({e}): {answer}"));
        samverka_model::wire::decode::<Result<T, _>>(&bytes)
            .unwrap_or_else(|e| panic!("invoking {command}: {e}"))
    }

    /// Resizes the window so the page is `width` × `height` CSS pixels (what a phone of that
    /// size shows), correcting for whatever frame the window has; answers the page's width.
    pub async fn resize_page(&self, width: u32, height: u32) -> u32 {
        let inner = || async {
            let v = self
                .client
                .execute("return [window.innerWidth, window.innerHeight];", vec![])
                .await
                .unwrap_or_default();
            let n = |i: usize| v[i].as_u64().unwrap_or(0) as u32;
            (n(0), n(1))
        };
        // The window manager applies a resize some time after WebDriver answers (later on a
        // busy machine), so the page's size is read once it has changed and stopped changing;
        // the frame is whatever the window has beyond the page, corrected for again.
        let (mut win_w, mut win_h) = (width, height);
        for _ in 0..5 {
            let before = inner().await;
            let _ = self.client.set_window_size(win_w, win_h).await;
            let mut now = inner().await;
            for _ in 0..40 {
                if now != before || now == (width, height) {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(25)).await;
                now = inner().await;
            }
            for _ in 0..20 {
                tokio::time::sleep(Duration::from_millis(60)).await;
                let next = inner().await;
                if next == now {
                    break;
                }
                now = next;
            }
            if now == (width, height) || now.0 == 0 {
                break;
            }
            win_w = (win_w + width).saturating_sub(now.0);
            win_h = (win_h + height).saturating_sub(now.1);
        }
        // Layout settles on the next frame.
        tokio::time::sleep(Duration::from_millis(150)).await;
        inner().await.0
    }

    /// Elements on the page whose box pokes out of the viewport sideways (clipped or pushing a
    /// horizontal scroll), each as `tag#id.class left..right`; content inside a container that
    /// scrolls sideways on purpose (`overflow-x: auto`, e.g. a wide table) is not counted.
    pub async fn overflowing(&self) -> Vec<String> {
        let script = r#"
            const vw = document.documentElement.clientWidth;
            const scrolls = el => {
                for (let p = el.parentElement; p; p = p.parentElement) {
                    const o = getComputedStyle(p).overflowX;
                    if (o === 'auto' || o === 'scroll') return true;
                }
                return false;
            };
            const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\s+/).join('.') : '');
            const bad = [];
            if (document.documentElement.scrollWidth > vw + 1) bad.push('document scrolls sideways: ' + document.documentElement.scrollWidth + ' > ' + vw);
            for (const el of document.querySelectorAll('body *')) {
                const r = el.getBoundingClientRect();
                if (r.width === 0 || r.height === 0) continue;
                if (getComputedStyle(el).visibility === 'hidden') continue;
                if ((r.right > vw + 0.5 || r.left < -0.5) && !scrolls(el)) {
                    bad.push(name(el) + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
                }
            }
            return bad.slice(0, 30);
        "#;
        // WebKitWebDriver has once (in CI, two app tests side by side on two cores) answered
        // this read-only script with an error and no message; reading again is sound, since
        // only a result that arrived is looked at. The last error is shown with its code.
        let mut attempt = 1;
        let v = loop {
            match self.client.execute(script, vec![]).await {
                Ok(v) => break v,
                Err(e) if attempt < 3 => {
                    eprintln!("measuring overflow, attempt {attempt}: {e:?}");
                    attempt += 1;
                    tokio::time::sleep(Duration::from_millis(300)).await;
                }
                Err(e) => panic!("measuring overflow, {attempt} attempts: {e:?}"),
            }
        };
        v.as_array()
            .into_iter()
            .flatten()
            .filter_map(|x| x.as_str().map(str::to_owned))
            .collect()
    }

    /// Ends the session, which closes the app.
    pub async fn quit(self) {
        let _ = self.client.close().await;
    }
}

/// With `SAMVERKA_TEST_TRACE` set, every selector waited for is printed (finding where a run
/// stopped).
fn trace(what: &str) {
    if std::env::var_os("SAMVERKA_TEST_TRACE").is_some() {
        eprintln!("[e2e] {what}");
    }
}

/// `target/screenshots/` of this workspace.
pub fn screenshot_dir() -> PathBuf {
    let exe = crate::region::region_bin();
    // target/<profile>/region-under-test → target/screenshots
    exe.parent()
        .and_then(Path::parent)
        .map(|t| t.join("screenshots"))
        .expect("target dir")
}
