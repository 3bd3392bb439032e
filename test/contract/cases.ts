/**
 * The contract case table: for every fixture file under the shared fixtures directory, the request
 * that produced it (method, auth, body encoding), the sandbox it runs in (group → options), the
 * set-up calls creating what the request reads, and the HTTP status the fixtures README states.
 * The rows are kept by family in cases-*.ts; types and groups are in support.ts.
 */
import type { ContractCase } from './support';
import { batchCases } from './cases-batch';
import { crmCases } from './cases-crm';
import { crmItemCases } from './cases-crm-item';
import { requisiteCases } from './cases-requisites';
import { otherCases } from './cases-other';
import { pagingCases } from './cases-paging';

export { GROUPS, fixtureFiles, loadFixture, FIXTURES_DIR, type ContractCase, type GroupName } from './support';

export const CASES: ContractCase[] = [...batchCases, ...crmCases, ...crmItemCases, ...requisiteCases, ...otherCases, ...pagingCases];
