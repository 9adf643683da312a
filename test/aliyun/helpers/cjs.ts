/**
 * The class a CommonJS SDK exports as `exports.default`. TypeScript (NodeNext) types a default
 * import of such a module as the whole `module.exports`; vitest's interop already unwraps it.
 * This accepts either, so the tests type-check and run the same under both.
 */
export function cjsDefault<T>(imported: { default: T }): T {
  const inner = (imported as unknown as { default?: T }).default;
  return inner ?? (imported as unknown as T);
}
