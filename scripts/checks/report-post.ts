/**
 * What the report-to-live-feed template must leave behind: a live-feed post for the chosen
 * recipients whose title names the report and whose attached file is the report's PDF (same name,
 * same size), read back over the Bitrix24 REST API of the sandbox.
 */
import { b24Rest as rest, type Row } from './rest';

/** `report`: the JSON of the 1C report item (title, fileName, bytes). */
export async function checkReportPost(b24BaseUrl: string, webhookUrl: string, report: Row, dest: string[]): Promise<string[]> {
	const failures: string[] = [];
	if (!report.fileName) return ['the 1C report produced no file'];
	const posts = (await (await fetch(`${b24BaseUrl}/_admin/table/blog_post`)).json()) as Row[];
	const post = posts.filter((p) => String(p.TITLE ?? '').startsWith(String(report.title))).pop();
	if (!post) return [`no live-feed post titled «${String(report.title)}…»`];
	if (JSON.stringify(post.DEST) !== JSON.stringify(dest)) failures.push(`post ${String(post.ID)} went to ${JSON.stringify(post.DEST)}, expected ${JSON.stringify(dest)}`);
	const read = (await rest(webhookUrl, 'log.blogpost.get', { POST_ID: post.ID })).result as Row[];
	const files = (read?.[0]?.FILES as number[] | undefined) ?? [];
	if (files.length !== 1) return [...failures, `post ${String(post.ID)} has ${files.length} files`];
	const att = (await rest(webhookUrl, 'disk.attachedObject.get', { id: files[0] })).result as Row;
	if (att.NAME !== report.fileName || Number(att.SIZE) !== Number(report.bytes)) failures.push(`attached ${String(att.NAME)} (${String(att.SIZE)} bytes), the report was ${String(report.fileName)} (${String(report.bytes)} bytes)`);
	return failures;
}
