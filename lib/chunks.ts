/** A list cut into consecutive pieces of at most `size` (for ID lists, batch commands, value lists). */
export function chunks<T>(list: T[], size: number): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
	return out;
}
