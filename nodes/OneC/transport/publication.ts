/**
 * The publication address of a 1C base: `http(s)://host[:port]/base/odata/standard.odata/`, no
 * user info; the trailing slash is added. Everything that could echo a secret goes through `redact`.
 */
export function normalizePublicationUrl(raw: string): string {
	let url: URL;
	try {
		url = new URL(String(raw ?? '').trim());
	} catch {
		throw new Error('The 1C publication URL is not a valid URL');
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('The 1C publication URL must use http or https');
	if (url.username || url.password) throw new Error('The 1C publication URL must not contain a user name or password');
	url.search = '';
	url.hash = '';
	let s = url.toString();
	if (!s.endsWith('/')) s += '/';
	return s;
}

/** Replace every occurrence of the given secrets (and their Basic token) with `***`. */
export function redact(text: string, secrets: Array<string | undefined>): string {
	let out = text.replace(/Basic [A-Za-z0-9+/=]{6,}/g, 'Basic ***');
	for (const s of secrets) if (s && s.length >= 3) out = out.split(s).join('***');
	return out;
}
