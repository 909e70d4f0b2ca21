import { cleanName } from './names.js';

/** A noun in its two forms, e.g. `['page', 'pages']`. A single string is the plural; the singular is derived. */
export type Unit = string | readonly [singular: string, plural: string];

/** "pages" -> "page", "entries" -> "entry", "boxes" -> "box"; anything else is used as it is. */
function singularOf(plural: string): string {
    if (/[^aeiou]ies$/i.test(plural)) return `${plural.slice(0, -3)}y`;
    if (/(s|x|z|ch|sh)es$/i.test(plural)) return plural.slice(0, -2);
    if (/[^s]s$/i.test(plural)) return plural.slice(0, -1);
    return plural;
}

/** The two forms of `unit`, cleaned of control characters and extra blanks. */
export function toUnitForms(unit: Unit): readonly [singular: string, plural: string] {
    if (typeof unit === 'string') return [singularOf(cleanName(unit)), cleanName(unit)];
    return [cleanName(unit[0]), cleanName(unit[1])];
}

/** English plural rule: exactly one takes the singular. */
export function unitFor(count: number, [singular, plural]: readonly [string, string]): string {
    return count === 1 ? singular : plural;
}
