// The seed controls the augmentation and GAN pages share: one drawing at a time (a seed asked for
// meanwhile is drawn next), "Resample" moves to the next seed, a typed seed redraws that seed, and
// `drawnSeed` names the seed on screen (null while drawing), which the end-to-end test waits for.
import { ref } from 'vue';

export function useSeededDraw(render: (seed: number) => Promise<void>, ready: () => boolean) {
  const seed = ref(0);
  const drawnSeed = ref<number | null>(null);
  const drawing = ref(false);
  const error = ref('');
  let wanted: number | null = null;

  async function draw(): Promise<void> {
    wanted = seed.value;
    if (drawing.value || !ready()) return;
    drawing.value = true;
    try {
      while (wanted !== null) {
        const s = wanted;
        wanted = null;
        drawnSeed.value = null;
        await render(s);
        drawnSeed.value = s;
      }
    } catch (e) {
      error.value = String(e);
    } finally {
      drawing.value = false;
    }
  }

  function resample(): void {
    seed.value += 1;
    void draw();
  }

  function setSeed(event: Event): void {
    const text = (event.target as HTMLInputElement).value;
    const value = Number(text);
    if (!Number.isSafeInteger(value) || value < 0) {
      error.value = `the seed must be a whole number ≥ 0, got ${text}`;
      return;
    }
    error.value = '';
    seed.value = value;
    void draw();
  }

  return { seed, drawnSeed, drawing, error, draw, resample, setSeed };
}
