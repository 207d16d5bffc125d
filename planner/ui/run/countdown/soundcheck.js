// Solace sound check: play each cue with the saved volume, mute and voice settings.
export default function ({ data, parentElement }) {
  parentElement.querySelectorAll("button[data-cue]").forEach((button) => {
    button.onclick = () => {
      const kind = button.dataset.cue;
      const audio = playTones(kind, data.sound);
      window.__solaceCues.push({ kind, index: -1, at: Date.now(), audio });
      if (kind === "step") speak("Thumb circles on the sole, left foot", data.sound);
      button.blur();
    };
  });
  const note = parentElement.querySelector(".muted-note");
  note.hidden = !data.sound.muted;
}
