/** The id of the 1C base that links carry (ORIGINATOR_ID, `<base>:` prefixes): the parameter, or derived from the 1C credential. */
import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import { baseIdFromUrl, baseIdProblem } from '../../lib/links';

export async function baseIdOf(ctx: IExecuteFunctions): Promise<string> {
	let id = String(ctx.getNodeParameter('baseId', 0, '') ?? '').trim();
	if (!id) {
		try {
			const c = await ctx.getCredentials('oneCODataApi');
			id = baseIdFromUrl(String(c.url ?? ''));
		} catch {
			throw new NodeOperationError(ctx.getNode(), 'Set "1C Base ID" (or add a 1C OData credential to derive it from the publication URL)');
		}
	}
	const problem = baseIdProblem(id);
	if (problem) throw new NodeOperationError(ctx.getNode(), `1C Base ID: ${problem}`);
	return id;
}
