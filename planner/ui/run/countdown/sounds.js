// Solace sounds: the cues shared by the countdown and the sound check in Settings.
// This file is prepended to each component's module (planner/ui/run/countdown/__init__.py).

let audioContext = null;
window.__solaceCues = window.__solaceCues || []; // for tests: every cue played, in order

function tones(kind) {
  if (kind === "switch") return { freqs: [523, 392, 523], length: 0.16 };
  if (kind === "end") return { freqs: [523, 659, 784, 1047], length: 0.28 };
  return { freqs: [660, 880], length: 0.18 };
}

function playTones(kind, sound) {
  if (sound.muted || sound.volume <= 0) return "muted";
  try {
    audioContext = audioContext || new (window.AudioContext || window.webkitAudioContext)();
    if (audioContext.state === "suspended") audioContext.resume();
    const { freqs, length } = tones(kind);
    const peak = Math.max(0.0002, Math.min(1, sound.volume) * 0.5);
    freqs.forEach((freq, i) => {
      const start = audioContext.currentTime + 0.02 + i * length;
      const osc = audioContext.createOscillator();
      const gain = audioContext.createGain();
      osc.type = "sine";
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(peak, start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + length);
      osc.connect(gain).connect(audioContext.destination);
      osc.start(start);
      osc.stop(start + length + 0.05);
    });
    return audioContext.state;
  } catch (error) {
    return "unavailable";
  }
}

function speak(text, sound) {
  if (!sound.speak || sound.muted || !("speechSynthesis" in window)) return;
  try {
    window.speechSynthesis.cancel();
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.volume = Math.min(1, sound.volume);
    window.speechSynthesis.speak(utterance);
  } catch (error) {
    /* speech is a nicety; never let it break the timer */
  }
}
