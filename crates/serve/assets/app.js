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
  // A model trained on cut pieces has an 11th output, "not a digit"; the answer is a digit.
  const digits = outputs.slice(0, 10);
  const best = digits.indexOf(Math.max(...digits));
  const top = Math.max(...outputs, 1e-6);
  outputs.forEach((a, d) => {
    const label = document.createElement("span");
    label.textContent = d < 10 ? d : "∅";
    label.title = d < 10 ? "" : "not a digit";
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

// Each neuron's 784 input weights as a 28×28 picture: red excites, blue inhibits.
function drawNeurons(box, w, canvases) {
  box.innerHTML = "";
  if (canvases) canvases.length = 0;
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
    if (canvases) canvases.push(c);
    box.append(c);
  }
  if (w.neurons > w.weights.length) {
    const more = document.createElement("p");
    more.className = "hint";
    more.textContent = `and ${w.neurons - w.weights.length} more`;
    box.append(more);
  }
}

async function loadModel() {
  const m = await (await fetch("/api/model")).json();
  const acc = m.test_accuracy == null ? "" : `, ${(100 * m.test_accuracy).toFixed(2)}% of MNIST's test digits`;
  $("model").textContent = `${m.source}: ${m.sizes.join("-")} (${m.parameters.toLocaleString()} parameters${acc})`;
  const w = await (await fetch("/api/weights")).json();
  drawNeurons($("neurons"), w, neuronCanvases);
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

// ---- tabs --------------------------------------------------------------------------

function showTab(name) {
  for (const t of ["draw", "train"]) {
    $(`${t}-tab`).hidden = t !== name;
    $(`tab-${t}`).classList.toggle("active", t === name);
  }
}
$("tab-draw").addEventListener("click", () => showTab("draw"));
$("tab-train").addEventListener("click", () => showTab("train"));

// ---- watching it learn -------------------------------------------------------------

const run = { state: "idle", accuracies: [], epochs: 0 };
let presets = [];

function drawCurve() {
  const c = $("curve");
  const g = c.getContext("2d");
  const [w, h, pad] = [c.width, c.height, 40];
  g.fillStyle = "#fbfaf7";
  g.fillRect(0, 0, w, h);
  const n = Math.max(run.epochs, run.accuracies.length, 1);
  const low = Math.min(0.9, ...run.accuracies);
  const y = (a) => h - pad - ((a - low) / (1 - low)) * (h - 2 * pad);
  const x = (k) => pad + ((k + 1) / n) * (w - 2 * pad);
  g.strokeStyle = "#cbd5e1";
  g.fillStyle = "#6b7280";
  g.font = "12px system-ui";
  g.lineWidth = 1;
  for (let k = 0; k <= 4; k++) {
    const a = low + (k * (1 - low)) / 4;
    g.beginPath();
    g.moveTo(pad, y(a));
    g.lineTo(w - pad, y(a));
    g.stroke();
    g.fillText(`${(100 * a).toFixed(1)}%`, 2, y(a) + 4);
  }
  g.fillText("epoch", w - pad - 30, h - 8);
  if (run.accuracies.length === 0) return;
  g.strokeStyle = "#c2410c";
  g.fillStyle = "#c2410c";
  g.lineWidth = 2.5;
  g.beginPath();
  run.accuracies.forEach((a, k) => (k === 0 ? g.moveTo(x(k), y(a)) : g.lineTo(x(k), y(a))));
  g.stroke();
  run.accuracies.forEach((a, k) => { g.beginPath(); g.arc(x(k), y(a), 3.5, 0, 2 * Math.PI); g.fill(); });
}

function status(text) { $("train-status").textContent = text; }

function running(yes) {
  $("start").disabled = yes;
  $("stop").disabled = !yes;
}

async function onTrainEvent(e) {
  switch (e.kind) {
    case "started":
      run.state = "running";
      run.accuracies = [];
      run.epochs = e.epochs || 0;
      running(true);
      status("Loading MNIST and starting…");
      break;
    case "epoch":
      // By epoch number: an epoch both in the history and in the stream counts once.
      run.accuracies[e.epoch] = e.accuracy;
      run.epochs = e.epochs;
      status(`Epoch ${e.epoch + 1} of ${e.epochs}: ${(100 * e.accuracy).toFixed(2)}%`);
      try {
        drawNeurons($("train-neurons"), await (await fetch("/api/train/weights")).json(), null);
      } catch (_) { /* the weights are a bonus */ }
      break;
    case "done": {
      run.state = "done";
      running(false);
      const acc = e.test_accuracy == null ? "" : `: ${(100 * e.test_accuracy).toFixed(2)}% of MNIST's test digits`;
      status(`${e.stopped ? "Stopped" : "Done"}${acc}. Saved to ${e.source}; the Draw tab reads with it now.`);
      loadModel();
      break;
    }
    case "failed":
      run.state = "failed";
      running(false);
      status(`The run failed: ${e.error}`);
      break;
  }
  drawCurve();
}

async function startTraining(event) {
  event.preventDefault();
  const body = { preset: $("preset").value };
  for (const [id, key, parse] of [["hidden", "hidden", parseInt], ["epochs", "epochs", parseInt], ["eta", "eta", parseFloat], ["train-size", "train_size", parseInt]]) {
    const v = $(id).value.trim();
    if (v !== "") body[key] = parse(v);
  }
  const r = await fetch("/api/train", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  if (!r.ok) status((await r.json()).error);
}

async function loadTraining() {
  // Listen first, then read the history: nothing falls between the two.
  const source = new EventSource("/api/train/events");
  const early = [];
  source.onmessage = (m) => early.push(JSON.parse(m.data));
  const r = await fetch("/api/train");
  if (!r.ok) { source.close(); $("tab-train").hidden = true; return; }
  const t = await r.json();
  presets = t.presets;
  for (const p of presets) {
    const o = document.createElement("option");
    o.value = o.textContent = p.name;
    $("preset").append(o);
  }
  const fast = presets.find((p) => p.name === "fast");
  if (fast) $("preset").value = "fast";
  const about = () => { $("preset-about").textContent = (presets.find((p) => p.name === $("preset").value) || {}).about || ""; };
  $("preset").addEventListener("change", about);
  about();
  for (const e of t.events) await onTrainEvent(e);
  for (const e of early) await onTrainEvent(e);
  if (t.running) running(true);
  source.onmessage = (m) => onTrainEvent(JSON.parse(m.data));
  $("train-form").addEventListener("submit", startTraining);
  $("stop").addEventListener("click", () => fetch("/api/train/stop", { method: "POST" }));
  drawCurve();
}

// For tests and the curious: whether every drawing so far has its answer shown,
// and how the training run stands.
window.nndl = { idle: () => shown === sent && timer === null && drawing === null, run };

paint();
loadModel().catch((e) => { $("model").textContent = `no model: ${e.message}`; });
loadTraining().catch((e) => status(`Training is not available: ${e.message}`));
