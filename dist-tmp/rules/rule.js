/** Where the rule pages live; every rule's docs URL is built from its name. */
export const DOCS_BASE = 'https://github.com/cf-ws-lint/cf-ws-lint/blob/main/docs/rules/';
/** Typed rule definition; the docs URL comes from the name, never hand-written. */
export function defineRule(definition) {
    return { ...definition, docsUrl: `${DOCS_BASE}${definition.name}.md` };
}
