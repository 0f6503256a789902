/**
 * `operation`, or a rejection with `onTimeout()` once `ms` have passed — whichever comes first. The
 * operation is not cancelled (a Redis command cannot be); its late outcome is ignored.
 */
export async function withDeadline<T>(operation: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  operation.catch(() => {}); // a late failure after the deadline is not an unhandled rejection
  try {
    return await Promise.race([operation, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
