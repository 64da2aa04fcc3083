// The browser walks start the built API and Chromium: they run after the unit and e2e tests, so a
// fault in the API shows first where it is cheapest to read.
const Sequencer = require('@jest/test-sequencer').default;

class BrowserLastSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const isBrowser = (t) => t.context.config.displayName?.name === 'browser';
    return [...sorted.filter((t) => !isBrowser(t)), ...sorted.filter(isBrowser)];
  }
}

module.exports = BrowserLastSequencer;
