/**
 * Who is calling: inbound webhooks (`/rest/{user}/{code}/…`) and OAuth applications
 * (`/rest/{method}` with `auth`/`access_token`/Bearer), with expiring access tokens and
 * a `/oauth/token/` refresh endpoint.
 */
import { randomBytes } from 'node:crypto';
import { Errors, RestError } from './errors';
import type { AuthInfo } from './registry';

export interface WebhookDef {
	userId: number;
	code: string;
	/** null = all scopes */
	scopes: string[] | null;
	crmDenied?: boolean;
}

export interface AppDef {
	clientId: string;
	clientSecret: string;
	applicationToken: string;
	scopes: string[] | null;
	userId: number;
}

interface TokenRec {
	clientId: string;
	userId: number;
	expiresAt: number; // ms
}

export class AuthRegistry {
	readonly webhooks: WebhookDef[] = [];
	readonly apps: AppDef[] = [];
	private readonly access = new Map<string, TokenRec>();
	private readonly refresh = new Map<string, TokenRec>();
	accessTtlSeconds = 3600;

	constructor(private readonly now: () => number) {}

	resolveWebhook(userId: number, code: string): AuthInfo {
		const wh = this.webhooks.find((w) => w.userId === userId && w.code === code);
		if (!wh) throw Errors.invalidCredentials();
		return {
			kind: 'webhook',
			userId,
			scopes: wh.scopes ? new Set(wh.scopes) : null,
			key: `webhook:${userId}:${code}`,
			crmDenied: wh.crmDenied,
		};
	}

	resolveToken(token: string | undefined): AuthInfo {
		if (!token) throw Errors.noAuth();
		const rec = this.access.get(token);
		if (!rec) throw Errors.invalidToken();
		if (rec.expiresAt <= this.now()) throw Errors.expiredToken();
		const app = this.apps.find((a) => a.clientId === rec.clientId);
		if (!app) throw Errors.invalidToken();
		return {
			kind: 'oauth',
			userId: rec.userId,
			scopes: app.scopes ? new Set(app.scopes) : null,
			key: `app:${app.clientId}`,
			clientId: app.clientId,
		};
	}

	/** Issue a fresh access/refresh pair (the portal's authorize step, done by the admin API). */
	issue(clientId: string, userId?: number): TokenResponse {
		const app = this.apps.find((a) => a.clientId === clientId);
		if (!app) throw new RestError('invalid_client', 'Invalid client', 400);
		return this.pair(app, userId ?? app.userId);
	}

	/** grant_type=refresh_token */
	refreshToken(clientId: string, clientSecret: string, refreshToken: string): TokenResponse {
		const app = this.apps.find((a) => a.clientId === clientId);
		if (!app || app.clientSecret !== clientSecret) throw new RestError('invalid_client', 'Invalid client', 400);
		const rec = this.refresh.get(refreshToken);
		if (!rec || rec.clientId !== clientId || rec.expiresAt <= this.now())
			throw new RestError('invalid_grant', 'Invalid grant', 400);
		this.refresh.delete(refreshToken);
		return this.pair(app, rec.userId);
	}

	/** Make one or all access tokens expire now (tests of the refresh path). */
	expire(accessToken?: string): number {
		let n = 0;
		for (const [tok, rec] of this.access) {
			if (!accessToken || tok === accessToken) {
				rec.expiresAt = this.now() - 1;
				n++;
			}
		}
		return n;
	}

	appTokenFor(key: string): string | undefined {
		return this.apps.find((a) => `app:${a.clientId}` === key)?.applicationToken;
	}

	private pair(app: AppDef, userId: number): TokenResponse {
		const accessToken = randomBytes(16).toString('hex');
		const refreshToken = randomBytes(16).toString('hex');
		const now = this.now();
		this.access.set(accessToken, { clientId: app.clientId, userId, expiresAt: now + this.accessTtlSeconds * 1000 });
		this.refresh.set(refreshToken, { clientId: app.clientId, userId, expiresAt: now + 180 * 86400_000 });
		return {
			access_token: accessToken,
			expires: Math.floor(now / 1000) + this.accessTtlSeconds,
			expires_in: this.accessTtlSeconds,
			scope: app.scopes ? app.scopes.join(',') : 'crm,user,sale,catalog,log,disk,sonet_group,department,task,lists,im',
			domain: 'oauth.bitrix24.tech',
			server_endpoint: 'https://oauth.bitrix24.tech/rest/',
			status: 'L',
			client_endpoint: '',
			member_id: '',
			user_id: userId,
			refresh_token: refreshToken,
		};
	}
}

export interface TokenResponse {
	access_token: string;
	expires: number;
	expires_in: number;
	scope: string;
	domain: string;
	server_endpoint: string;
	status: string;
	client_endpoint: string;
	member_id: string;
	user_id: number;
	refresh_token: string;
}
