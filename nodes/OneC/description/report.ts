/** Parameters of the Report resource: which report, which configuration's field names, the period, the base name in the header. */
import type { INodeProperties } from 'n8n-workflow';
import { RELATIVE_PERIODS } from '../../../lib/period';

const show = { show: { resource: ['report'] } };

export const configurationOptions = [
	{ name: 'Бухгалтерия Предприятия 3.0', value: 'bp30' },
	{ name: 'Управление Нашей Фирмой', value: 'unf' },
	{ name: 'Управление Торговлей 11', value: 'ut11' },
];

export const reportProperties: INodeProperties[] = [
	{
		displayName: 'Report',
		name: 'reportKind',
		type: 'options',
		options: [
			{ name: 'Customer Debts (Задолженность Покупателей)', value: 'debts', description: 'Settlements register balance at the end of the period, by counterparty' },
			{ name: 'Sales for the Period (Продажи За Период)', value: 'sales', description: 'Posted sales documents of the period by counterparty and product' },
			{ name: 'Stock (Остатки Товаров)', value: 'stock', description: 'Stock register balance at the end of the period by warehouse and product (УНФ, УТ 11)' },
		],
		default: 'debts',
		displayOptions: show,
	},
	{
		displayName: 'Configuration',
		name: 'reportConfig',
		type: 'options',
		options: configurationOptions,
		default: 'bp30',
		description: 'Which registers and documents the base has',
		displayOptions: show,
	},
	{
		displayName: 'Period',
		name: 'period',
		type: 'options',
		options: [...RELATIVE_PERIODS, { name: 'Custom', value: 'custom' }],
		// eslint-disable-next-line n8n-nodes-base/node-param-default-wrong-for-options -- the rule cannot see into the spread list; lastMonth is in it
		default: 'lastMonth',
		description: 'Relative to now in the base’s time zone, so a scheduled report needs no edits; balances are taken at the end of the period',
		displayOptions: show,
	},
	{ displayName: 'From', name: 'periodStart', type: 'dateTime', default: '', required: true, displayOptions: { show: { resource: ['report'], period: ['custom'] } } },
	{ displayName: 'To', name: 'periodEnd', type: 'dateTime', default: '', required: true, displayOptions: { show: { resource: ['report'], period: ['custom'] } } },
	{ displayName: 'Base Name', name: 'baseName', type: 'string', default: '', placeholder: 'ООО «Ромашка» (бухгалтерия)', description: 'Shown in the report header; empty: the publication name from the credential URL', displayOptions: show },
];
