import type { Bitrix24Sandbox } from '../../sandbox/bitrix24/server';
import { admin, post, sandbox } from '../helpers/b24';
import { loadOptions } from '../helpers/b24-load-options';
import { binaryOf, runNode, type Credentials } from '../helpers/n8n';

/** A small PDF with every byte value, so any re-encoding on the way would show. */
function samplePdf(): Buffer {
	const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
	return Buffer.concat([Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1'), all, Buffer.from('\ntrailer<<>>\n%%EOF\n')]);
}

describe('Bitrix24 node: live feed posts on the real n8n engine', () => {
	let sb: Bitrix24Sandbox;
	let creds: Credentials;
	const call = async (method: string, body: unknown) => (await post(sb.webhookUrl + method, body)).body;
	beforeAll(async () => {
		sb = await sandbox({ companies: 3 });
		creds = { bitrix24WebhookApi: { webhookUrl: sb.webhookUrl, burst: 50, drainRate: 2 } };
	});
	afterAll(async () => sb.close());

	it('offers departments and workgroups as recipients', async () => {
		const deps = await loadOptions(sb, 'getFeedDepartments', {});
		expect(deps.find((d) => d.value === '2')?.name).toBe('ООО "Ромашка" / Отдел продаж');
		const groups = await loadOptions(sb, 'getFeedWorkgroups', {});
		expect(groups.map((g) => g.value)).toContain('2');
	});

	it('publishes posts without files in one batch, to users, departments and workgroups', async () => {
		await admin(sb, 'counters/reset', {});
		const input = [
			{ text: '[b]Новый регламент[/b] с 1 ноября', users: ['2', '3'], deps: ['2'], groups: ['2'] },
			{ text: 'Всем: склад закрыт в субботу', users: [], deps: [], groups: [] },
		];
		const res = await runNode(
			{
				parameters: {
					resource: 'feedPost',
					operation: 'create',
					title: 'Объявление',
					message: '={{ $json.text }}',
					toEveryone: '={{ $json.users.length === 0 }}',
					users: '={{ $json.users }}',
					departments: '={{ $json.deps }}',
					workgroups: '={{ $json.groups }}',
					postOptions: { important: true, tags: 'склад, регламент' },
				},
			},
			input,
			creds,
		);
		expect(res.error).toBeUndefined();
		expect(res.items).toHaveLength(2);
		expect(res.items[1].pairedItem).toEqual({ item: 1 });
		const c = await admin(sb, 'counters');
		expect(c.requests).toBe(1);
		expect(c.batches).toBe(1);
		expect(c.batchCommands).toBe(2);

		const posts = (await admin(sb, 'table/blog_post')) as Array<Record<string, unknown>>;
		const first = posts.find((p) => Number(p.ID) === res.items[0].json.id)!;
		expect(first.DEST).toEqual(['U2', 'U3', 'DR2', 'SG2']);
		expect(first.TITLE).toBe('Объявление');
		expect(first.DETAIL_TEXT).toBe('[b]Новый регламент[/b] с 1 ноября');
		expect(first.IMPORTANT).toBe(true);
		expect(posts.find((p) => Number(p.ID) === res.items[1].json.id)!.DEST).toEqual(['UA']);

		const got = await runNode({ parameters: { resource: 'feedPost', operation: 'get', id: '={{ $json.id }}' } }, res.items.map((x) => x.json), creds);
		expect(got.items.map((x) => x.json.ID)).toEqual(res.items.map((x) => String(x.json.id)));
		expect(got.items[0].json.HAS_TAGS).toBe('Y');
	});

	it('attaches a PDF from a binary property byte-exact, one request per post with files', async () => {
		const pdf = samplePdf();
		const note = Buffer.from('Акт сверки\n', 'utf8');
		await admin(sb, 'counters/reset', {});
		const res = await runNode(
			{ parameters: { resource: 'feedPost', operation: 'create', message: '={{ $json.text }}', binaryProperties: '={{ $json.props }}' } },
			[
				{ text: 'Счёт на оплату', props: 'data, note' },
				{ text: 'Без файла 1', props: '' },
				{ text: 'Без файла 2', props: '' },
			],
			creds,
			{ binary: [{ data: binaryOf(pdf, 'Счёт №15.pdf', 'application/pdf'), note: binaryOf(note, 'note.txt', 'text/plain') }] },
		);
		expect(res.error).toBeUndefined();
		expect(res.items.map((x) => x.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		const c = await admin(sb, 'counters');
		expect(c.requests).toBe(2); // one batch for the two posts without files, one direct call with the files
		expect(c.batchCommands).toBe(2);
		expect(c.byMethod).toEqual({ batch: 1, 'log.blogpost.add': 1 });

		const postId = res.items[0].json.id;
		const read = await call('log.blogpost.get', { POST_ID: postId });
		const files = read.result[0].FILES as number[];
		expect(files).toHaveLength(2);
		const att = (await call('disk.attachedObject.get', { id: files[0] })).result;
		expect(att.NAME).toBe('Счёт №15.pdf');
		expect(Number(att.SIZE)).toBe(pdf.length);
		const download = await fetch(att.DOWNLOAD_URL);
		expect(download.headers.get('content-type')).toBe('application/pdf');
		expect(Buffer.from(await download.arrayBuffer()).equals(pdf)).toBe(true);
		const second = (await call('disk.attachedObject.get', { id: files[1] })).result;
		expect(Buffer.from(await (await fetch(`${sb.baseUrl}/_files/${second.OBJECT_ID}`)).arrayBuffer()).toString('utf8')).toBe('Акт сверки\n');
	});

	it('reports bad recipients and missing binary data per item with continueOnFail', async () => {
		const res = await runNode(
			{
				parameters: { resource: 'feedPost', operation: 'create', message: 'x', toEveryone: false, users: '={{ $json.users }}', binaryProperties: '={{ $json.props }}' },
				onError: 'continueRegularOutput',
			},
			[
				{ users: ['1'], props: '' },
				{ users: ['99999'], props: '' },
				{ users: [], props: '' },
				{ users: ['1'], props: 'missing' },
			],
			creds,
		);
		expect(res.items).toHaveLength(4);
		expect(typeof res.items[0].json.id).toBe('number');
		expect(res.items[1].json.error).toContain('No destination specified');
		expect(res.items[1].json.error).toContain('(SONET_CONTROLLER_LIVEFEED_BLOGPOST_ADD_ERROR)');
		expect(res.items[2].json.error).toContain('no recipients');
		expect(res.items[3].json.error).toContain('binary');
		expect(res.items.map((x) => x.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);

		const stop = await runNode({ parameters: { resource: 'feedPost', operation: 'create', message: 'x', toEveryone: false, users: ['99999'] } }, [{}], creds);
		expect(stop.error?.message).toContain('log.blogpost.add');
		expect(stop.error?.message).not.toContain('b24sandboxhook');
	});
});
