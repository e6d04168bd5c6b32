/**
 * An audit over an in-process tracker (a snapshot file) never waits for I/O: every await resolves
 * at once, so without a turn of the event loop V8 cannot run the tasks that finish its garbage
 * collection, and the heap grows to several times what is live before a collection catches up.
 * The audit loops yield every so many issues, which lets those tasks run; against a remote
 * tracker the turn costs nothing measurable.
 */

/** Issues handled between two turns of the event loop. */
export const ISSUES_PER_TURN = 20;

/** Resolves on the next turn of the event loop (after pending I/O and timers' callbacks). */
export const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
