/** Picker-ready views of a `CompactMetadata`. */
import type { CompactField, CompactMetadata, CompactSet, SetKind } from './types';

export interface PickerOption {
	name: string;
	value: string;
	description?: string;
}

export interface MetadataSummary {
	/** Entity sets grouped by kind, sorted by name. */
	byKind: Partial<Record<SetKind, PickerOption[]>>;
	/** Fields of one set with their types (`fieldsOf(name)`). */
	fieldsOf(setName: string): PickerOption[];
}

function fieldDescription(f: CompactField): string {
	switch (f.role) {
		case 'refKey':
			return `${f.type} → ${f.target ?? '?'}`;
		case 'composite':
			return `composite (${f.typeField ?? ''})`;
		case 'tabular':
			return `rows: ${(f.rowFields ?? []).map((r) => r.name).join(', ')}`;
		case 'enumish':
			return f.enumType ? `enum ${f.enumType}` : 'enum';
		default:
			return f.type;
	}
}

export function fieldOptions(set: CompactSet): PickerOption[] {
	return set.fields.map((f) => ({ name: f.name, value: f.name, description: fieldDescription(f) }));
}

export function summarize(meta: CompactMetadata): MetadataSummary {
	const byKind: Partial<Record<SetKind, PickerOption[]>> = {};
	const index = new Map<string, CompactSet>();
	for (const s of meta.sets) {
		index.set(s.name, s);
		(byKind[s.kind] ??= []).push({ name: s.name, value: s.name });
	}
	for (const list of Object.values(byKind)) list?.sort((a, b) => a.name.localeCompare(b.name));
	return {
		byKind,
		fieldsOf: (setName) => {
			const s = index.get(setName);
			return s ? fieldOptions(s) : [];
		},
	};
}
