// Promises with deadlines: every wait of the extension on something outside it is bounded.

/** A promise with its resolve and reject exposed (Promise.withResolvers, which Node 18 lacks). */
export function deferred() {
  let resolve;
  let reject;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/**
 * Settles like `promise`, or rejects with `onTimeout()` after `ms` milliseconds. The timer is
 * cleared either way so a finished wait leaves nothing behind that keeps the event page awake.
 */
export function withTimeout(promise, ms, onTimeout, timers = globalThis) {
  return new Promise((resolve, reject) => {
    const timer = timers.setTimeout(() => reject(onTimeout()), ms);
    Promise.resolve(promise).then(
      (value) => {
        timers.clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        timers.clearTimeout(timer);
        reject(error);
      },
    );
  });
}
