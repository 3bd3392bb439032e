/**
 * 1C OData errors: HTTP status + the platform's internal code (a string in JSON) + message.
 * JSON: {"odata.error":{"code":"14","message":{"lang":"ru","value":"…"}}}
 * XML:  <m:error xmlns:m="…/metadata"><m:code>14</m:code><m:message>…</m:message></m:error>
 */
export class ODataError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
	) {
		super(message);
	}

	json(): { 'odata.error': { code: string; message: { lang: string; value: string } } } {
		return { 'odata.error': { code: this.code, message: { lang: 'ru', value: this.message } } };
	}

	xml(): string {
		return (
			'<?xml version="1.0" encoding="UTF-8"?>\r\n' +
			'<m:error xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata">\r\n' +
			`<m:code>${this.code}</m:code>\r\n<m:message>${escapeXml(this.message)}</m:message>\r\n</m:error>`
		);
	}
}

export function escapeXml(s: string): string {
	return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The internal codes of DOC §17.4.10 with the texts seen live (research §3.6). */
export const E = {
	notSupported: (what: string) => new ODataError(400, '0', `The ${what} parameter is not supported`),
	cannotParse: (value: string, type: string) => new ODataError(400, '1', `Не удалось разобрать строку '${value}' как значение типа ${type}!`),
	badRequest: (msg = 'Неверный формат запроса') => new ODataError(400, '2', msg),
	badValue: (prop: string) => new ODataError(400, '4', `Неверное значение свойства '${prop}'`),
	badUrl: (segment: string) => new ODataError(400, '6', `Сегмент пути ${segment} не найден!`),
	methodNotFound: () => new ODataError(400, '6', 'Метод не найден'),
	keyPartMissing: (part: string) => new ODataError(400, '7', `Не задана часть ключа ${part}`),
	entityTypeNotFound: (name: string) => new ODataError(404, '8', `Тип сущности "${name}" не найден`),
	notFound: (name: string) => new ODataError(404, '9', `Экземпляр сущности "${name}" не найден по переданному ключу.`),
	propertyNotFound: (name: string) => new ODataError(400, '10', `Свойство ${name} не найдено`),
	tabularCreate: () => new ODataError(400, '13', 'Создание строк табличной части напрямую не поддерживается'),
	filterParse: () => new ODataError(400, '14', 'Ошибка при разборе опции запроса $filter'),
	queryOptionParse: (option: string) => new ODataError(400, '14', `Ошибка при разборе опции запроса ${option}`),
	alreadyExists: () => new ODataError(400, '15', 'Запись с такими значениями уже существует'),
	dataLoadMode: () => new ODataError(400, '17', 'Объект не поддерживает режим загрузки данных'),
	methodForbidden: () => new ODataError(405, '19', 'HTTP-метод для данного ресурса не допустим'),
	accessDenied: () => new ODataError(401, '20', 'Нарушение прав доступа'),
	unimplementedFunction: (name: string) => new ODataError(400, '21', `Функция ${name} не реализована`),
	internal: (msg = 'Произошла внутренняя ошибка OData сервиса') => new ODataError(500, '-1', msg),
};
