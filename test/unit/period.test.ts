/** Relative report periods (lib/period.ts) in the server's time zone, across month, quarter and year edges. */
import { relativePeriod, type RelativePeriod } from '../../lib/period';

// Wednesday 2026-12-02 01:30 in Moscow = Tuesday 2026-12-01 22:30 UTC: the zone decides the day
const NOW = new Date('2026-12-01T22:30:00Z');

describe('relativePeriod', () => {
	it.each<[RelativePeriod, string, string]>([
		['today', '2026-12-02T00:00:00', '2026-12-02T23:59:59'],
		['yesterday', '2026-12-01T00:00:00', '2026-12-01T23:59:59'],
		['thisWeek', '2026-11-30T00:00:00', '2026-12-02T23:59:59'],
		['lastWeek', '2026-11-23T00:00:00', '2026-11-29T23:59:59'],
		['monthToDate', '2026-12-01T00:00:00', '2026-12-02T23:59:59'],
		['lastMonth', '2026-11-01T00:00:00', '2026-11-30T23:59:59'],
		['quarterToDate', '2026-10-01T00:00:00', '2026-12-02T23:59:59'],
		['lastQuarter', '2026-07-01T00:00:00', '2026-09-30T23:59:59'],
		['yearToDate', '2026-01-01T00:00:00', '2026-12-02T23:59:59'],
		['lastYear', '2025-01-01T00:00:00', '2025-12-31T23:59:59'],
		['last7Days', '2026-11-26T00:00:00', '2026-12-02T23:59:59'],
		['last30Days', '2026-11-03T00:00:00', '2026-12-02T23:59:59'],
	])('%s', (kind, start, end) => {
		expect(relativePeriod(kind, NOW, 'Europe/Moscow')).toMatchObject({ start, end });
	});

	it('January: last month and last quarter fall in the previous year; UTC sees another day', () => {
		const jan = new Date('2027-01-05T10:00:00Z');
		expect(relativePeriod('lastMonth', jan)).toMatchObject({ start: '2026-12-01T00:00:00', end: '2026-12-31T23:59:59', label: '01.12.2026 – 31.12.2026' });
		expect(relativePeriod('lastQuarter', jan)).toMatchObject({ start: '2026-10-01T00:00:00', end: '2026-12-31T23:59:59' });
		expect(relativePeriod('today', NOW, 'UTC')).toMatchObject({ start: '2026-12-01T00:00:00', label: '01.12.2026' });
		expect(() => relativePeriod('someday' as RelativePeriod, NOW)).toThrow(/Unknown period/);
	});
});
