/**
 * Seed of the online store from the neutral dataset: order n → id n (account number from the
 * dataset, `xmlId` a store-made `bx_…`, `id1c` empty: the orders were placed in the store and are
 * not yet exported), company n → `companyId` n and a CRM client binding (private persons «ФЛ»
 * bind the contact they became in the CRM seed), basket rows → basket items with productId =
 * product n, one payment (paid ones with `datePaid`) and one shipment (shipped ones deducted,
 * status DF) carrying the delivery price.
 */
import type { Row, Store } from '../core/store';
import { isoWithOffset } from '../core/time';
import type { Company, Contact, Dataset, Product, StoreOrder } from '../../seed/types';
import { measureByCode, products } from './catalog-common';
import { seedDate } from './common';
import { DIMENSIONS, blankBasketItem } from './sale-basket';
import {
	DELIVERY_BY_SEED,
	PAY_SYSTEM_BY_SEED,
	basketItems,
	bxXmlId,
	deliveryById,
	orderClients,
	orders,
	payments,
	propertyValues,
	round2,
	shipmentItems,
	shipments,
} from './sale-common';
import { blankOrder, refreshOrder } from './sale-order';
import { blankPayment, blankShipment, paySystemFields, subAccountNumber } from './sale-payments';

const plusHours = (iso: string, hours: number) => isoWithOffset(Date.parse(iso) + hours * 3_600_000);

interface Lookups {
	product: Map<number, Product>;
	company: Map<number, Company>;
	contact: Map<number, Contact>;
	/** company n of a private person («ФЛ») → CRM contact id */
	personContact: Map<number, number>;
}

function lookups(ds: Dataset): Lookups {
	const personContact = new Map<number, number>();
	let next = ds.contacts.length;
	for (const c of ds.companies) if (c.form === 'ФЛ') personContact.set(c.n, ++next);
	return {
		product: new Map(ds.products.map((p) => [p.n, p])),
		company: new Map(ds.companies.map((c) => [c.n, c])),
		contact: new Map(ds.contacts.map((c) => [c.n, c])),
		personContact,
	};
}

function addBasket(store: Store, o: StoreOrder, date: string, lk: Lookups): Row[] {
	return o.rows.map((r, i) => {
		const p = lk.product.get(r.productN);
		const price = round2(r.price * (1 - r.discountPercent / 100));
		const unit = measureByCode(p?.unitCode ?? '796');
		const row = blankBasketItem(0, o.n, date, bxXmlId(store));
		Object.assign(row, {
			basePrice: r.price,
			customPrice: p && p.price === r.price && r.discountPercent === 0 ? 'N' : 'Y',
			dimensions: DIMENSIONS,
			discountPrice: round2(r.price - price),
			measureCode: String(unit?.code ?? p?.unitCode ?? '796'),
			measureName: p?.unitName ?? unit?.symbol ?? 'шт',
			name: p?.name ?? `Товар ${r.productN}`,
			price,
			productId: r.productN,
			productXmlId: (products(store).get(r.productN)?.xmlId as string | undefined) ?? p?.guid ?? '',
			quantity: r.quantity,
			sort: (i + 1) * 100,
			type: p?.isService ? 2 : null,
			vatIncluded: r.vatIncluded ? 'Y' : 'N',
			vatRate: r.vatRate === null ? null : r.vatRate / 100,
		});
		return basketItems(store).insert(row);
	});
}

function addClientsAndProperties(store: Store, o: StoreOrder, order: Row, lk: Lookups): void {
	const company = o.companyN ? lk.company.get(o.companyN) : undefined;
	const isPerson = company?.form === 'ФЛ';
	const prop = (orderPropsId: number, code: string, name: string, value: unknown) =>
		propertyValues(store).insert({ code, id: 0, name, orderId: order.id, orderPropsId, orderPropsXmlId: null, value: value ?? null });
	const client = (entityTypeId: number, entityId: number, isPrimary: boolean, sort: number) =>
		orderClients(store).insert({ entityId, entityTypeId, id: 0, isPrimary: isPrimary ? 'Y' : 'N', orderId: order.id, roleId: 0, sort });
	if (company && !isPerson) {
		Object.assign(order, { companyId: company.n, personTypeId: 2 });
		client(4, company.n, true, 0);
		prop(8, 'COMPANY', 'Название компании', company.name);
		prop(10, 'INN', 'ИНН', company.inn);
		prop(11, 'KPP', 'КПП', company.kpp);
		prop(12, 'EMAIL', 'E-Mail', company.emails[0]);
		prop(13, 'PHONE', 'Телефон', company.phones[0]);
	}
	const contact = o.contactN ? lk.contact.get(o.contactN) : undefined;
	if (contact) client(3, contact.n, !company || isPerson, 10);
	if (company && isPerson) client(3, lk.personContact.get(company.n) ?? 0, !contact, 20);
	if (!company || isPerson) {
		const person = contact?.person ?? company?.director;
		const fio = person ? `${person.lastName} ${person.firstName} ${person.middleName}`.trim() : company?.name;
		prop(1, 'FIO', 'Ф.И.О.', fio);
		prop(2, 'EMAIL', 'E-Mail', contact?.emails[0] ?? company?.emails[0]);
		prop(3, 'PHONE', 'Телефон', contact?.phones[0] ?? company?.phones[0]);
	} else if (contact) {
		const p = contact.person;
		prop(9, 'CONTACT_PERSON', 'Контактное лицо', `${p.lastName} ${p.firstName} ${p.middleName}`.trim());
	}
}

function addShipment(store: Store, o: StoreOrder, order: Row, date: string, basket: Row[]): void {
	const deliveryId = DELIVERY_BY_SEED[o.delivery] ?? 1;
	const row = blankShipment(0, order, subAccountNumber(store, order), date, bxXmlId(store));
	const shippedAt = plusHours(date, 48);
	Object.assign(row, {
		allowDelivery: o.shipped ? 'Y' : 'N',
		basePriceDelivery: o.deliveryPrice,
		dateAllowDelivery: o.shipped ? shippedAt : null,
		dateDeducted: o.shipped ? shippedAt : null,
		deducted: o.shipped ? 'Y' : 'N',
		deliveryId,
		deliveryName: deliveryById(deliveryId)?.NAME ?? '',
		empAllowDeliveryId: o.shipped ? o.responsibleUserId : null,
		empDeductedId: o.shipped ? o.responsibleUserId : null,
		priceDelivery: o.deliveryPrice,
		responsibleId: o.responsibleUserId,
		statusId: o.shipped ? 'DF' : o.status === 'D' ? 'DD' : 'DN',
	});
	const shipment = shipments(store).insert(row);
	for (const b of basket) {
		shipmentItems(store).insert({
			basketId: b.id,
			dateInsert: date,
			id: 0,
			orderDeliveryId: shipment.id,
			quantity: b.quantity,
			reservedQuantity: o.shipped ? 0 : b.quantity,
			xmlId: bxXmlId(store),
		});
	}
}

function addPayment(store: Store, o: StoreOrder, order: Row, date: string, accountNumber: string): void {
	const row = blankPayment(0, order, accountNumber, o.responsibleUserId, date, bxXmlId(store));
	Object.assign(row, paySystemFields(PAY_SYSTEM_BY_SEED[o.paySystem] ?? 1), {
		datePaid: o.paid ? plusHours(date, 24) : null,
		empPaidId: o.paid ? o.responsibleUserId : null,
		paid: o.paid ? 'Y' : 'N',
		sum: order.price,
	});
	payments(store).insert(row);
}

export function loadSale(store: Store, ds: Dataset): void {
	const lk = lookups(ds);
	for (const o of ds.orders) {
		const date = seedDate(o.date);
		const order = orders(store).insert({
			...blankOrder(o.n, 1, date, bxXmlId(store)),
			accountNumber: o.accountNumber,
			canceled: o.status === 'D' ? 'Y' : 'N',
			dateCanceled: o.status === 'D' ? plusHours(date, 72) : null,
			empCanceledId: o.status === 'D' ? o.responsibleUserId : null,
			empStatusId: o.responsibleUserId,
			responsibleId: o.responsibleUserId,
			statusId: o.status,
			version: 1,
		});
		addClientsAndProperties(store, o, order, lk);
		const basket = addBasket(store, o, date, lk);
		const paymentNumber = subAccountNumber(store, order);
		addShipment(store, o, order, date, basket);
		refreshOrder(store, o.n);
		addPayment(store, o, order, date, paymentNumber);
		refreshOrder(store, o.n);
		if (o.paid || o.shipped) order.dateUpdate = plusHours(date, o.shipped ? 48 : 24);
	}
}
