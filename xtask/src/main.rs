//! `cargo xtask <task>`: benchmarks against other implementations, data and docs chores.

mod bench_gemm;
mod bench_serve;
mod bench_train;
mod fetch_mnist;
mod flags;
mod make_digits;
mod make_numbers;
mod make_pieces;
mod test;

use std::process::ExitCode;

/// The tasks, as `(name, what it does)`, for the usage message.
const TASKS: &[(&str, &str)] = &[
    ("bench-gemm", bench_gemm::ABOUT),
    ("bench-serve", bench_serve::ABOUT),
    ("bench-train", bench_train::ABOUT),
    ("fetch-mnist", fetch_mnist::ABOUT),
    ("make-digits", make_digits::ABOUT),
    ("make-numbers", make_numbers::ABOUT),
    ("make-pieces", make_pieces::ABOUT),
    ("test", test::ABOUT),
];

fn usage() -> String {
    let mut s = String::from("usage: cargo xtask <task> [args]\n\ntasks:\n");
    for (name, about) in TASKS {
        s.push_str(&format!("  {name:<16} {about}\n"));
    }
    s
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(task) = args.first() else {
        eprint!("{}", usage());
        return ExitCode::from(2);
    };
    let _rest = &args[1..];
    let result: Result<(), String> = match task.as_str() {
        "-h" | "--help" | "help" => {
            print!("{}", usage());
            Ok(())
        }
        "bench-gemm" => bench_gemm::run(&args[1..]),
        "bench-serve" => bench_serve::run(&args[1..]),
        "bench-train" => bench_train::run(&args[1..]),
        "fetch-mnist" => fetch_mnist::run(&args[1..]),
        "make-digits" => make_digits::run(&args[1..]),
        "make-numbers" => make_numbers::run(&args[1..]),
        "make-pieces" => make_pieces::run(&args[1..]),
        "test" => test::run(&args[1..]),
        other => Err(format!("unknown task `{other}`\n{}", usage())),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}
