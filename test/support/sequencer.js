// npm test runs the unit tests first (then the console's), the end-to-end tests after them, and
// the browser walks (the built API and Chromium) last, so a fault shows first where it is
// cheapest to read.
const Sequencer = require('@jest/test-sequencer').default;

const ORDER = ['unit', 'web', 'e2e', 'browser'];

class TiersInOrderSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const rank = (t) => {
      const i = ORDER.indexOf(t.context.config.displayName?.name);
      return i === -1 ? ORDER.length : i;
    };
    // Array.prototype.sort is stable: within a tier, Jest's own order (slowest first) stays.
    return sorted
      .map((t, i) => [t, i])
      .sort(([a, i], [b, j]) => rank(a) - rank(b) || i - j)
      .map(([t]) => t);
  }
}

module.exports = TiersInOrderSequencer;
