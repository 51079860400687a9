/**
 * What a lint run produces. Formatters (src/report/) and the fix writer (src/patch/) read
 * these; rules create them through the engine's `report()`.
 */
export {};
