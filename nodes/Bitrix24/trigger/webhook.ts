/**
 * One event delivery: parse the form body, verify `auth[application_token]` (constant time;
 * missing → 401, wrong → 403, and no execution), keep only the selected events (and smart-item
 * types), strip the tokens, optionally re-read the records through the one client (`runAll`).
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { Bitrix24Client, OAUTH2_CREDENTIAL } from '../transport/client';
import { DYNAMIC_ITEM_EVENTS, ROBOT_CALL, SMART_INVOICE_TYPE_ID, isKnownEvent, reReadCommand, recordOf } from './events';
import { parseEventBody, safeEqual } from './form';

/** The body as n8n gave it; falls back to the raw bytes when the parsed body is empty. */
function readBody(ctx: IWebhookFunctions): IDataObject {
	let body: unknown = ctx.getBodyData();
	const empty = body === undefined || body === null || (typeof body === 'object' && !Buffer.isBuffer(body) && Object.keys(body as object).length === 0);
	if (empty) body = (ctx.getRequestObject() as { rawBody?: Buffer | string } | undefined)?.rawBody;
	return parseEventBody(body);
}

async function expectedToken(ctx: IWebhookFunctions, authentication: string): Promise<string> {
	if (authentication === 'oAuth2') {
		const cred = await ctx.getCredentials(OAUTH2_CREDENTIAL);
		return String(cred.applicationToken ?? '');
	}
	return String(ctx.getNodeParameter('applicationToken', '') ?? '');
}

function reject(ctx: IWebhookFunctions, status: number, message: string): IWebhookResponseData {
	const res = ctx.getResponseObject();
	res.status(status).json({ error: status === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN', error_description: message });
	return { noWebhookResponse: true };
}

function keepDynamic(ctx: IWebhookFunctions, fields: IDataObject): boolean {
	const mode = ctx.getNodeParameter('dynamicTypes', 'all') as string;
	if (mode === 'all') return true;
	const want = mode === 'invoice' ? SMART_INVOICE_TYPE_ID : Number(ctx.getNodeParameter('entityTypeId', 0));
	const got = Number(fields.ENTITY_TYPE_ID ?? fields.entityTypeId);
	return Number.isFinite(got) && got === want;
}

export async function handleEvent(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const authentication = this.getNodeParameter('authentication', 'webhook') as string;
	const body = readBody(this);
	const auth = (body.auth && typeof body.auth === 'object' ? body.auth : {}) as IDataObject;
	const token = typeof auth.application_token === 'string' ? auth.application_token : '';
	if (!token) return reject(this, 401, 'The event carries no application token');
	const expected = await expectedToken(this, authentication);
	if (!expected) return reject(this, 403, 'No application token is configured in the Bitrix24 Trigger, so events cannot be verified');
	if (!safeEqual(token, expected)) return reject(this, 403, 'The application token of the event does not match');

	const event = String(body.event ?? '').toUpperCase();
	const selected = ((this.getNodeParameter('events', []) as string[]) ?? []).map((e) => e.toUpperCase());
	if (!event && body.event_token !== undefined && body.code !== undefined) return robotCall(this, body, auth, selected);
	const data = (body.data && typeof body.data === 'object' ? body.data : {}) as IDataObject;
	const fields = (data.FIELDS && typeof data.FIELDS === 'object' ? data.FIELDS : {}) as IDataObject;
	// verified, but not wanted here: answer 200 and start nothing
	if (!isKnownEvent(event) || !selected.includes(event)) return {};
	if (DYNAMIC_ITEM_EVENTS.includes(event) && !keepDynamic(this, fields)) return {};

	const item: IDataObject = {
		event,
		event_handler_id: body.event_handler_id as string,
		ts: body.ts as string,
		data,
		domain: auth.domain as string,
		member_id: auth.member_id as string,
	};
	const options = this.getNodeParameter('options', {}) as IDataObject;
	const cmd = options.reRead === true ? reReadCommand(event, fields) : undefined;
	if (cmd) {
		// one event per delivery, but reads go through runAll (batched when there are several)
		const client = await Bitrix24Client.create(this, authentication);
		const [r] = await client.runAll([cmd]);
		if (r.ok) item.record = recordOf(event, r.result) as IDataObject;
		else {
			item.record = null;
			item.recordError = r.error.message;
		}
	}
	return { workflowData: [this.helpers.returnJsonArray([item])] };
}

/** The document a robot runs on: `["crm","CCrmDocumentDeal","DEAL_123"]` → deal 123 (entity type 2). */
const DOCUMENT_TYPES: Record<string, number> = { LEAD: 1, DEAL: 2, CONTACT: 3, COMPANY: 4, QUOTE: 7, SMART_INVOICE: 31 };

function documentOf(documentId: unknown): { entityType: string; entityTypeId?: number; entityId?: number } {
	const parts = Array.isArray(documentId) ? documentId : documentId && typeof documentId === 'object' ? Object.values(documentId as object) : [];
	const m = /^([A-Z_]+?)_(\d+)$/.exec(String(parts[2] ?? ''));
	if (!m) return { entityType: String(parts[2] ?? '') };
	const dynamic = /^DYNAMIC_(\d+)$/.exec(m[1]);
	return { entityType: m[1], entityTypeId: dynamic ? Number(dynamic[1]) : DOCUMENT_TYPES[m[1]], entityId: Number(m[2]) };
}

/**
 * A robot's call (verified like an event): the robot code, the document it runs on, its parameters
 * and the event token that `bizproc.event.send` (Automation Robot → Send Result) answers with.
 */
function robotCall(ctx: IWebhookFunctions, body: IDataObject, auth: IDataObject, selected: string[]): IWebhookResponseData {
	if (!selected.includes(ROBOT_CALL)) return {};
	const codes = String(ctx.getNodeParameter('robotCodes', '') ?? '')
		.split(/[\s,;]+/)
		.filter(Boolean);
	const code = String(body.code ?? '');
	if (codes.length && !codes.includes(code)) return {};
	const documentId = Array.isArray(body.document_id) ? body.document_id : Object.values((body.document_id as IDataObject) ?? {});
	const item: IDataObject = {
		event: ROBOT_CALL,
		robotCode: code,
		...documentOf(documentId),
		documentId: documentId as string[],
		documentType: (Array.isArray(body.document_type) ? body.document_type : Object.values((body.document_type as IDataObject) ?? {})) as string[],
		properties: (body.properties && typeof body.properties === 'object' ? body.properties : {}) as IDataObject,
		eventToken: String(body.event_token ?? ''),
		waitsForResult: String(body.use_subscription ?? 'Y') !== 'N',
		workflowId: body.workflow_id as string,
		ts: body.ts as string,
		domain: auth.domain as string,
		member_id: auth.member_id as string,
	};
	return { workflowData: [ctx.helpers.returnJsonArray([item])] };
}
