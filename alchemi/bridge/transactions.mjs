// The interactive-transaction ids the engine has handed out.
//
// The wasm engine traps (a Rust panic, after which the instance is unusable) when given some
// transaction ids it never issued, e.g. "abc". So the bridge only passes on ids the engine
// issued, and answers any other id itself, with the engine's own "Transaction not found"
// error. Ids of finished transactions are kept for a while so that late calls still get the
// engine's precise "already closed" errors.

const MAX_REMEMBERED = 10_000;

export const TRANSACTION_NOT_FOUND =
  "Transaction not found. Transaction ID is invalid, refers to an old closed transaction Prisma doesn't have information about anymore, or was obtained before disconnecting.";

/** The engine's error object for an unknown transaction id (P2028). */
export function transactionNotFound() {
  return {
    is_panic: false,
    message: `Transaction API error: ${TRANSACTION_NOT_FOUND}`,
    meta: { error: TRANSACTION_NOT_FOUND },
    error_code: 'P2028',
  };
}

export function createTransactionRegistry({ now = Date.now } = {}) {
  // id -> time after which the engine has surely closed it; insertion ordered, oldest first.
  const known = new Map();

  const forgetExpired = () => {
    for (const [id, closesBy] of known) {
      if (known.size <= MAX_REMEMBERED) break;
      if (closesBy > now()) break; // the oldest may still be open: keep everything
      known.delete(id);
    }
  };

  return {
    /** Remember an id from startTransaction; `timeoutMs` is the transaction's timeout. */
    issued(id, timeoutMs) {
      known.set(id, now() + Math.max(0, Number(timeoutMs) || 0) + 60_000);
      forgetExpired();
    },
    /** Whether `id` may be passed to the engine. */
    isKnown(id) {
      return typeof id === 'string' && known.has(id);
    },
    get size() {
      return known.size;
    },
  };
}
