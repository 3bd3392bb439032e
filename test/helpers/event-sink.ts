/**
 * A loopback HTTP server that keeps the bodies posted to it: the handler URL a sandbox portal's
 * outbound webhook delivers events to, for tests that feed the delivered event to the trigger.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EventSink {
	server: Server;
	url: string;
	bodies: Buffer[];
}

export async function startEventSink(): Promise<EventSink> {
	const bodies: Buffer[] = [];
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			bodies.push(Buffer.concat(chunks));
			res.end('ok');
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
	return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/b24`, bodies };
}
