//! How people write each digit: templates of pen strokes in a unit box (x to
//! the right, y down), several styles per digit. A smooth stroke is a
//! Catmull-Rom curve through its points; a sharp one keeps its corners.

/// One pen stroke.
pub struct Stroke {
    pub points: &'static [(f32, f32)],
    pub smooth: bool,
}

/// One way of writing a digit: its strokes, and a short name for files.
pub struct Style {
    pub digit: u8,
    pub name: &'static str,
    pub strokes: &'static [Stroke],
}

const fn smooth(points: &'static [(f32, f32)]) -> Stroke {
    Stroke {
        points,
        smooth: true,
    }
}

const fn sharp(points: &'static [(f32, f32)]) -> Stroke {
    Stroke {
        points,
        smooth: false,
    }
}

/// The styles, at least two for most digits.
pub const STYLES: &[Style] = &[
    Style {
        digit: 0,
        name: "oval",
        strokes: &[smooth(&[
            (0.5, 0.03),
            (0.2, 0.2),
            (0.12, 0.5),
            (0.2, 0.82),
            (0.5, 0.97),
            (0.8, 0.82),
            (0.88, 0.5),
            (0.8, 0.18),
            (0.5, 0.03),
            (0.35, 0.1),
        ])],
    },
    Style {
        digit: 0,
        name: "round",
        strokes: &[smooth(&[
            (0.55, 0.05),
            (0.2, 0.15),
            (0.05, 0.5),
            (0.22, 0.88),
            (0.55, 0.96),
            (0.9, 0.8),
            (0.95, 0.45),
            (0.75, 0.1),
            (0.5, 0.06),
        ])],
    },
    Style {
        digit: 1,
        name: "stick",
        strokes: &[sharp(&[(0.52, 0.03), (0.48, 0.97)])],
    },
    Style {
        digit: 1,
        name: "flag",
        strokes: &[sharp(&[(0.25, 0.25), (0.55, 0.03), (0.52, 0.97)])],
    },
    Style {
        digit: 1,
        name: "based",
        strokes: &[
            sharp(&[(0.3, 0.22), (0.55, 0.03), (0.55, 0.97)]),
            sharp(&[(0.3, 0.97), (0.8, 0.97)]),
        ],
    },
    Style {
        digit: 2,
        name: "curl",
        strokes: &[
            smooth(&[
                (0.18, 0.28),
                (0.3, 0.08),
                (0.55, 0.03),
                (0.8, 0.15),
                (0.78, 0.4),
                (0.5, 0.68),
                (0.18, 0.95),
            ]),
            sharp(&[(0.18, 0.95), (0.88, 0.93)]),
        ],
    },
    Style {
        digit: 2,
        name: "loop",
        strokes: &[smooth(&[
            (0.15, 0.25),
            (0.4, 0.04),
            (0.75, 0.1),
            (0.75, 0.4),
            (0.25, 0.92),
            (0.15, 0.85),
            (0.3, 0.8),
            (0.55, 0.9),
            (0.9, 0.95),
        ])],
    },
    Style {
        digit: 3,
        name: "round",
        strokes: &[smooth(&[
            (0.18, 0.15),
            (0.45, 0.03),
            (0.75, 0.12),
            (0.75, 0.35),
            (0.42, 0.48),
            (0.8, 0.6),
            (0.82, 0.85),
            (0.5, 0.97),
            (0.15, 0.86),
        ])],
    },
    Style {
        digit: 3,
        name: "flat",
        strokes: &[
            sharp(&[(0.15, 0.05), (0.8, 0.05), (0.45, 0.42)]),
            smooth(&[
                (0.45, 0.42),
                (0.8, 0.55),
                (0.85, 0.8),
                (0.55, 0.97),
                (0.15, 0.88),
            ]),
        ],
    },
    Style {
        digit: 4,
        name: "open",
        strokes: &[
            sharp(&[(0.55, 0.03), (0.12, 0.65), (0.88, 0.65)]),
            sharp(&[(0.65, 0.3), (0.65, 0.97)]),
        ],
    },
    Style {
        digit: 4,
        name: "square",
        strokes: &[
            sharp(&[(0.2, 0.03), (0.15, 0.55), (0.85, 0.55)]),
            sharp(&[(0.7, 0.03), (0.7, 0.97)]),
        ],
    },
    Style {
        digit: 5,
        name: "one",
        strokes: &[
            sharp(&[(0.82, 0.04), (0.3, 0.04), (0.24, 0.45)]),
            smooth(&[
                (0.24, 0.45),
                (0.55, 0.36),
                (0.82, 0.55),
                (0.8, 0.83),
                (0.5, 0.97),
                (0.15, 0.87),
            ]),
        ],
    },
    Style {
        digit: 5,
        name: "bar",
        strokes: &[
            smooth(&[
                (0.3, 0.04),
                (0.24, 0.45),
                (0.55, 0.36),
                (0.82, 0.55),
                (0.8, 0.83),
                (0.5, 0.97),
                (0.15, 0.87),
            ]),
            sharp(&[(0.3, 0.04), (0.85, 0.02)]),
        ],
    },
    Style {
        digit: 6,
        name: "hook",
        strokes: &[smooth(&[
            (0.72, 0.04),
            (0.42, 0.22),
            (0.22, 0.58),
            (0.28, 0.88),
            (0.55, 0.97),
            (0.8, 0.8),
            (0.72, 0.56),
            (0.45, 0.5),
            (0.24, 0.66),
        ])],
    },
    Style {
        digit: 6,
        name: "straight",
        strokes: &[smooth(&[
            (0.62, 0.03),
            (0.3, 0.45),
            (0.22, 0.75),
            (0.45, 0.96),
            (0.75, 0.85),
            (0.75, 0.6),
            (0.5, 0.52),
            (0.26, 0.65),
        ])],
    },
    Style {
        digit: 7,
        name: "plain",
        strokes: &[sharp(&[(0.12, 0.06), (0.88, 0.06), (0.42, 0.97)])],
    },
    Style {
        digit: 7,
        name: "crossed",
        strokes: &[
            sharp(&[(0.12, 0.06), (0.88, 0.06), (0.42, 0.97)]),
            sharp(&[(0.38, 0.5), (0.82, 0.5)]),
        ],
    },
    Style {
        digit: 7,
        name: "curved",
        strokes: &[
            sharp(&[(0.1, 0.12), (0.85, 0.05)]),
            smooth(&[(0.85, 0.05), (0.62, 0.4), (0.5, 0.7), (0.45, 0.97)]),
        ],
    },
    Style {
        digit: 8,
        name: "figure",
        strokes: &[smooth(&[
            (0.72, 0.12),
            (0.5, 0.03),
            (0.25, 0.15),
            (0.3, 0.38),
            (0.5, 0.5),
            (0.78, 0.68),
            (0.72, 0.92),
            (0.5, 0.98),
            (0.25, 0.9),
            (0.22, 0.68),
            (0.5, 0.5),
            (0.72, 0.32),
            (0.72, 0.12),
        ])],
    },
    Style {
        digit: 8,
        name: "rings",
        strokes: &[smooth(&[
            (0.5, 0.46),
            (0.25, 0.3),
            (0.3, 0.08),
            (0.5, 0.03),
            (0.7, 0.08),
            (0.75, 0.3),
            (0.5, 0.46),
            (0.22, 0.7),
            (0.3, 0.93),
            (0.5, 0.98),
            (0.72, 0.93),
            (0.78, 0.7),
            (0.5, 0.46),
        ])],
    },
    Style {
        digit: 9,
        name: "straight",
        strokes: &[
            smooth(&[
                (0.78, 0.3),
                (0.6, 0.06),
                (0.35, 0.05),
                (0.2, 0.25),
                (0.32, 0.45),
                (0.55, 0.45),
                (0.78, 0.3),
            ]),
            sharp(&[(0.78, 0.28), (0.72, 0.97)]),
        ],
    },
    Style {
        digit: 9,
        name: "curved",
        strokes: &[smooth(&[
            (0.75, 0.25),
            (0.55, 0.05),
            (0.28, 0.1),
            (0.22, 0.35),
            (0.45, 0.48),
            (0.75, 0.28),
            (0.72, 0.65),
            (0.55, 0.95),
            (0.3, 0.92),
        ])],
    },
];
