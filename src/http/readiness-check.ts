/**
 * One named readiness check for `/readyz`: null when ready, else why not, in words an operator can act on.
 * Anyone can add one (policy reload state, a dependency) by adding it to HttpDeps.readiness.
 */
export type ReadinessCheck = { name: string; check(): Promise<string | null> };
