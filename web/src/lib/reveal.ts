// Bring a panel the pointer just opened into view: clicking a bar of the cycles chart opens the op detail further down
// the page (its top was at y = 984 in a 900 px window, issue 18). Only when its top is outside the window (or too low
// to show anything of it); smooth unless the reader asked for reduced motion.

/** The part of the window (px from its bottom) under which a panel's top counts as out of view. */
export const REVEAL_MARGIN = 120;

/** Whether a box whose top is at `top` (viewport px) needs scrolling to be seen in a window `height` px tall. */
export function needsReveal(top: number, height: number, margin = REVEAL_MARGIN): boolean {
  return top < 0 || top > height - Math.min(margin, height / 3);
}

/** After the next frame (the panel may only now be rendered), scroll the element with this test id into view. */
export function revealTestId(testid: string): void {
  requestAnimationFrame(() => {
    const el = document.querySelector<HTMLElement>(`[data-testid="${testid}"]`);
    if (!el) return;
    const box = el.getBoundingClientRect();
    if (!needsReveal(box.top, window.innerHeight)) return;
    const smooth = !window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    // Its top at the window's top when it is taller than the window, else as little scrolling as shows all of it.
    el.scrollIntoView({ block: box.height > window.innerHeight ? 'start' : 'nearest', behavior: smooth ? 'smooth' : 'auto' });
  });
}
