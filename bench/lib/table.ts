/** A Markdown table, so the output can be pasted into docs/benchmarks.md as it is. */
export interface Table {
    title: string;
    headers: readonly string[];
    rows: readonly (readonly (string | number)[])[];
    notes?: readonly string[];
}

function cell(value: string | number): string {
    return String(value).replaceAll('|', '\\|').replaceAll('\n', ' ');
}

export function renderTable({ title, headers, rows, notes = [] }: Table): string {
    const lines = [
        `### ${title}`,
        '',
        `| ${headers.map(cell).join(' | ')} |`,
        `| ${headers.map(() => '---').join(' | ')} |`,
        ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
    ];
    if (notes.length > 0) lines.push('', ...notes.map((note) => `- ${note}`));
    return `${lines.join('\n')}\n`;
}
