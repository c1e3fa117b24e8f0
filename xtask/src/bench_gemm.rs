//! `cargo xtask bench-gemm`: nndl-linalg's GEMM next to the `matrixmultiply` crate,
//! the `gemm` crate (faer's engine) and a naive triple loop — same shapes, same
//! operands, same run — as one table of GFLOP/s medians and ratios.
//!
//! Rounds interleave the libraries (round 1: ours, matrixmultiply, gemm, naive;
//! round 2: …) so a noisy neighbour slows them all alike, and each figure is the
//! median over the rounds.

use std::hint::black_box;
use std::time::{Duration, Instant};

use nndl_linalg::{Kernel, Transpose};

/// One line of the usage message.
pub const ABOUT: &str = "GFLOP/s of nndl-linalg vs matrixmultiply, gemm and a naive loop";

/// A product to time: `C (m×n) ← α·op(A)·op(B) + β·C` with `op(A)` `m×k`.
struct Shape {
    label: String,
    m: usize,
    n: usize,
    k: usize,
    ta: Transpose,
    tb: Transpose,
    alpha: f32,
    beta: f32,
    /// What the network uses it for.
    note: &'static str,
}

/// The square sizes `32, 64, …` up to `max_square`.
fn doubling_squares(max_square: usize) -> Vec<usize> {
    std::iter::successors(Some(32usize), |s| s.checked_mul(2))
        .take_while(|&s| s <= max_square)
        .collect()
}

fn shapes(squares: &[usize]) -> Vec<Shape> {
    let mut v = Vec::new();
    for &s in squares {
        v.push(Shape {
            label: format!("{s}×{s}·{s}×{s}"),
            m: s,
            n: s,
            k: s,
            ta: Transpose::No,
            tb: Transpose::No,
            alpha: 1.0,
            beta: 0.0,
            note: "square",
        });
    }
    // The network's products with the transposes, α and β it really uses
    // (crates/nn: forward Z = A·Wᵀ; weight update W ← W − (η/m)·Δᵀ·A).
    let net = [
        (
            10,
            30,
            784,
            Transpose::No,
            Transpose::Yes,
            1.0,
            0.0,
            "forward, layer 1 (784-30-10, batch 10)",
        ),
        (
            10,
            10,
            30,
            Transpose::No,
            Transpose::Yes,
            1.0,
            0.0,
            "forward, layer 2",
        ),
        (
            30,
            784,
            10,
            Transpose::Yes,
            Transpose::No,
            -0.3,
            1.0,
            "weight update Δᵀ·A, layer 1",
        ),
        (
            100,
            100,
            784,
            Transpose::No,
            Transpose::Yes,
            1.0,
            0.0,
            "forward, 784-100-10, batch 100",
        ),
        (
            1000,
            100,
            784,
            Transpose::No,
            Transpose::Yes,
            1.0,
            0.0,
            "forward, 784-100-10, batch 1000",
        ),
    ];
    for (m, n, k, ta, tb, alpha, beta, note) in net {
        let t = |t: Transpose| if t == Transpose::Yes { "ᵀ" } else { "" };
        v.push(Shape {
            label: format!("{m}×{k}{}·{k}×{n}{}", t(ta), t(tb)),
            m,
            n,
            k,
            ta,
            tb,
            alpha,
            beta,
            note,
        });
    }
    v
}

/// Operands for one shape, stored as the transposes say, with tight leading dimensions.
struct Operands {
    a: Vec<f32>,
    lda: usize,
    b: Vec<f32>,
    ldb: usize,
    c: Vec<f32>,
}

fn operands(s: &Shape, seed: u64) -> Operands {
    let mut state = seed;
    let mut next = move || {
        // SplitMix64, mapped to [-1, 1).
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((z ^ (z >> 31)) >> 40) as f32 / (1u64 << 23) as f32 - 1.0
    };
    let lda = if s.ta == Transpose::No { s.k } else { s.m };
    let ldb = if s.tb == Transpose::No { s.n } else { s.k };
    Operands {
        a: (0..s.m * s.k).map(|_| next()).collect(),
        lda,
        b: (0..s.k * s.n).map(|_| next()).collect(),
        ldb,
        c: (0..s.m * s.n).map(|_| next()).collect(),
    }
}

/// The libraries compared, in table order.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lib {
    Ours,
    MatrixMultiply,
    Gemm,
    Naive,
}

const LIBS: [Lib; 4] = [Lib::Ours, Lib::MatrixMultiply, Lib::Gemm, Lib::Naive];

/// (row stride, column stride) of `op(X)` for a stored row-major `X` with row stride `ld`.
fn strides(t: Transpose, ld: usize) -> (isize, isize) {
    match t {
        Transpose::No => (ld as isize, 1),
        Transpose::Yes => (1, ld as isize),
    }
}

fn run_once(lib: Lib, s: &Shape, o: &mut Operands) {
    let (m, n, k) = (s.m, s.n, s.k);
    let (rsa, csa) = strides(s.ta, o.lda);
    let (rsb, csb) = strides(s.tb, o.ldb);
    // The foreign entry points take raw pointers: the operands must hold every
    // element the strides reach, which `operands` guarantees and this re-checks.
    assert!(o.a.len() >= m * k && o.b.len() >= k * n && o.c.len() >= m * n);
    match lib {
        Lib::Ours => nndl_linalg::gemm(
            s.ta, s.tb, m, n, k, s.alpha, &o.a, o.lda, &o.b, o.ldb, s.beta, &mut o.c, n,
        ),
        Lib::MatrixMultiply => {
            // SAFETY: op(A) is m×k with strides (rsa, csa) inside `a`, op(B) k×n with
            // (rsb, csb) inside `b`, C m×n row-major inside `c` (asserted above).
            #[allow(unsafe_code)]
            unsafe {
                matrixmultiply::sgemm(
                    m,
                    k,
                    n,
                    s.alpha,
                    o.a.as_ptr(),
                    rsa,
                    csa,
                    o.b.as_ptr(),
                    rsb,
                    csb,
                    s.beta,
                    o.c.as_mut_ptr(),
                    n as isize,
                    1,
                );
            }
        }
        Lib::Gemm => {
            // SAFETY: as above; the gemm crate computes dst ← α·dst + β·lhs·rhs, so our
            // (α, β) map to its (β, α), and it reads dst only when asked to.
            #[allow(unsafe_code)]
            unsafe {
                gemm::gemm(
                    m,
                    n,
                    k,
                    o.c.as_mut_ptr(),
                    1,
                    n as isize,
                    s.beta != 0.0,
                    o.a.as_ptr(),
                    csa,
                    rsa,
                    o.b.as_ptr(),
                    csb,
                    rsb,
                    s.beta,
                    s.alpha,
                    false,
                    false,
                    false,
                    gemm::Parallelism::None,
                );
            }
        }
        Lib::Naive => {
            let at = |i: usize, p: usize| o.a[i * rsa as usize + p * csa as usize];
            let bt = |p: usize, j: usize| o.b[p * rsb as usize + j * csb as usize];
            for i in 0..m {
                for j in 0..n {
                    let mut acc = 0.0f32;
                    for p in 0..k {
                        acc += at(i, p) * bt(p, j);
                    }
                    let c = &mut o.c[i * n + j];
                    *c = s.alpha * acc + if s.beta == 0.0 { 0.0 } else { s.beta * *c };
                }
            }
        }
    }
    black_box(&mut o.c);
}

/// Time this thread has spent on a CPU (`CLOCK_THREAD_CPUTIME_ID`), so the
/// slices other processes get on a shared machine are not counted; wall-clock
/// time off Linux.
struct Clock {
    start_cpu: Option<Duration>,
    start_wall: Instant,
}

#[cfg(target_os = "linux")]
fn thread_cpu_time() -> Option<Duration> {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec for the duration of the call.
    #[allow(unsafe_code)]
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    (rc == 0).then(|| Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32))
}

#[cfg(not(target_os = "linux"))]
fn thread_cpu_time() -> Option<Duration> {
    None
}

impl Clock {
    fn start() -> Self {
        Self {
            start_cpu: thread_cpu_time(),
            start_wall: Instant::now(),
        }
    }

    fn elapsed(&self) -> Duration {
        match (self.start_cpu, thread_cpu_time()) {
            (Some(a), Some(b)) => b.saturating_sub(a),
            _ => self.start_wall.elapsed(),
        }
    }
}

/// Whether the naive loop finishes a sample in reasonable time.
fn naive_ok(s: &Shape) -> bool {
    s.m * s.n * s.k <= 128 * 128 * 128
}

/// Median (or best) GFLOP/s of each library over `rounds` interleaved samples of at least `min_sample`.
fn measure(s: &Shape, rounds: usize, min_sample: Duration, best: bool) -> Vec<Option<f64>> {
    let flops = 2.0 * (s.m * s.n * s.k) as f64;
    let mut o = operands(s, 42);
    let c0 = o.c.clone();
    // Calibrate iterations per sample (after a warm-up that also fills the caches
    // and the packing buffers).
    let iters: Vec<Option<u64>> = LIBS
        .iter()
        .map(|&lib| {
            if lib == Lib::Naive && !naive_ok(s) {
                return None;
            }
            run_once(lib, s, &mut o);
            let mut n = 1u64;
            loop {
                let t = Clock::start();
                for _ in 0..n {
                    run_once(lib, s, &mut o);
                }
                if t.elapsed() >= min_sample / 4 || n >= 1 << 24 {
                    let per = t.elapsed().as_secs_f64() / n as f64;
                    return Some(((min_sample.as_secs_f64() / per).ceil() as u64).max(1));
                }
                n *= 4;
            }
        })
        .collect();
    let mut samples: Vec<Vec<f64>> = vec![Vec::new(); LIBS.len()];
    for _ in 0..rounds {
        for (li, &lib) in LIBS.iter().enumerate() {
            let Some(n) = iters[li] else { continue };
            o.c.copy_from_slice(&c0);
            let t = Clock::start();
            for _ in 0..n {
                run_once(lib, s, &mut o);
            }
            let secs = t.elapsed().as_secs_f64() / n as f64;
            samples[li].push(flops / secs / 1e9);
        }
    }
    samples
        .into_iter()
        .map(|mut v| {
            if v.is_empty() {
                return None;
            }
            v.sort_by(f64::total_cmp);
            Some(if best { v[v.len() - 1] } else { v[v.len() / 2] })
        })
        .collect()
}

/// Checks that all libraries agree on the shape before timing it.
fn cross_check(s: &Shape) -> Result<(), String> {
    let mut results = Vec::new();
    for lib in [Lib::Ours, Lib::MatrixMultiply, Lib::Gemm] {
        let mut o = operands(s, 7);
        run_once(lib, s, &mut o);
        results.push(o.c);
    }
    let tol = 1e-4 * (s.k as f32).sqrt().max(1.0);
    for (name, other) in [("matrixmultiply", &results[1]), ("gemm", &results[2])] {
        for (i, (x, y)) in results[0].iter().zip(other).enumerate() {
            if (x - y).abs() > tol * (1.0 + y.abs()) {
                return Err(format!(
                    "{}: nndl-linalg and {name} disagree at element {i}: {x} vs {y}",
                    s.label
                ));
            }
        }
    }
    Ok(())
}

/// The kernel matrixmultiply and gemm pick on this CPU: their AVX-512 kernels
/// are compiled in only with the `others-avx512` feature (on by default).
fn others_kernel() -> &'static str {
    #[cfg(target_arch = "x86_64")]
    {
        if cfg!(feature = "others-avx512") && std::is_x86_feature_detected!("avx512f") {
            return "avx512f";
        }
        if std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma") {
            return if cfg!(feature = "others-avx512") {
                "avx2+fma"
            } else {
                "avx2+fma (AVX-512 compiled out: --no-default-features)"
            };
        }
    }
    "their fallback"
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".to_string())
}

/// Command-line options.
struct Options {
    rounds: usize,
    min_sample: Duration,
    /// The square sizes to time.
    squares: Vec<usize>,
    /// Report the best sample instead of the median (for tuning on a busy machine).
    best: bool,
    /// Only shapes whose label or use contains this.
    filter: Option<String>,
}

const USAGE: &str = "usage: cargo xtask bench-gemm [--rounds N (9)] [--sample-ms MS (20)] \
[--max-square S (1024)] [--squares S,S,… (32,64,…,max-square)] [--best] [--filter TEXT]";

fn parse_args(args: &[String]) -> Result<Options, String> {
    let (mut rounds, mut sample_ms, mut max_square) = (9usize, 20u64, 1024usize);
    let (mut best, mut filter, mut squares) = (false, None, None);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| -> Result<u64, String> {
            it.next()
                .and_then(|v| v.parse().ok())
                .filter(|&v: &u64| v > 0)
                .ok_or_else(|| format!("bench-gemm: {name} needs a positive integer"))
        };
        match a.as_str() {
            "--rounds" => rounds = value("--rounds")? as usize,
            "--sample-ms" => sample_ms = value("--sample-ms")?,
            "--max-square" => max_square = value("--max-square")? as usize,
            "--squares" => {
                let list = it
                    .next()
                    .ok_or("bench-gemm: --squares needs a list of sizes")?;
                let sizes = list
                    .split(',')
                    .map(|v| v.trim().parse::<usize>().ok().filter(|&v| v > 0))
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(|| {
                        format!("bench-gemm: --squares needs positive sizes like 96,128,384, not `{list}`")
                    })?;
                squares = Some(sizes);
            }
            "--best" => best = true,
            "--filter" => {
                filter = Some(
                    it.next()
                        .ok_or("bench-gemm: --filter needs a text")?
                        .clone(),
                )
            }
            "-h" | "--help" => return Err(USAGE.into()),
            other => return Err(format!("bench-gemm: unknown argument `{other}`\n{USAGE}")),
        }
    }
    Ok(Options {
        rounds,
        min_sample: Duration::from_millis(sample_ms),
        squares: squares.unwrap_or_else(|| doubling_squares(max_square)),
        best,
        filter,
    })
}

/// Runs the comparison and prints the table (Markdown).
pub fn run(args: &[String]) -> Result<(), String> {
    let Options {
        rounds,
        min_sample,
        squares,
        best,
        filter,
    } = parse_args(args)?;
    let kernel = Kernel::detect();
    println!("CPU: {}", cpu_model());
    println!(
        "nndl-linalg kernel: {} (available: {})",
        kernel.name(),
        Kernel::available()
            .iter()
            .map(|k| k.name())
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!("matrixmultiply and gemm kernel: {}", others_kernel());
    println!(
        "single thread; GFLOP/s = 2·m·n·k / on-CPU time of the thread, {} of {rounds} interleaved samples of ≥ {} ms each\n",
        if best { "best" } else { "median" },
        min_sample.as_millis()
    );
    println!("| product (m×k · k×n) | use | nndl-linalg | matrixmultiply | gemm | naive | ÷ matrixmultiply | ÷ gemm | ÷ best other |");
    println!("|---|---|---:|---:|---:|---:|---:|---:|---:|");
    let fmt = |x: Option<f64>| x.map_or("—".to_string(), |v| format!("{v:.1}"));
    for s in shapes(&squares) {
        if let Some(f) = &filter {
            if !s.label.contains(f.as_str()) && !s.note.contains(f.as_str()) {
                continue;
            }
        }
        cross_check(&s)?;
        let g = measure(&s, rounds, min_sample, best);
        let (ours, mm, ge) = (
            g[0].unwrap_or(0.0),
            g[1].unwrap_or(0.0),
            g[2].unwrap_or(0.0),
        );
        println!(
            "| {} | {} | {} | {} | {} | {} | {:.2}× | {:.2}× | {:.2}× |",
            s.label,
            s.note,
            fmt(g[0]),
            fmt(g[1]),
            fmt(g[2]),
            fmt(g[3]),
            ours / mm,
            ours / ge,
            ours / mm.max(ge)
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn squares_double_up_to_max_square_unless_listed() {
        let o = parse_args(&args(&["--max-square", "256"])).unwrap();
        assert_eq!(o.squares, [32, 64, 128, 256]);
        let o = parse_args(&args(&["--squares", "96, 384,2048"])).unwrap();
        assert_eq!(o.squares, [96, 384, 2048]);
        for bad in ["", "96,,128", "0", "x"] {
            let e = parse_args(&args(&["--squares", bad])).err().unwrap();
            assert!(e.contains("--squares"), "{e}");
        }
        assert!(parse_args(&args(&["--squares"])).is_err());
    }
}
