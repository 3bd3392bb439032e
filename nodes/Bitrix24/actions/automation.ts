/**
 * Application automation (issue 11, F73–F77): robots — Bitrix24 deal stage → an n8n workflow
 * (`bizproc.robot.*`, the result back with `bizproc.event.send`) — and application triggers —
 * an n8n workflow → the deal moves (`crm.automation.trigger.*`). All of these work only in an
 * application's context (the OAuth2 credential) and for an administrator: an inbound webhook gets
 * ACCESS_DENIED («Application context required») from the portal, which the node reports as it is.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { B24Error } from '../transport/errors';
import { jsonOption, jsonParam, show } from './common';
import type { ResourceDef } from './types';

const ROBOT = 'automationRobot';
const TRIGGER = 'automationTrigger';
const CODE_RE = /^[A-Za-z0-9._-]+$/;

const codeParam = (description: string): INodeProperties => ({ displayName: 'Code', name: 'code', type: 'string', required: true, default: '', placeholder: 'onec_post_document', description });

function code(ctx: IExecuteFunctions, i: number): string {
	const c = String(ctx.getNodeParameter('code', i, '') ?? '').trim();
	if (!CODE_RE.test(c)) throw new Error(`The code "${c}" may hold only Latin letters, digits, dot, hyphen and underscore`);
	return c;
}

/** Unregister: delete this application's robot or trigger by its code. */
function unregister(resource: string, what: string, method: string): ResourceDef['operations'][string] {
	return {
		name: 'Unregister',
		action: `Delete a ${what}`,
		properties: show(resource, 'unregister', [codeParam(`The code of the ${what} to delete`)]),
		build(this: IExecuteFunctions, i) {
			return { method, params: { CODE: code(this, i) } };
		},
		parse(this: IExecuteFunctions, _r, i) {
			return { code: code(this, i), unregistered: true };
		},
	};
}

/** The robot's fields as `bizproc.robot.add` takes them (FIELDS of `bizproc.robot.update`). */
function robotFields(ctx: IExecuteFunctions, i: number): IDataObject {
	const o = ctx.getNodeParameter('robotOptions', i, {}) as IDataObject;
	const fields: IDataObject = {
		HANDLER: String(ctx.getNodeParameter('handler', i, '')),
		NAME: String(ctx.getNodeParameter('robotName', i, '')),
		USE_SUBSCRIPTION: ctx.getNodeParameter('useSubscription', i, true) ? 'Y' : 'N',
		AUTH_USER_ID: Number(o.authUserId ?? 1) || 1,
		PROPERTIES: jsonParam(ctx, 'robotProperties', i),
	};
	if (o.description) fields.DESCRIPTION = String(o.description);
	const ret = jsonOption(ctx, o.returnProperties, 'Return Values', i);
	if (ret) fields.RETURN_PROPERTIES = ret;
	const types = (o.documentTypes as string[] | undefined) ?? ['CCrmDocumentDeal'];
	fields.FILTER = { INCLUDE: types.map((t) => ['crm', t]) };
	return fields;
}

const robotProps: INodeProperties[] = [
	codeParam('The robot\'s code, unique in the application (Latin letters, digits, "." "-" "_")'),
	{ displayName: 'Name', name: 'robotName', type: 'string', required: true, default: '', placeholder: '[1С] (srv/bp30) Проведение документа', description: 'What the automation editor shows; put the 1C base in it when several bases are connected' },
	{ displayName: 'Handler URL', name: 'handler', type: 'string', required: true, default: '', placeholder: 'https://n8n.example.ru/webhook/…', description: 'The Production URL of the Bitrix24 Trigger (event «Robot Called») that runs the robot\'s workflow' },
	{ displayName: 'Wait for the Result', name: 'useSubscription', type: 'boolean', default: true, description: 'Whether the automation waits until the workflow answers with Send Result (the robot then shows the result or the error)' },
	{
		displayName: 'Parameters (JSON)',
		name: 'robotProperties',
		type: 'json',
		default: '{}',
		description: 'The robot\'s parameters as Bitrix24 describes them, e.g. {"documentType":{"Name":"Тип документа 1С в таймлайне","Type":"select","Options":{"Document_ЗаказПокупателя":"Заказ покупателя"},"Required":"Y"}}',
	},
	{
		displayName: 'Options',
		name: 'robotOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{ displayName: 'Authorised User ID', name: 'authUserId', type: 'number', default: 1, description: 'The user whose token the robot call carries' },
			{ displayName: 'Description', name: 'description', type: 'string', default: '' },
			{
				displayName: 'Document Types',
				name: 'documentTypes',
				type: 'multiOptions',
				default: ['CCrmDocumentDeal'],
				options: [
					{ name: 'Company', value: 'CCrmDocumentCompany' },
					{ name: 'Contact', value: 'CCrmDocumentContact' },
					{ name: 'Deal', value: 'CCrmDocumentDeal' },
					{ name: 'Lead', value: 'CCrmDocumentLead' },
					{ name: 'Smart Process Item', value: 'Bitrix\\Crm\\Integration\\BizProc\\Document\\Dynamic' },
				],
				description: 'Where the robot can be placed',
			},
			{ displayName: 'Return Values (JSON)', name: 'returnProperties', type: 'json', default: '{}', description: 'Values the robot returns to the automation (Send Result fills them)' },
		],
	},
];

export const automationRobot: ResourceDef = {
	value: ROBOT,
	name: 'Automation Robot',
	description: 'Robots of this application on deal stages (OAuth2 application, administrator)',
	operations: {
		register: {
			name: 'Register',
			action: 'Register or update a robot',
			description: 'Add the robot, or update it when this application already has a robot with the code',
			properties: show(ROBOT, 'register', robotProps),
			async run(this: IExecuteFunctions, i, client) {
				const c = code(this, i);
				const fields = robotFields(this, i);
				const listed = await client.call('bizproc.robot.list');
				let exists = Array.isArray(listed.result) && (listed.result as unknown[]).map(String).includes(c);
				if (!exists) {
					try {
						await client.call('bizproc.robot.add', { CODE: c, ...fields });
					} catch (e) {
						// an add whose answer was lost and was sent again, or a concurrent run: it is there, so update it
						if (!(e instanceof B24Error) || e.code !== 'ERROR_ACTIVITY_ALREADY_INSTALLED') throw e;
						exists = true;
					}
				}
				if (exists) await client.call('bizproc.robot.update', { CODE: c, FIELDS: fields });
				return { code: c, registered: true, updated: exists };
			},
		},
		getAll: {
			name: 'Get Many',
			action: 'Get the robots of this application',
			properties: [],
			async run(this: IExecuteFunctions, _i, client) {
				const env = await client.call('bizproc.robot.list');
				return (Array.isArray(env.result) ? (env.result as unknown[]) : []).map((c) => ({ code: String(c) }));
			},
		},
		unregister: unregister(ROBOT, 'robot', 'bizproc.robot.delete'),
		sendResult: {
			name: 'Send Result',
			action: 'Answer a robot call',
			description: 'bizproc.event.send: the automation goes on with the values (and the log message), or records the error',
			properties: show(ROBOT, 'sendResult', [
				{ displayName: 'Event Token', name: 'eventToken', type: 'string', typeOptions: { password: true }, required: true, default: '={{ $json.eventToken }}', description: 'The token of the robot call (the Bitrix24 Trigger outputs it as eventToken)' },
				{ displayName: 'Log Message', name: 'logMessage', type: 'string', default: '', description: 'Shown in the automation log of the deal (e.g. the 1C document posted, or the error)' },
				{ displayName: 'Return Values (JSON)', name: 'returnValues', type: 'json', default: '{}', description: 'Values of the robot\'s return parameters' },
			]),
			// one call per item (one robot call has one answer): when the answer of a send that may
			// have been done is lost, the re-sent one finds the token used — that is our own send
			async run(this: IExecuteFunctions, i, client) {
				const params: IDataObject = { EVENT_TOKEN: String(this.getNodeParameter('eventToken', i, '')) };
				const log = String(this.getNodeParameter('logMessage', i, '') ?? '');
				const values = jsonParam(this, 'returnValues', i);
				if (log) params.LOG_MESSAGE = log;
				if (Object.keys(values).length) params.RETURN_VALUES = values;
				let resent = false;
				const beforeResend = async () => {
					resent = true;
					return { params };
				};
				try {
					await client.call('bizproc.event.send', params, beforeResend);
				} catch (e) {
					if (!(resent && e instanceof B24Error && e.code === 'ACCESS_DENIED')) throw e;
					return { sent: true, answerLost: true };
				}
				return { sent: true };
			},
		},
	},
};

const ownerProps: INodeProperties[] = [
	{ displayName: 'Owner Type ID', name: 'ownerTypeId', type: 'number', default: 2, description: '2 deal, 1 lead, 7 quote, 31 smart invoice, or a smart process' },
	{ displayName: 'Owner ID', name: 'ownerId', type: 'string', required: true, default: '', description: 'The deal (or other item) the trigger fires for' },
];

export const automationTrigger: ResourceDef = {
	value: TRIGGER,
	name: 'Automation Trigger',
	description: 'Application triggers that move deals when something happens in 1C (OAuth2 application, administrator)',
	operations: {
		register: {
			name: 'Register',
			action: 'Register or rename a trigger',
			properties: show(TRIGGER, 'register', [
				codeParam('The trigger\'s code (Latin letters, digits, "." "-" "_")'),
				{ displayName: 'Name', name: 'triggerName', type: 'string', required: true, default: '', placeholder: '[1С] (srv/bp30) Оплата документа (Заказ покупателя)', description: 'What «Триггеры приложений» shows' },
			]),
			build(this: IExecuteFunctions, i) {
				return { method: 'crm.automation.trigger.add', params: { CODE: code(this, i), NAME: String(this.getNodeParameter('triggerName', i, '')) } };
			},
			parse(this: IExecuteFunctions, _r, i) {
				return { code: code(this, i), registered: true };
			},
		},
		getAll: {
			name: 'Get Many',
			action: 'Get the triggers of this application',
			properties: [],
			async run(this: IExecuteFunctions, _i, client) {
				const env = await client.call('crm.automation.trigger.list');
				return (Array.isArray(env.result) ? (env.result as IDataObject[]) : []).map((t) => (typeof t === 'object' ? t : { CODE: String(t) }));
			},
		},
		unregister: unregister(TRIGGER, 'trigger', 'crm.automation.trigger.delete'),
		execute: {
			name: 'Fire',
			action: 'Fire a trigger for a deal',
			description: 'crm.automation.trigger.execute: the deal moves to the stage where the trigger is placed',
			properties: show(TRIGGER, 'execute', [codeParam('The code of the trigger to fire'), ...ownerProps]),
			build(this: IExecuteFunctions, i) {
				return { method: 'crm.automation.trigger.execute', params: { CODE: code(this, i), OWNER_TYPE_ID: Number(this.getNodeParameter('ownerTypeId', i, 2)), OWNER_ID: Number(this.getNodeParameter('ownerId', i)) } };
			},
			parse(this: IExecuteFunctions, _r, i) {
				return { code: code(this, i), ownerTypeId: Number(this.getNodeParameter('ownerTypeId', i, 2)), ownerId: Number(this.getNodeParameter('ownerId', i)), fired: true };
			},
		},
	},
};
