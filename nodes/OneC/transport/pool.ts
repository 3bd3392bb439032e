/** Run tasks with at most `limit` in flight; results in input order; the first failure rejects. */
export async function runAll<T>(tasks: Array<() => Promise<T>>, limit = 4): Promise<T[]> {
	const results = new Array<T>(tasks.length);
	let next = 0;
	const worker = async () => {
		while (next < tasks.length) {
			const i = next++;
			results[i] = await tasks[i]();
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, worker));
	return results;
}
