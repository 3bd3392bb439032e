/**
 * Event subscriptions of the trigger. With OAuth2, `event.bind` / `event.unbind` / `event.get`
 * for every selected event and the n8n webhook URL (batched through the one client). With an
 * inbound webhook the portal cannot bind (WRONG_AUTH_TYPE): the outbound webhook is set up by
 * hand in the portal UI, so there is nothing to do.
 */
import { ROBOT_CALL } from './events';
import { NodeOperationError, type IDataObject, type IHookFunctions } from 'n8n-workflow';
import { Bitrix24Client } from '../transport/client';
import { B24Error, toNodeApiError } from '../transport/errors';

interface Setup {
	oAuth2: boolean;
	events: string[];
	url: string;
}

function setup(ctx: IHookFunctions): Setup {
	const oAuth2 = (ctx.getNodeParameter('authentication', 'webhook') as string) === 'oAuth2';
	// robot calls are not events: a robot names its handler when it is registered
	const events = ((ctx.getNodeParameter('events', []) as string[]) ?? []).map((e) => e.toUpperCase()).filter((e) => e !== ROBOT_CALL);
	const url = ctx.getNodeWebhookUrl('default') ?? '';
	return { oAuth2, events, url };
}

async function client(ctx: IHookFunctions): Promise<Bitrix24Client> {
	return Bitrix24Client.create(ctx, 'oAuth2');
}

/** Bindings of this application that point at the webhook URL. */
async function boundEvents(ctx: IHookFunctions, c: Bitrix24Client, url: string): Promise<Set<string>> {
	try {
		const env = await c.call('event.get');
		const rows = Array.isArray(env.result) ? (env.result as IDataObject[]) : [];
		return new Set(rows.filter((r) => String(r.handler ?? '') === url).map((r) => String(r.event ?? '').toUpperCase()));
	} catch (e) {
		throw e instanceof B24Error ? toNodeApiError(ctx.getNode(), e) : e;
	}
}

export async function checkExists(this: IHookFunctions): Promise<boolean> {
	const s = setup(this);
	if (!s.oAuth2) return false;
	const bound = await boundEvents(this, await client(this), s.url);
	return s.events.length > 0 && s.events.every((e) => bound.has(e));
}

export async function create(this: IHookFunctions): Promise<boolean> {
	const s = setup(this);
	if (!s.oAuth2) return true;
	if (!s.events.length) throw new NodeOperationError(this.getNode(), 'Select at least one event');
	if (!/^https?:\/\//i.test(s.url)) throw new NodeOperationError(this.getNode(), 'The webhook URL of this workflow is not an http(s) address');
	const c = await client(this);
	const res = await c.runAll(s.events.map((event) => ({ method: 'event.bind', params: { event, handler: s.url } })));
	const failed = res.find((r) => !r.ok && r.error.code !== 'ERROR_HANDLER_ALREADY_EXIST');
	if (failed && !failed.ok) throw toNodeApiError(this.getNode(), failed.error);
	this.getWorkflowStaticData('node').boundEvents = s.events;
	return true;
}

export async function remove(this: IHookFunctions): Promise<boolean> {
	const s = setup(this);
	if (!s.oAuth2) return true;
	const data = this.getWorkflowStaticData('node');
	const stored = Array.isArray(data.boundEvents) ? (data.boundEvents as string[]) : [];
	const events = [...new Set([...s.events, ...stored])];
	try {
		const c = await client(this);
		const res = await c.runAll(events.map((event) => ({ method: 'event.unbind', params: { event, handler: s.url } })));
		if (res.some((r) => !r.ok)) return false;
	} catch {
		return false;
	}
	delete data.boundEvents;
	return true;
}
