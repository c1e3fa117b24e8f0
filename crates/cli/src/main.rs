//! The `nndl` command line.

fn main() {
    eprintln!("nndl: no commands yet");
    std::process::exit(2);
}
