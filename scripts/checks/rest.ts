/**
 * What the demo checks share: a Bitrix24 REST call over the sandbox's inbound webhook that waits
 * out QUERY_LIMIT_EXCEEDED (the template just used the portal's request budget, and the checks
 * run right after it), and the rows of a sandbox admin table.
 */
export type Row = Record<string, unknown>;

export async function b24Rest(webhookUrl: string, method: string, body: unknown): Promise<{ result?: unknown; error?: string; next?: number }> {
	for (let attempt = 0; ; attempt++) {
		const res = (await (await fetch(`${webhookUrl}${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })).json()) as { result?: unknown; error?: string; next?: number };
		if (res.error !== 'QUERY_LIMIT_EXCEEDED' || attempt === 40) return res;
		await new Promise((r) => setTimeout(r, 500));
	}
}

/** Rows of `<sandbox>/_admin/table/<name>` (Bitrix24) or `<sandbox>/_admin/base/<base>/<set>` (1C). */
export const adminRows = async (url: string): Promise<Row[]> => (await (await fetch(url)).json()) as Row[];
