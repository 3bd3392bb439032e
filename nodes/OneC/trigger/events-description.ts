/** The parameters of the trigger's «Watch → Document Events» mode (lib/onec-transitions.ts). */
import type { INodeProperties } from 'n8n-workflow';
import type { DocumentEvent } from '../../../lib/onec-transitions';

export type PaymentSource = 'none' | 'unf' | 'bp';

export interface EventParams {
	events: DocumentEvent[];
	paymentSource: PaymentSource;
	totalField: string;
	checkField: string;
	correctValue: string;
	errorValue: string;
}

const show = { resource: ['document'], watch: ['events'] };

export const eventProperties: INodeProperties[] = [
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		options: [
			{ name: 'Changed', value: 'changed', description: 'DataVersion changed while Posted stayed the same (re-posting is a change, not a posting)' },
			{ name: 'Marked Correct', value: 'correct', description: 'The check field changed to the "correct" value' },
			{ name: 'Marked With an Error', value: 'error', description: 'The check field changed to the "error" value' },
			{ name: 'Paid', value: 'paid', description: 'Became fully paid' },
			{ name: 'Partially Paid', value: 'partiallyPaid', description: 'Became partially paid (from not paid)' },
			{ name: 'Posted', value: 'posted', description: 'Became posted (not on re-posting)' },
			{ name: 'Shipped', value: 'shipped', description: 'Became fully shipped' },
			{ name: 'Unposted', value: 'unposted', description: 'Became unposted (not on a repeated unposting)' },
		],
		default: ['posted', 'unposted', 'paid', 'partiallyPaid', 'shipped'],
		displayOptions: { show },
		description: 'The events to emit, one item per event and document',
	},
	{
		displayName: 'Paid and Shipped From',
		name: 'paymentSource',
		type: 'options',
		options: [
			{ name: 'Not Computed', value: 'none', description: 'Only posted / unposted / changed / correct / error' },
			{
				name: 'УНФ Registers (Orders, Invoices)',
				value: 'unf',
				description: 'Paid: ОплатаСчетовИЗаказов (СуммаОплаты + СуммаАванса vs Сумма). Shipped (Document_ЗаказПокупателя): ЗаказыПокупателей (shipped vs ordered quantity).',
			},
			{
				name: 'БП 3.0 Invoice Status and Sales',
				value: 'bp',
				description: 'Paid: InformationRegister_СтатусыДокументов (Оплачен / ОплаченЧастично). Shipped: posted Document_РеализацияТоваровУслуг for the invoice covering its total.',
			},
		],
		default: 'none',
		displayOptions: { show },
		description: 'How each poll computes whether the watched documents are paid and shipped (a payment does not change the document itself, so these are read from registers, in bulk, every poll)',
	},
	{
		displayName: 'Total Field',
		name: 'totalField',
		type: 'string',
		default: 'СуммаДокумента',
		displayOptions: { show: { ...show, paymentSource: ['unf', 'bp'] } },
		description: 'The document field with its total (УНФ: used when the payment register has no amount to pay, e.g. the order is not posted)',
	},
	{
		displayName: 'Check Field',
		name: 'checkField',
		type: 'string',
		default: '',
		placeholder: 'СостояниеЗаказа',
		displayOptions: { show },
		description:
			'A document header field that marks the document correct or with an error (e.g. an order state, a flag or a text field set by a user). Empty = no correct / error events.',
	},
	{
		displayName: 'Correct Value',
		name: 'correctValue',
		type: 'string',
		default: '',
		displayOptions: { show },
		description: 'The check field value meaning "the document is correct" (compared as text, trimmed; a reference is its GUID)',
	},
	{
		displayName: 'Error Value',
		name: 'errorValue',
		type: 'string',
		default: '',
		displayOptions: { show },
		description: 'The check field value meaning "the document has an error"',
	},
	{
		displayName:
			'Documents are watched while their Date is in the window (newest Date minus Overlap): set Overlap to how long after a document its payment or shipment may come (e.g. 720 hours = 30 days). The first poll only records the current state.',
		name: 'eventsNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
];
