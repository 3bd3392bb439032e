/** Every resource of the Bitrix24 node, in menu order. */
import { company, contact, deal, lead } from './crm';
import type { ResourceDef } from './types';

export const RESOURCES: ResourceDef[] = [company, contact, lead, deal];

// smart invoices, smart processes, old invoices, products, product rows, duplicates
import { duplicate } from './duplicates';
import { invoiceOld } from './invoiceOld';
import { smartInvoice, smartProcess } from './items';
import { productRow } from './productRows';
import { product } from './products';
RESOURCES.push(smartInvoice, smartProcess, invoiceOld, product, productRow, duplicate);

// catalog sections, units of measure, product prices
import { catalogSection, measure, productPrice } from './catalogDicts';
RESOURCES.push(catalogSection, measure, productPrice);

// requisites, bank details, addresses, presets, requisite links, dictionaries, users and structure
import { address, requisiteLink, requisitePreset } from './requisiteExtras';
import { bankDetail, requisite } from './requisites';
import { pipeline, status, vatRate } from './dictionaries';
import { department, user, workgroup } from './people';
RESOURCES.push(requisite, bankDetail, address, requisitePreset, requisiteLink, status, pipeline, vatRate, user, department, workgroup);

// store orders, payments, shipments, timeline comments, activities, live feed, raw calls and batch
import { activity } from './activity';
import { feedPost } from './feed';
import { batch, rawCall } from './raw';
import { saleOrder, salePayment, saleShipment } from './sale';
import { timelineComment } from './timeline';
RESOURCES.push(saleOrder, salePayment, saleShipment, timelineComment, activity, feedPost, rawCall, batch);

// application automation: robots and triggers (issue 11)
import { automationRobot, automationTrigger } from './automation';
RESOURCES.push(automationRobot, automationTrigger);
