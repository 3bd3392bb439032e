/**
 * Where a credential may send its secret: an https URL with a host name (loopback hosts may use
 * http, for the sandbox), no user info. An inbound webhook URL must look like
 * `https://portal/rest/{userId}/{code}/`. Everything that could echo a secret goes through
 * `redact()`.
 */
export interface WebhookParts {
	origin: string;
	userId: string;
	code: string;
	/** `{origin}/rest/{userId}/{code}/` */
	base: string;
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

export function checkPortalUrl(raw: string): URL {
	let url: URL;
	try {
		url = new URL(String(raw ?? '').trim());
	} catch {
		throw new Error('The Bitrix24 address is not a valid URL');
	}
	if (url.username || url.password) throw new Error('The Bitrix24 address must not contain a user name or password');
	const loopback = LOOPBACK.test(url.hostname);
	if (url.protocol !== 'https:' && !(loopback && url.protocol === 'http:')) {
		throw new Error('The Bitrix24 address must use https (plain http is allowed only for a local sandbox on 127.0.0.1/localhost)');
	}
	if (!loopback && !/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(url.hostname)) throw new Error('The Bitrix24 address must have a host name such as your-portal.bitrix24.ru');
	return url;
}

export function parseWebhookUrl(raw: string): WebhookParts {
	const url = checkPortalUrl(raw);
	const m = /^\/rest\/(\d+)\/([A-Za-z0-9_-]+)\/?$/.exec(url.pathname.replace(/\/[a-z0-9._]+\.json$/i, '/'));
	if (!m) throw new Error('The inbound webhook URL must look like https://your-portal.bitrix24.ru/rest/1/xxxxxxxxxxxxxxxx/');
	return { origin: url.origin, userId: m[1], code: m[2], base: `${url.origin}/rest/${m[1]}/${m[2]}/` };
}

/** Replace every occurrence of the given secrets (and of webhook codes in URLs) with `***`. */
export function redact(text: string, secrets: Array<string | undefined>): string {
	let out = text.replace(/(\/rest\/\d+\/)[A-Za-z0-9_-]{6,}(\/)/g, '$1***$2');
	for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('***');
	return out;
}
