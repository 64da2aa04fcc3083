import { TextDecoder, TextEncoder } from 'node:util';

// jsdom lacks what antd's responsive components ask the browser for.
Object.defineProperty(window, 'matchMedia', {
  writable: true,
  value: (query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => undefined,
    removeListener: () => undefined,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    dispatchEvent: () => false,
  }),
});

// react-router reads these; jsdom 20 does not provide them.
Object.assign(globalThis, { TextEncoder, TextDecoder });
