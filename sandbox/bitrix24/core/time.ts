/** The `time` block of every response, in the portal's time zone (with offset). */
export interface TimeBlock {
	start: number;
	finish: number;
	duration: number;
	processing: number;
	date_start: string;
	date_finish: string;
	operating_reset_at?: number;
	operating?: number;
}

/** ISO 8601 with offset in a fixed-offset zone, e.g. 2026-11-25T21:10:00+03:00. */
export function isoWithOffset(ms: number, offsetMinutes = 180): string {
	const d = new Date(ms + offsetMinutes * 60_000);
	const pad = (n: number) => String(n).padStart(2, '0');
	const sign = offsetMinutes >= 0 ? '+' : '-';
	const off = Math.abs(offsetMinutes);
	return (
		`${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T` +
		`${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}` +
		`${sign}${pad(Math.floor(off / 60))}:${pad(off % 60)}`
	);
}

export function timeBlock(
	startMs: number,
	finishMs: number,
	processingMs: number,
	operating?: { operating: number; resetAt: number },
): TimeBlock {
	const t: TimeBlock = {
		start: startMs / 1000,
		finish: finishMs / 1000,
		duration: (finishMs - startMs) / 1000,
		processing: processingMs / 1000,
		date_start: isoWithOffset(startMs),
		date_finish: isoWithOffset(finishMs),
	};
	if (operating) {
		t.operating_reset_at = operating.resetAt;
		t.operating = operating.operating;
	}
	return t;
}
