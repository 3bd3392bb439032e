/** Files from the input item's binary properties, in the Bitrix24 upload form `[["name.pdf","<base64>"], …]`. */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

export const binaryPropertiesParam = (what: string): INodeProperties => ({
	displayName: 'Input Binary Fields',
	name: 'binaryProperties',
	type: 'string',
	default: '',
	placeholder: 'e.g. data, invoice',
	description: `Comma-separated names of the input binary properties to attach as files to the ${what}. Items with files go one request each (Bitrix24 does not allow uploads inside batch); items without files are batched.`,
});

export function binaryNames(ctx: IExecuteFunctions, i: number): string[] {
	const raw = ctx.getNodeParameter('binaryProperties', i, '') as string | string[];
	return (Array.isArray(raw) ? raw : String(raw ?? '').split(','))
		.map((s) => String(s).trim())
		.filter(Boolean);
}

export async function binaryFiles(ctx: IExecuteFunctions, i: number): Promise<Array<[string, string]>> {
	const out: Array<[string, string]> = [];
	for (const name of binaryNames(ctx, i)) {
		const meta = ctx.helpers.assertBinaryData(i, name);
		const bytes = await ctx.helpers.getBinaryDataBuffer(i, name);
		const fileName = meta.fileName || `${name}${meta.fileExtension ? `.${meta.fileExtension}` : ''}`;
		out.push([fileName, bytes.toString('base64')]);
	}
	return out;
}
