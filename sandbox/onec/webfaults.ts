/**
 * The web server in front of a 1C publication (IIS or Apache) and its failure modes: HTML error
 * pages, a login page answered with HTTP 200, connection resets, timeouts, a slow first call
 * after idle; IIS's `maxQueryString` (2,048 bytes) answered with an HTML 404 — always on behind
 * IIS (the default, as in the live probes). Behind Apache (1C's other supported web server;
 * `LimitRequestLine` 8,190 bytes by default) an over-long request line is a `414` HTML page instead.
 */
import { WeightedFaults } from '../bitrix24/core/faults';

export interface OneCFaultConfig {
	html500: number;
	html502: number;
	html503: number;
	/** an HTML login page with HTTP 200 instead of OData */
	loginPage: number;
	reset: number;
	/** no answer for `timeoutMs` (the client's timeout fires first) */
	timeout: number;
	timeoutMs: number;
	/** first request after `idleMs` of silence waits `firstCallMs` (1C session start) */
	slowFirstCall: boolean;
	idleMs: number;
	firstCallMs: number;
	/** share (0..1) of resets, timeouts and 5xx pages that strike after 1C did the work (the answer is lost) */
	after?: number;
	seed: number;
}

export const NO_ONEC_FAULTS: OneCFaultConfig = {
	html500: 0,
	html502: 0,
	html503: 0,
	loginPage: 0,
	reset: 0,
	timeout: 0,
	timeoutMs: 120_000,
	slowFirstCall: false,
	idleMs: 300_000,
	firstCallMs: 30_000,
	seed: 7,
};

export type OneCFault = 'html500' | 'html502' | 'html503' | 'loginPage' | 'reset' | 'timeout';

export const MAX_QUERY_STRING = 2048;

export type WebServerKind = 'iis' | 'apache';

/** Apache's default `LimitRequestLine` (method + URI + protocol). */
export const APACHE_MAX_REQUEST_LINE = 8190;

export class WebServerFaults extends WeightedFaults<OneCFault, OneCFaultConfig> {
	constructor(config: OneCFaultConfig = { ...NO_ONEC_FAULTS }) {
		super(['reset', 'timeout', 'html500', 'html502', 'html503', 'loginPage'], config);
	}
}

/** IIS 10 detailed-error-style pages (as a browser or a client sees them). */
export function iisPage(status: number, title: string, detail: string): string {
	return `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"/>
<title>${status} - ${title}</title>
<style type="text/css">body{margin:0;font-size:.7em;font-family:Verdana, Arial, Helvetica, sans-serif;background:#EEEEEE;}</style>
</head>
<body>
<div id="header"><h1>Server Error</h1></div>
<div id="content">
 <div class="content-container"><fieldset>
  <h2>${status} - ${title}</h2>
  <h3>${detail}</h3>
 </fieldset></div>
</div>
</body>
</html>
`;
}

export const PAGES = {
	notFoundQueryString: () => iisPage(404, 'File or directory not found.', 'The resource you are looking for might have been removed, had its name changed, or is temporarily unavailable.'),
	html500: () => iisPage(500, 'Internal server error.', 'There is a problem with the resource you are looking for, and it cannot be displayed.'),
	html502: () => iisPage(502, 'Web server received an invalid response while acting as a gateway or proxy server.', 'There is a problem with the page you are looking for, and it cannot be displayed.'),
	html503: () => '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN""http://www.w3.org/TR/html4/strict.dtd">\r\n<HTML><HEAD><TITLE>Service Unavailable</TITLE>\r\n<META HTTP-EQUIV="Content-Type" Content="text/html; charset=us-ascii"></HEAD>\r\n<BODY><h2>Service Unavailable</h2>\r\n<hr><p>HTTP Error 503. The service is unavailable.</p>\r\n</BODY></HTML>\r\n',
	login: () => '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Вход в систему</title></head><body><form method="post" action="/auth"><h1>1С:Предприятие</h1><label>Пользователь <input name="user"></label><label>Пароль <input type="password" name="password"></label><button>Войти</button></form></body></html>\n',
	apache414: () =>
		'<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>414 Request-URI Too Long</title>\n</head><body>\n<h1>Request-URI Too Long</h1>\n<p>The requested URL\'s length exceeds the capacity\nlimit for this server.<br />\n</p>\n</body></html>\n',
	unauthorized: () => iisPage(401, 'Unauthorized: Access is denied due to invalid credentials.', 'You do not have permission to view this directory or page using the credentials that you supplied.'),
};
