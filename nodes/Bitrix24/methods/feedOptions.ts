/** Pickers of live feed recipients: departments (`department.get`) and workgroups (`sonet_group.get`). */
import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import type { Bitrix24Client } from '../transport/client';
import { client } from './crmOptions';

/** Every page of a method that pages with `start`/`next` only (no filter or order of ours). */
async function allPages(c: Bitrix24Client, method: string, params: IDataObject, maxPages = 40): Promise<IDataObject[]> {
	const rows: IDataObject[] = [];
	let start: number | undefined = 0;
	for (let page = 0; start !== undefined && page < maxPages; page++) {
		const env = await c.call(method, { ...params, start });
		rows.push(...((env.result as IDataObject[]) ?? []));
		start = env.next;
	}
	return rows;
}

export const feedOptions = {
	async getFeedDepartments(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const rows = await allPages(await client(this), 'department.get', { sort: 'NAME', order: 'ASC' });
		const byId = new Map(rows.map((d) => [String(d.ID), d]));
		const path = (d: IDataObject): string => {
			const names: string[] = [];
			for (let x: IDataObject | undefined = d; x && names.length < 10; x = x.PARENT ? byId.get(String(x.PARENT)) : undefined) names.unshift(String(x.NAME));
			return names.join(' / ');
		};
		return rows.map((d) => ({ name: path(d), value: String(d.ID) })).sort((a, b) => a.name.localeCompare(b.name, 'ru'));
	},
	async getFeedWorkgroups(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const rows = await allPages(await client(this), 'sonet_group.get', { ORDER: { NAME: 'ASC' }, FILTER: { ACTIVE: 'Y' } });
		return rows.map((g) => ({ name: `${String(g.NAME)}${g.PROJECT === 'Y' ? ' (project)' : ''}`, value: String(g.ID) }));
	},
};
