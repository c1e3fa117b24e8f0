//! `nndl serve`: a page in your browser to draw digits and numbers and see the
//! network read them (the `nndl-serve` crate), on this computer only by default.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use nndl_serve::{App, Model};

use crate::help::FILES;
use crate::model;
use crate::trainer::ProcessTrainer;

const EXAMPLES: &str = "\
Examples:
  nndl serve                          serve model.nndl on http://127.0.0.1:8000
  nndl serve --model best.nndl --open and open the page in your browser
  nndl serve --addr 127.0.0.1:0       any free port (the address is printed)

The page reads as you draw: the digit with its ten outputs, the number when you write
several digits (cut as `nndl read` cuts), and the hidden neurons your drawing excites.
Its Train tab runs `nndl train` with a preset and shows the learning curve live; the
trained model (saved to --train-out) then reads your drawings.
\"This was a …\" keeps a drawing in --save-dir for `nndl eval --images` and `nndl predict`.
The JSON API (POST /api/predict, /api/read, /api/save, /api/train; GET /api/model,
/api/weights, /api/train/events…) is in the README. Ctrl-C stops the server.";

/// Serve a page to draw digits and see the network read them
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct ServeArgs {
    /// The model saved by `nndl train`
    #[arg(long, value_name = "FILE", default_value = "model.nndl", help_heading = FILES)]
    model: PathBuf,
    /// The address to listen on; anything but loopback lets others on your network in
    #[arg(long, value_name = "IP:PORT", default_value = "127.0.0.1:8000")]
    addr: SocketAddr,
    /// Where "this was a …" keeps your drawings, as DIGIT_N.png
    #[arg(long, value_name = "DIR", default_value = "my-digits", help_heading = FILES)]
    save_dir: PathBuf,
    /// Where the Train tab saves the model it trains (after every epoch, atomically)
    #[arg(long, value_name = "FILE", default_value = "trained.nndl", help_heading = FILES)]
    train_out: PathBuf,
    /// Open the page in the default browser
    #[arg(long)]
    open: bool,
}

/// Runs `nndl serve`.
pub fn run(args: ServeArgs) -> anyhow::Result<()> {
    let net = model::load_digit_reader(&args.model)?;
    let accuracy = model::test_accuracy(&net);
    let source = args.model.display().to_string();
    let app = App::new(Model::new(net, source, accuracy), args.save_dir)
        .with_trainer(ProcessTrainer::new(args.train_out));
    let runtime = tokio::runtime::Runtime::new().context("cannot start the server")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .with_context(|| format!("cannot listen on {}", args.addr))?;
        let addr = listener.local_addr()?;
        if !addr.ip().is_loopback() {
            eprintln!("nndl: warning: listening on {addr}: anyone who can reach this computer on that network can use the page");
        }
        let url = format!("http://{addr}/");
        println!("Serving {} on {url} (Ctrl-C stops)", args.model.display());
        if args.open {
            open(&url);
        }
        let stop = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        nndl_serve::serve(listener, app, stop)
            .await
            .context("the server stopped")?;
        println!("Stopped.");
        anyhow::Ok(())
    })
}

/// Opens `url` in the desktop's browser, if there is one to ask.
fn open(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        eprintln!("nndl: could not open a browser; open {url} yourself");
    }
}
