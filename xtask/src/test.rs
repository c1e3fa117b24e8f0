//! `cargo xtask test`: every test, the browser tests included, on a fresh machine.
//! Chromium is installed through Debian's package manager when it is missing and
//! this runs as root; otherwise this says exactly what to install.

use std::path::Path;
use std::process::Command;

pub const ABOUT: &str =
    "run every test (installs Debian's chromium for the browser tests if missing)";

/// Where the browser tests look for Chromium unless NNDL_CHROMIUM says otherwise.
const CHROMIUM: &str = "/usr/bin/chromium";

pub fn run(args: &[String]) -> Result<(), String> {
    ensure_chromium()?;
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["test", "--workspace", "--release"])
        .args(args)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("the tests failed ({status})"))
    }
}

fn ensure_chromium() -> Result<(), String> {
    if let Some(path) = std::env::var_os("NNDL_CHROMIUM") {
        return if Path::new(&path).exists() {
            Ok(())
        } else {
            Err(format!(
                "NNDL_CHROMIUM names {}, which does not exist",
                path.to_string_lossy()
            ))
        };
    }
    if Path::new(CHROMIUM).exists() {
        return Ok(());
    }
    let how = "install Debian's chromium (`sudo apt-get install chromium`), or set NNDL_CHROMIUM to a Chromium or Chrome binary";
    if !is_root() || !Path::new("/usr/bin/apt-get").exists() {
        return Err(format!(
            "the browser tests need Chromium at {CHROMIUM}: {how}"
        ));
    }
    eprintln!("xtask: installing chromium for the browser tests (apt-get)");
    let apt = |args: &[&str]| {
        Command::new("apt-get")
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()
            .map_err(|e| format!("cannot run apt-get: {e}"))
    };
    apt(&["update", "-qq"])?;
    let status = apt(&["install", "-y", "-qq", "chromium"])?;
    if status.success() && Path::new(CHROMIUM).exists() {
        Ok(())
    } else {
        Err(format!(
            "apt-get could not install chromium ({status}): {how}"
        ))
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}
