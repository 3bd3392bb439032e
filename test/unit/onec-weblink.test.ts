/** Links that open 1C objects in the web client (F09): the navigation ref, the address, the 1C node option. */
import { guidOfNavigationRef, navigationRef, webClientBase, webClientLink, webClientLinksIn } from '../../lib/onec-weblink';
import { startOneCSandbox, type OneCSandbox } from '../../sandbox/onec/server';
import { oneCRunner, set } from '../helpers/onec-node';
import { livePoller } from '../helpers/onec-poller';

it('reorders the GUID groups as 1C navigation links do', () => {
	// a link 1C shows for a document and the GUID OData gives for it
	expect(navigationRef('5828755a-8819-11ed-89ab-000c29dddd38')).toBe('89ab000c29dddd3811ed88195828755a');
	expect(navigationRef('D5C24C2A-A6A5-11E2-80C4-000C29B9C85B')).toBe('80c4000c29b9c85b11e2a6a5d5c24c2a');
	expect(navigationRef('not-a-guid')).toBeUndefined();
});

it('builds the web client address and the e1cib link per metadata kind', () => {
	expect(webClientBase('https://srv.example.ru/bp30/odata/standard.odata/')).toBe('https://srv.example.ru/bp30/');
	expect(webClientBase('https://srv.example.ru/bp30/odata/standard.odata/', 'https://web.example.ru/bp30/ru_RU')).toBe('https://web.example.ru/bp30/ru_RU/');
	const base = 'https://srv.example.ru/unf/';
	expect(webClientLink(base, 'Document_ЗаказПокупателя', '5828755a-8819-11ed-89ab-000c29dddd38')).toBe('https://srv.example.ru/unf/#e1cib/data/Документ.ЗаказПокупателя?ref=89ab000c29dddd3811ed88195828755a');
	expect(webClientLink(base, 'Catalog_Контрагенты', '5828755a-8819-11ed-89ab-000c29dddd38')).toMatch(/#e1cib\/data\/Справочник\.Контрагенты\?ref=/);
	// registers and tabular sections have no object to open
	expect(webClientLink(base, 'InformationRegister_ЦеныНоменклатуры', '5828755a-8819-11ed-89ab-000c29dddd38')).toBeUndefined();
	expect(webClientLink(base, 'Document_ЗаказПокупателя_Запасы', '5828755a-8819-11ed-89ab-000c29dddd38')).toBeUndefined();
});

it('reads the 1C objects back from the links in a text: set, GUID and the web client address, each once', () => {
	const guid = '5828755a-8819-11ed-89ab-000c29dddd38';
	expect(guidOfNavigationRef(navigationRef(guid)!)).toBe(guid);
	expect(guidOfNavigationRef('89AB000C29DDDD3811ED88195828755A')).toBe(guid);
	expect(guidOfNavigationRef('89ab')).toBeUndefined();
	const order = webClientLink('https://srv.example.ru/unf/', 'Document_ЗаказПокупателя', guid)!;
	const sale = webClientLink('https://web.example.ru/unf/ru_RU/', 'Document_РасходнаяНакладная', 'd5c24c2a-a6a5-11e2-80c4-000c29b9c85b')!;
	const text = `Создан в 1С: Заказ покупателя № 12.\nОткрыть в 1С: ${order}\n[URL=${sale}]Расходная накладная[/URL] и снова ${order} и ${encodeURI(order)}`;
	expect(webClientLinksIn(text)).toEqual([
		{ entitySet: 'Document_ЗаказПокупателя', ref: guid, base: 'https://srv.example.ru/unf/' },
		{ entitySet: 'Document_РасходнаяНакладная', ref: 'd5c24c2a-a6a5-11e2-80c4-000c29b9c85b', base: 'https://web.example.ru/unf/ru_RU/' },
	]);
	expect(webClientLinksIn(encodeURI(order))).toEqual([{ entitySet: 'Document_ЗаказПокупателя', ref: guid, base: 'https://srv.example.ru/unf/' }]);
	// registers, unknown kinds and broken refs are no links to objects
	expect(webClientLinksIn('x#e1cib/data/Регистр.Цены?ref=89ab000c29dddd3811ed88195828755a y#e1cib/data/Документ.Заказ?ref=89ab')).toEqual([]);
});

describe('the 1C node option «Add Web Client Link»', () => {
	let sb: OneCSandbox;
	beforeAll(async () => {
		sb = await startOneCSandbox({ companies: 3 });
	});
	afterAll(async () => sb?.close());
	const bp30 = () => sb.publications.find((p) => p.id === 'bp30')!;

	it('adds webClientLink to the rows read, with the credential\'s web client address when set', async () => {
		const plain = await oneCRunner(bp30)({ resource: 'catalog', operation: 'getAll', entitySet: set('Catalog_Контрагенты'), limit: 2 });
		expect(plain.items[0].json.webClientLink).toBeUndefined();
		const linked = await oneCRunner(bp30, { webClientUrl: 'https://web.example.ru/bp30/ru_RU/' })({ resource: 'catalog', operation: 'getAll', entitySet: set('Catalog_Контрагенты'), limit: 2, options: { webLink: true } });
		const row = linked.items[0].json;
		expect(row.webClientLink).toBe(`https://web.example.ru/bp30/ru_RU/#e1cib/data/Справочник.Контрагенты?ref=${navigationRef(String(row.Ref_Key))}`);
	});

	it('the 1C Trigger adds it to the objects it emits when asked', async () => {
		const poll = async (options: Record<string, unknown>) => {
			const p = livePoller(bp30(), { resource: 'catalog', entitySet: set('Catalog_Контрагенты'), options });
			await p.poll(); // the baseline
			await oneCRunner(bp30)({ resource: 'catalog', operation: 'create', entitySet: set('Catalog_Контрагенты'), dataMode: 'json', json: JSON.stringify({ Description: 'ООО «Ссылка»' }) });
			return (await p.poll()) ?? [];
		};
		expect((await poll({}))[0].webClientLink).toBeUndefined();
		const [row] = await poll({ webLink: true });
		expect(row.webClientLink).toBe(`${bp30().url.replace(/odata\/standard\.odata\/$/, '')}#e1cib/data/Справочник.Контрагенты?ref=${navigationRef(String(row.Ref_Key))}`);
	});
});
