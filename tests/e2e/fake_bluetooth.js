/* A fake Bluetooth thermal printer for the browser tests, injected as navigator.bluetooth before any page
   script runs: one device offering the 0x18F0 serial service, whose write characteristic keeps every byte
   in window.__printer and refuses writes longer than MAX_WRITE bytes, as a printer with a small MTU does. */
(() => {
  const MAX_WRITE = 100;
  const printer = { written: [], sizes: [], refused: 0, request: null };
  window.__printer = printer;
  const characteristic = {
    uuid: "00002af1-0000-1000-8000-00805f9b34fb",
    properties: { write: true, writeWithoutResponse: true },
    async writeValueWithoutResponse(data) {
      const view = data instanceof ArrayBuffer ? new Uint8Array(data)
        : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      if (view.length > MAX_WRITE) {
        printer.refused += 1;
        throw new DOMException("GATT operation failed", "NetworkError");
      }
      printer.sizes.push(view.length);
      for (const b of view) printer.written.push(b);
    },
  };
  const service = { uuid: 0x18f0, async getCharacteristics() { return [characteristic]; } };
  const server = {
    connected: true,
    async getPrimaryService(uuid) {
      if (uuid === 0x18f0) return service;
      throw new DOMException("No Services matching UUID found in Device.", "NotFoundError");
    },
  };
  const device = {
    name: "演示热敏打印机",
    id: "fake-printer",
    gatt: { connected: false, async connect() { this.connected = true; return server; } },
    addEventListener() {},
  };
  Object.defineProperty(Navigator.prototype, "bluetooth", {
    configurable: true,
    get: () => ({ async requestDevice(options) { printer.request = options; return device; } }),
  });
})();
