// The draw page of `nndl serve`: strokes on a canvas, sent as a PNG to the
// server's API as you draw; the answers drawn beside it. Plain JavaScript, no
// build step.
"use strict";

const pad = document.getElementById("pad");
const cuts = document.getElementById("cuts");
const ctx = pad.getContext("2d");
const pen = document.getElementById("pen");
const $ = (id) => document.getElementById(id);

const strokes = [];        // each stroke: {width, points: [[x, y], ...]}
let drawing = null;        // the stroke under the pointer
let sent = 0;              // requests sent, to drop answers that come back late
let shown = 0;             // the newest request whose answer is shown
let timer = null;
let lastSent = 0;
const EVERY_MS = 100;      // at most this often while drawing

// ---- drawing ----------------------------------------------------------------

function point(event) {
  const r = pad.getBoundingClientRect();
  return [(event.clientX - r.left) * pad.width / r.width, (event.clientY - r.top) * pad.height / r.height];
}

function paint() {
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, pad.width, pad.height);
  ctx.strokeStyle = "#111111";
  ctx.fillStyle = "#111111";
  ctx.lineCap = "round";
  ctx.lineJoin = "round";
  for (const s of strokes) {
    ctx.lineWidth = s.width;
    if (s.points.length === 1) {
      const [x, y] = s.points[0];
      ctx.beginPath();
      ctx.arc(x, y, s.width / 2, 0, 2 * Math.PI);
      ctx.fill();
      continue;
    }
    ctx.beginPath();
    ctx.moveTo(...s.points[0]);
    for (const p of s.points.slice(1)) ctx.lineTo(...p);
    ctx.stroke();
  }
}

pad.addEventListener("pointerdown", (e) => {
  e.preventDefault();
  pad.setPointerCapture(e.pointerId);
  drawing = { width: Number(pen.value), points: [point(e)] };
  strokes.push(drawing);
  paint();
});

pad.addEventListener("pointermove", (e) => {
  if (!drawing) return;
  e.preventDefault();
  drawing.points.push(point(e));
  paint();
  const wait = EVERY_MS - (performance.now() - lastSent);
  if (wait <= 0) ask();
  else if (!timer) timer = setTimeout(() => { timer = null; ask(); }, wait);
});

function endStroke() {
  if (!drawing) return;
  drawing = null;
  ask();
}
pad.addEventListener("pointerup", endStroke);
pad.addEventListener("pointercancel", endStroke);

$("undo").addEventListener("click", () => { strokes.pop(); paint(); ask(); });
$("clear").addEventListener("click", () => { strokes.length = 0; paint(); ask(); });

// ---- asking the server --------------------------------------------------------

function picture() {
  return new Promise((resolve) => pad.toBlob(resolve, "image/png"));
}

async function post(url, blob) {
  const r = await fetch(url, { method: "POST", headers: { "Content-Type": "image/png" }, body: blob });
  const body = await r.json();
  if (!r.ok) throw new Error(body.error || r.statusText);
  return body;
}

async function ask() {
  lastSent = performance.now();
  const id = ++sent;
  if (strokes.length === 0) { show(id, null, null, ""); return; }
  const blob = await picture();
  try {
    const [prediction, reading] = await Promise.all([
      post("/api/predict", blob),
      post("/api/read", blob).catch((e) => ({ error: e.message })),
    ]);
    show(id, prediction, reading, "");
  } catch (e) {
    show(id, null, null, e.message);
  }
}

// ---- showing the answers --------------------------------------------------------

function show(id, prediction, reading, error) {
  if (id < shown) return;
  shown = id;
  $("error").textContent = error;
  const number = reading && !reading.error ? reading.number : "–";
  // Several digits: the one-digit answer for the whole drawing means nothing.
  const one = prediction && number.length < 2;
  $("digit").textContent = one ? String(prediction.digit) : "–";
  $("number").textContent = number;
  // With several digits, each piece's input is shown instead of the whole drawing's.
  bars(one ? prediction.outputs : null);
  field($("input"), one ? prediction.input : null);
  $("input").parentElement.hidden = !one && number.length >= 2;
  drawCuts(reading && !reading.error ? reading.digits : []);
  excite(prediction ? prediction.hidden : null);
  document.body.dataset.answered = String(id);
  document.body.dataset.pending = String(sent - id);
}

function bars(outputs) {
  const box = $("bars");
  box.innerHTML = "";
  if (!outputs) return;
  const best = outputs.indexOf(Math.max(...outputs));
  const top = Math.max(...outputs, 1e-6);
  outputs.forEach((a, d) => {
    const label = document.createElement("span");
    label.textContent = d;
    const bar = document.createElement("div");
    bar.className = d === best ? "bar best" : "bar";
    bar.style.width = `${Math.max(1, (100 * a) / top)}%`;
    const value = document.createElement("span");
    value.textContent = a.toFixed(3);
    box.append(label, bar, value);
  });
}

// A 28×28 input as the network sees it: ink white on black.
function field(canvas, values) {
  const g = canvas.getContext("2d");
  const img = g.createImageData(28, 28);
  for (let i = 0; i < 784; i++) {
    const v = values ? Math.round(255 * values[i]) : 0;
    img.data.set([v, v, v, 255], 4 * i);
  }
  g.putImageData(img, 0, 0);
}

const COLOURS = ["#2563eb", "#ea580c", "#16a34a", "#db2777", "#0891b2", "#ca8a04"];

function drawCuts(digits) {
  const g = cuts.getContext("2d");
  g.clearRect(0, 0, cuts.width, cuts.height);
  const pieces = $("pieces");
  pieces.innerHTML = "";
  if (digits.length < 2) return;
  digits.forEach((d, i) => {
    const [x, y, w, h] = d.box;
    g.strokeStyle = COLOURS[i % COLOURS.length];
    g.lineWidth = 3;
    g.strokeRect(x - 3, y - 3, w + 6, h + 6);
    const fig = document.createElement("figure");
    const c = document.createElement("canvas");
    c.width = c.height = 28;
    field(c, d.input);
    const cap = document.createElement("figcaption");
    cap.textContent = `${d.digit}  ${d.confidence.toFixed(2)}`;
    fig.append(c, cap);
    pieces.append(fig);
  });
}

// ---- inside the network ------------------------------------------------------------

const neuronCanvases = [];

function excite(hidden) {
  neuronCanvases.forEach((c) => c.classList.remove("excited"));
  if (!hidden) return;
  const order = hidden.map((z, j) => [z, j]).filter(([, j]) => j < neuronCanvases.length);
  order.sort((a, b) => b[0] - a[0]);
  for (const [, j] of order.slice(0, 5)) neuronCanvases[j].classList.add("excited");
}

async function loadModel() {
  const m = await (await fetch("/api/model")).json();
  const acc = m.test_accuracy == null ? "" : `, ${(100 * m.test_accuracy).toFixed(2)}% of MNIST's test digits`;
  $("model").textContent = `${m.source}: ${m.sizes.join("-")} (${m.parameters.toLocaleString()} parameters${acc})`;
  const w = await (await fetch("/api/weights")).json();
  const box = $("neurons");
  for (const weights of w.weights) {
    const top = Math.max(...weights.map(Math.abs), 1e-6);
    const c = document.createElement("canvas");
    c.width = c.height = 28;
    const g = c.getContext("2d");
    const img = g.createImageData(28, 28);
    weights.forEach((v, i) => {
      const t = Math.min(1, Math.abs(v) / top);
      const rgb = v > 0 ? [255, 255 * (1 - t), 255 * (1 - t)] : [255 * (1 - t), 255 * (1 - t), 255];
      img.data.set([...rgb, 255], 4 * i);
    });
    g.putImageData(img, 0, 0);
    neuronCanvases.push(c);
    box.append(c);
  }
  if (w.neurons > w.weights.length) {
    const more = document.createElement("p");
    more.className = "hint";
    more.textContent = `and ${w.neurons - w.weights.length} more`;
    box.append(more);
  }
}

// ---- keeping your digits -------------------------------------------------------------

for (let d = 0; d <= 9; d++) {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = d;
  b.addEventListener("click", async () => {
    if (strokes.length === 0) return;
    try {
      const r = await post(`/api/save?digit=${d}`, await picture());
      $("kept").textContent = `kept as ${r.file}`;
    } catch (e) {
      $("kept").textContent = e.message;
    }
  });
  $("keep-buttons").append(b);
}

// For tests and the curious: whether every drawing so far has its answer shown.
window.nndl = { idle: () => shown === sent && timer === null && drawing === null };

paint();
loadModel().catch((e) => { $("model").textContent = `no model: ${e.message}`; });
