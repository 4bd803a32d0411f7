let inside = 0;

/**
 * Builds a construct inside the library (the cluster's own volumes), where `new` is allowed for
 * classes that refuse it from users because only the cluster can set them up.
 */
export function buildInternally<T>(build: () => T): T {
  inside++;
  try {
    return build();
  } finally {
    inside--;
  }
}

/** Whether the construct being built now is built by the library (see buildInternally). */
export function builtInternally(): boolean {
  return inside > 0;
}
