// Solace countdown: ticks in the browser, from the server's run state.
//
// The server sends the plan, the current step and how far into it the run was at `server_now`.
// Here we count down locally, draw the clock and progress, pace breathing, play cues, keep the
// screen awake, and send one "step_changed" trigger when a step ends so the server can rerun.
// Everything is idempotent: Streamlit calls this function again on every data change.

const INSTANCES = new Map(); // parentElement -> instance state (deleted at unmount)
const TICK_MS = 200;
const IGNORE_CLOCK_OFFSET_MS = 2000; // below this, a measured offset is mostly page-load delay

window.__solaceTriggers = window.__solaceTriggers || []; // for tests: every trigger sent
window.__solaceClock = (seconds) => clock(seconds); // for tests: the clock's format
window.__solaceTicks = window.__solaceTicks || 0; // for tests: ticks drawn (waiting on these, not on sleeps)

// Time left as the clock shows it: the same rule as format_clock in
// planner/kernel/formatting.py (a browser test checks both against CLOCK_CASES).
function clock(seconds) {
  const whole = Math.max(0, Math.ceil(seconds - 1e-6));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}

function footLabel(foot) {
  return foot === "left" ? "Left foot" : foot === "right" ? "Right foot" : "";
}

async function keepAwake(instance, wanted) {
  if (!("wakeLock" in navigator)) return;
  try {
    if (wanted && !instance.wakeLock && !instance.requesting
        && document.visibilityState === "visible") {
      instance.requesting = true;
      instance.wakeLock = await navigator.wakeLock.request("screen");
      instance.requesting = false;
      window.__solaceWakeLock = "held";
      instance.wakeLock.addEventListener("release", () => {
        instance.wakeLock = null;
        window.__solaceWakeLock = "released";
      });
    } else if (!wanted && instance.wakeLock) {
      const lock = instance.wakeLock;
      instance.wakeLock = null;
      await lock.release();
    }
  } catch (error) {
    instance.wakeLock = null;
    instance.requesting = false;
    window.__solaceWakeLock = "refused";
  }
}

// Where the run is now, counted locally from the server's anchor.
function position(instance) {
  const data = instance.data;
  if (data.paused || data.over) return { index: data.index, into: data.into };
  let into = (Date.now() + instance.offset - instance.anchor) / 1000;
  let index = data.index;
  while (index < data.steps.length && into >= data.steps[index].seconds) {
    into -= data.steps[index].seconds;
    index += 1;
  }
  return { index, into: Math.max(0, into) };
}

function cue(instance, index) {
  const data = instance.data;
  const finished = index >= data.steps.length;
  const step = data.steps[index];
  const kind = finished ? "end" : step.switch ? "switch" : "step";
  const audio = playTones(kind, data.sound);
  window.__solaceCues.push({ kind, index, at: Date.now(), audio });
  if (finished) speak("Routine complete. Well done.", data.sound);
  else speak([step.name, footLabel(step.foot)].filter(Boolean).join(", "), data.sound);
  buzz(data.sound, finished);
}

// A short buzz at each step change (a longer one at the end), where the browser can vibrate
// (Android's; not iOS Safari) and the person left it on in Settings. Not while muted: mute
// means "don't disturb".
function buzz(sound, finished) {
  if (!sound.vibrate || sound.muted || typeof navigator.vibrate !== "function") return;
  const pattern = finished ? [200, 100, 200] : [120];
  window.__solaceBuzzes = [...(window.__solaceBuzzes || []), pattern];
  navigator.vibrate(pattern);
}

// Text is written only when it changes: a write of the same text still makes the browser
// lay the page out again, five times a second.
function show(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

function render(instance, pos) {
  const { data, els } = instance;
  const total = data.steps.reduce((sum, s) => sum + s.seconds, 0);
  const done = data.steps.slice(0, pos.index).reduce((sum, s) => sum + s.seconds, 0) + pos.into;
  const finished = pos.index >= data.steps.length;
  const step = finished ? null : data.steps[pos.index];
  const next = data.steps[pos.index + 1];

  els.root.classList.toggle("paused", data.paused);
  els.root.classList.toggle("finished", finished);
  show(els.count, finished
    ? "All steps done"
    : step.number ? `Step ${step.number} of ${data.count}` : "Between steps");
  show(els.foot, step ? footLabel(step.foot) : "");
  els.foot.hidden = !(step && footLabel(step.foot));
  show(els.name, step ? step.name : "Routine complete");
  show(els.clock, step ? clock(step.seconds - pos.into) : "0:00");
  show(els.status, data.paused ? "Paused" : data.over && !finished ? "Stopped" : "");
  els.stepFill.style.transform = `scaleX(${step ? Math.min(1, pos.into / step.seconds) : 1})`;
  show(els.how, step ? step.how : "");
  show(els.next, next
    ? `Next: ${next.name}${footLabel(next.foot) ? ` (${footLabel(next.foot).toLowerCase()})` : ""}`
    : step ? "Last step" : "");
  els.totalFill.style.transform = `scaleX(${total ? Math.min(1, done / total) : 1})`;
  show(els.left, `${clock(Math.max(0, total - done))} left overall`);
  // The time left is in the browser tab's title too, so it shows from another tab.
  const title = finished ? instance.title
    : `${data.paused ? "Paused" : clock(step.seconds - pos.into)} · ${step.name} · Solace`;
  if (document.title !== title) document.title = title;

  const breathing = Boolean(step && step.breathing && !data.paused);
  els.pacer.hidden = !breathing;
  if (breathing) {
    const inhale = data.breath.in;
    const cycle = inhale + data.breath.out;
    const t = pos.into % cycle;
    const inhaling = t < inhale;
    const progress = inhaling ? t / inhale : 1 - (t - inhale) / data.breath.out;
    els.circle.style.transform = `scale(${0.55 + 0.45 * progress})`;
    show(els.phase, inhaling ? "Breathe in" : "Breathe out");
  }
}

function tick(instance) {
  window.__solaceTicks += 1;
  const pos = position(instance);
  const data = instance.data;
  if (instance.shownIndex !== null && pos.index !== instance.shownIndex) {
    // Tell the server first: making sound first delays the message.
    if (!data.paused && !data.over && pos.index > data.index && pos.index > instance.reported) {
      instance.reported = pos.index;
      window.__solaceTriggers.push({ index: pos.index, at: Date.now() });
      instance.setTriggerValue("step_changed", pos.index);
    }
    cue(instance, pos.index);
  }
  instance.shownIndex = pos.index;
  const running = !data.paused && !data.over && pos.index < data.steps.length;
  if (running && document.visibilityState === "visible"
      && Date.now() - instance.seenAt >= data.seen_every * 1000) {
    instance.seenAt = Date.now(); // still here: the server counts the time up to now
    instance.setTriggerValue("seen", instance.seenAt);
  }
  render(instance, pos);
  keepAwake(instance, !data.paused && !data.over && pos.index < data.steps.length);

  clearTimeout(instance.boundary);
  if (!data.paused && !data.over && pos.index < data.steps.length) {
    // Aim a tick at the next step end, so the change is not up to one interval late.
    const left = data.steps[pos.index].seconds - pos.into;
    instance.boundary = setTimeout(() => tick(instance), Math.max(0, left * 1000) + 5);
  }
}

// The page is hidden or closed: the server holds a running run where it was last seen, since
// time away is not time massaged (if this message is lost, the server's last "seen" is used).
function away(instance) {
  const data = instance.data;
  if (!data || data.paused || data.over) return;
  window.__solaceTriggers.push({ away: true, at: Date.now() });
  instance.setTriggerValue("away", Date.now());
}

// The space bar pauses and resumes, ← goes back a step and → skips one, unless the person is
// typing or on a button (or a slider, where the arrows are its own).
const KEYS = { Space: "space", ArrowLeft: "back", ArrowRight: "skip" };

function onKey(event) {
  const target = event.composedPath ? event.composedPath()[0] : event.target;
  const typing = target && (target.isContentEditable
    || ["INPUT", "TEXTAREA", "SELECT", "BUTTON"].includes(target.tagName)
    || target.getAttribute?.("role") === "slider");
  const trigger = KEYS[event.code];
  if (!trigger || typing || event.repeat || event.altKey || event.ctrlKey || event.metaKey) return;
  const live = [...INSTANCES.values()].find((i) => !i.data.over);
  if (!live) return;
  event.preventDefault();
  live.setTriggerValue(trigger, Date.now());
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let instance = INSTANCES.get(parentElement);
  if (!instance) {
    const q = (selector) => parentElement.querySelector(selector);
    instance = {
      els: {
        root: q(".solace-timer"), count: q(".count"), foot: q(".foot"), name: q(".name"),
        clock: q(".clock"), status: q(".status"), stepFill: q(".step-bar .fill"),
        how: q(".how"), next: q(".next"), totalFill: q(".total-bar .fill"), left: q(".left"),
        pacer: q(".pacer"), circle: q(".circle"), phase: q(".phase"),
      },
      shownIndex: null, reported: -1, wakeLock: null, boundary: null, interval: null,
      seenAt: Date.now(),
    };
    INSTANCES.set(parentElement, instance);
    instance.title = document.title;
    instance.interval = setInterval(() => tick(instance), TICK_MS);
    if (INSTANCES.size === 1) document.addEventListener("keydown", onKey);
    instance.onVisible = () => {
      if (document.visibilityState === "visible") tick(instance);
      else away(instance);
    };
    instance.onHide = () => away(instance);
    document.addEventListener("visibilitychange", instance.onVisible);
    window.addEventListener("pagehide", instance.onHide);
  }
  instance.setTriggerValue = setTriggerValue;
  if (!instance.data || instance.data.run !== data.run) {
    instance.shownIndex = null; // a different run: no cue for its first step
    instance.reported = -1;
  }
  instance.data = data;
  instance.seenAt = Date.now(); // the server drew this page just now: it knows we are here
  const measured = data.server_now - Date.now();
  instance.offset = Math.abs(measured) > IGNORE_CLOCK_OFFSET_MS ? measured : 0;
  instance.anchor = data.server_now - data.into * 1000;
  instance.reported = Math.max(instance.reported, data.index);
  tick(instance);

  return () => {
    clearInterval(instance.interval);
    clearTimeout(instance.boundary);
    document.removeEventListener("visibilitychange", instance.onVisible);
    window.removeEventListener("pagehide", instance.onHide);
    keepAwake(instance, false);
    document.title = instance.title;
    INSTANCES.delete(parentElement);
    if (INSTANCES.size === 0) document.removeEventListener("keydown", onKey);
  };
}
