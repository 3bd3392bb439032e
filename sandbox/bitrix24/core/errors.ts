/**
 * REST errors as the portal sends them: `{error, error_description}` with an HTTP status.
 * The `error` code is a string for most families, `""` for the old crm.* methods and a number
 * for sale.* / catalog.* / crm.requisite.* (as the recorded examples show).
 */
export class RestError extends Error {
	constructor(
		public readonly code: string | number,
		public readonly description: string,
		public readonly status = 400,
	) {
		super(`${code}: ${description}`);
	}

	toBody(): { error: string | number; error_description: string } {
		return { error: this.code, error_description: this.description };
	}
}

export const Errors = {
	methodNotFound: () => new RestError('ERROR_METHOD_NOT_FOUND', 'Method not found!', 404),
	noAuth: () => new RestError('NO_AUTH_FOUND', 'Wrong authorization data', 401),
	invalidCredentials: () => new RestError('INVALID_CREDENTIALS', 'Invalid request credentials', 401),
	expiredToken: () => new RestError('expired_token', 'The access token provided has expired.', 401),
	invalidToken: () => new RestError('invalid_token', 'The access token provided is invalid.', 401),
	insufficientScope: (webhook: boolean) =>
		new RestError(
			'insufficient_scope',
			`The request requires higher privileges than provided by the ${webhook ? 'webhook' : 'access'} token`,
			403,
		),
	wrongAuthType: () => new RestError('WRONG_AUTH_TYPE', 'Current authorization type is denied for this method', 403),
	appContextRequired: () => new RestError('ACCESS_DENIED', 'Application context required', 403),
	queryLimit: () => new RestError('QUERY_LIMIT_EXCEEDED', 'Too many requests', 503),
	operationTimeLimit: () =>
		new RestError('OPERATION_TIME_LIMIT', 'Method is blocked due to operation time limit.', 429),
	httpsRequired: () => new RestError('INVALID_REQUEST', 'Https required', 400),
	internal: () => new RestError('INTERNAL_SERVER_ERROR', 'Internal server error', 500),
	batchLength: () => new RestError('ERROR_BATCH_LENGTH_EXCEEDED', 'Max batch length exceeded', 400),
	batchMethodNotAllowed: () =>
		new RestError('ERROR_BATCH_METHOD_NOT_ALLOWED', 'Method is not allowed for batch usage', 405),
	/** Old crm.* family: empty code, HTTP 400. */
	crm: (description: string) => new RestError('', description, 400),
	crmNotFound: () => new RestError('', 'Not found', 400),
	crmIdInvalid: () => new RestError('', 'ID is not defined or invalid.', 400),
	crmAccessDenied: () => new RestError('', 'Access denied.', 400),
};
