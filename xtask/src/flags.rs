//! A task's flags, parsed one way for every task: `--name value` pairs, and
//! `-h`/`--help`.

/// The value of the flag being read, taken from the arguments.
pub type Value<'a> = dyn FnMut() -> Result<String, String> + 'a;

/// Calls `on_flag(flag, value)` for each flag of `args`; `value()` takes the
/// flag's value, and `on_flag` says whether it knew the flag. Returns false when
/// `--help` was asked for (and `help` printed): the task has nothing more to do.
pub fn parse(
    task: &str,
    help: &str,
    args: &[String],
    mut on_flag: impl FnMut(&str, &mut Value<'_>) -> Result<bool, String>,
) -> Result<bool, String> {
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        if flag == "-h" || flag == "--help" {
            println!("{help}");
            return Ok(false);
        }
        let mut value = || {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        if !on_flag(flag, &mut value)? {
            return Err(format!("{task}: unknown argument `{flag}`\n{help}"));
        }
    }
    Ok(true)
}

/// A flag's value as a number.
pub fn number<T: std::str::FromStr>(flag: &str, value: &str) -> Result<T, String> {
    value
        .parse()
        .map_err(|_| format!("{flag}: `{value}` is not a whole number"))
}
