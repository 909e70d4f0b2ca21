/** A noun in its two forms, e.g. `['page', 'pages']`. A single string is the plural; the singular is derived. */
export type Unit = string | readonly [singular: string, plural: string];

/** "pages" -> "page", "entries" -> "entry", "boxes" -> "box"; anything else is used as it is. */
function singularOf(plural: string): string {
    if (/[^aeiou]ies$/i.test(plural)) return `${plural.slice(0, -3)}y`;
    if (/(s|x|z|ch|sh)es$/i.test(plural)) return plural.slice(0, -2);
    if (/[^s]s$/i.test(plural)) return plural.slice(0, -1);
    return plural;
}

export function toUnitForms(unit: Unit): readonly [singular: string, plural: string] {
    if (typeof unit === 'string') return [singularOf(unit.trim()), unit.trim()];
    return [unit[0].trim(), unit[1].trim()];
}

/** English plural rule: exactly one takes the singular. */
export function unitFor(count: number, [singular, plural]: readonly [string, string]): string {
    return count === 1 ? singular : plural;
}
