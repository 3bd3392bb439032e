import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';

/** A Bitrix24 error answer (`{error, error_description}`) or a transport failure, secrets already removed. */
export class B24Error extends Error {
	constructor(
		readonly method: string,
		readonly code: string,
		readonly description: string,
		readonly status: number,
	) {
		super(`${method}: ${description || code}${code && description ? ` (${code})` : ''}`);
	}

	/** 4xx that will fail again: never retried. */
	get permanent(): boolean {
		return this.status >= 400 && this.status < 500 && this.code !== 'QUERY_LIMIT_EXCEEDED' && this.code !== 'OPERATION_TIME_LIMIT';
	}
}

export function toNodeApiError(node: INode, e: B24Error, itemIndex?: number): NodeApiError {
	const body: JsonObject = { error: e.code, error_description: e.description, method: e.method, httpCode: String(e.status) };
	return new NodeApiError(node, body, {
		message: `Bitrix24 ${e.method}: ${e.description || e.code || 'request failed'}${e.code && e.description ? ` (${e.code})` : ''}`,
		description: e.code ? `Error code: ${e.code}${e.status ? `, HTTP ${e.status}` : ''}` : e.status ? `HTTP ${e.status}` : undefined,
		httpCode: e.status ? String(e.status) : undefined,
		itemIndex,
	});
}
