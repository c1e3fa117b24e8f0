//! `nndl perceptron …`: tables and sums printed, bad input refused in one line with exit code 2.

use assert_cmd::Command;

fn nndl() -> Command {
    Command::cargo_bin("nndl").expect("the nndl binary is built")
}

fn stdout_of(args: &[&str]) -> String {
    let out = nndl()
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).expect("UTF-8 output")
}

/// The table rows (the lines after the first blank line), split into cells.
fn rows(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .skip_while(|l| !l.is_empty())
        .skip(2) // the blank line and the header
        .take_while(|l| !l.is_empty())
        .map(|l| l.split_whitespace().map(str::to_owned).collect())
        .collect()
}

/// The one-line error of a usage mistake.
fn usage_error(args: &[&str]) -> String {
    let out = nndl().args(args).assert().code(2).get_output().clone();
    assert!(out.stdout.is_empty());
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn nand_prints_the_truth_table() {
    let out = stdout_of(&["perceptron", "nand"]);
    let table = rows(&out);
    let want = [
        ["0", "0", "3", "1"],
        ["0", "1", "1", "1"],
        ["1", "0", "1", "1"],
        ["1", "1", "-1", "0"],
    ];
    assert_eq!(table, want.map(|r| r.map(String::from).to_vec()), "{out}");
}

#[test]
fn adder_prints_sum_and_carry_for_both_variants() {
    let out = stdout_of(&["perceptron", "adder"]);
    let table = rows(&out);
    assert_eq!(table.len(), 4, "{out}");
    for row in table {
        let v: Vec<u8> = row.iter().map(|c| c.parse().unwrap()).collect();
        let [x1, x2, sum, carry, msum, mcarry, total] = v[..] else {
            panic!("seven columns: {row:?}")
        };
        assert_eq!(x1 + x2, 2 * carry + sum);
        assert_eq!((msum, mcarry), (sum, carry));
        assert_eq!(total, x1 + x2);
    }
}

#[test]
fn cheese_prints_the_decision_for_both_thresholds() {
    let goes = |threshold: &str| -> Vec<bool> {
        let out = stdout_of(&["perceptron", "cheese", "--threshold", threshold]);
        rows(&out).iter().map(|r| r[4] == "yes").collect()
    };
    // Rows in the order (weather, partner, transit) = 000, 001, …, 111.
    assert_eq!(
        goes("5"),
        [false, false, false, false, true, true, true, true]
    );
    assert_eq!(
        goes("3"),
        [false, false, false, true, true, true, true, true]
    );
    // The default is the chapter's first threshold, 5.
    assert_eq!(
        stdout_of(&["perceptron", "cheese"]),
        stdout_of(&["perceptron", "cheese", "--threshold", "5"])
    );
    assert_eq!(goes("-1"), [true; 8]);
}

#[test]
fn add_prints_the_sum_and_the_perceptron_counts() {
    let out = stdout_of(&["perceptron", "add", "200", "55", "--bits", "8"]);
    assert!(out.contains("= 255 = 0b011111111"), "{out}");
    assert!(
        out.contains("8-bit ripple-carry adder of NAND perceptrons: 68 perceptrons evaluated"),
        "{out}"
    );
    let out = stdout_of(&["perceptron", "add", "18446744073709551615", "1"]);
    assert!(out.contains("= 18446744073709551616 ="), "{out}");
    assert!(out.contains("64-bit"), "{out}");
    let out = stdout_of(&["perceptron", "add", "0", "0"]);
    assert!(
        out.contains(
            "1-bit ripple-carry adder of NAND perceptrons: 5 perceptrons evaluated, 3 fired"
        ),
        "{out}"
    );
}

#[test]
fn out_of_range_input_is_a_one_line_usage_error() {
    let err = usage_error(&["perceptron", "add", "256", "1", "--bits", "8"]);
    assert_eq!(
        err,
        "nndl: error: A = 256 does not fit in --bits 8 (largest is 255); use --bits 9 or more\n"
    );
    let err = usage_error(&["perceptron", "cheese", "--threshold", "NaN"]);
    assert_eq!(
        err,
        "nndl: error: --threshold must be a finite number, not NaN\n"
    );
    // clap's own range and number checks also exit with 2, as clap words them: what is
    // wrong first, the pointer to --help last.
    for args in [
        &["perceptron", "add", "1", "2", "--bits", "0"][..],
        &["perceptron", "add", "1", "2", "--bits", "65"],
        &["perceptron", "add", "-1", "2"],
        &["perceptron", "add", "1", "18446744073709551616"],
    ] {
        let err = usage_error(args);
        assert!(err.starts_with("error: "), "{args:?}: {err}");
        assert!(err.trim_end().ends_with("try '--help'."), "{args:?}: {err}");
    }
}

#[test]
fn every_subcommand_help_has_an_example() {
    for sub in ["nand", "adder", "cheese", "add"] {
        let out = stdout_of(&["perceptron", sub, "--help"]);
        assert!(
            out.contains(&format!("Examples:\n  nndl perceptron {sub}")),
            "{sub}: {out}"
        );
    }
}
