/** Test helpers: a Bitrix24 sandbox on a free port and small HTTP callers. */
import { startBitrix24Sandbox, type Bitrix24Sandbox, type Bitrix24SandboxOptions } from '../../sandbox/bitrix24/server';

export async function sandbox(opts: Bitrix24SandboxOptions = {}): Promise<Bitrix24Sandbox> {
	return startBitrix24Sandbox({ companies: 20, rate: { enabled: false }, ...opts });
}

export interface Reply {
	status: number;
	body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
	contentType: string;
}

export async function post(url: string, body: unknown, init: RequestInit = {}): Promise<Reply> {
	const res = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
		...init,
	});
	const text = await res.text();
	const contentType = res.headers.get('content-type') ?? '';
	return { status: res.status, body: contentType.includes('json') ? JSON.parse(text) : text, contentType };
}

export async function postForm(url: string, form: string): Promise<Reply> {
	return post(url, undefined, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
}

export async function admin(sb: Bitrix24Sandbox, path: string, body?: unknown): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
	const res = await fetch(`${sb.baseUrl}/_admin/${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
	return res.json();
}
