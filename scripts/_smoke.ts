import { startBitrix24Sandbox } from '../sandbox/bitrix24/server';
(async () => {
	const sb = await startBitrix24Sandbox({ rate: { enabled: false } });
	const call = async (m: string, body: unknown) => { const r = await fetch(sb.webhookUrl + m, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }); return [r.status, await r.json()]; };
	console.log(JSON.stringify(await call('crm.company.add', { fields: { TITLE: 'ООО Тест', PHONE: [{ VALUE: '+7 495 111-22-33', VALUE_TYPE: 'WORK' }] } })));
	console.log(JSON.stringify(await call('crm.company.get', { id: 1 })));
	console.log(JSON.stringify(await call('crm.company.list', { select: ['ID', 'TITLE', 'PHONE'] })));
	console.log(JSON.stringify(await call('batch', { halt: 0, cmd: { a: 'crm.company.add?fields[TITLE]=X', b: 'crm.company.get?id=$result[a]', c: 'crm.company.get?id=999' } })));
	console.log(JSON.stringify(await call('crm.status.list', { filter: { ENTITY_ID: 'DEAL_STAGE' } })).slice(0, 400));
	console.log(JSON.stringify(await call('crm.item.add', { entityTypeId: 31, fields: { title: 'Inv', companyId: 1 } })));
	console.log(JSON.stringify(await call('crm.item.productrow.set', { ownerType: 'SI', ownerId: 1, productRows: [{ productName: 'A', price: 120, quantity: 2, taxRate: 20, taxIncluded: 'Y' }] })).slice(0, 300));
	console.log(JSON.stringify(await call('crm.item.get', { entityTypeId: 31, id: 1 })));
	console.log(JSON.stringify(await call('crm.category.list', { entityTypeId: 31 })));
	console.log(JSON.stringify(await call('nope.method', {})));
	await sb.close();
})();
