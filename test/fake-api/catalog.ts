// The model catalogue the fake Models API serves, built from
// /work/shared/docs/claude-api-facts.md §1 (ids, lifecycles, retirement dates,
// aliases). The facts give no release dates for the 4.6+ generation nor token
// limits for most models: those values are placeholders chosen so that the
// order matches the SDK's `Model` union (newest first). Tests must not rely on
// them beyond ordering.
//
// Typed against the SDK's own `ModelInfo` so the shapes cannot drift from what
// the official client expects (a type-only import: no runtime dependency).
import type { ModelCapabilities, ModelInfo, ModelLine } from '@anthropic-ai/sdk/resources/models';

export type Lifecycle = ModelInfo['lifecycle'];
export type FakeModel = ModelInfo;

/** Capability generations; each maps to one capabilities object below. */
type Tier = 'frontier' | 'claude4' | 'claude3' | 'legacy';

const yes = { supported: true };
const no = { supported: false };

function capabilities(tier: Tier): ModelCapabilities {
  const frontier = tier === 'frontier';
  const modern = frontier || tier === 'claude4';
  const vision = tier !== 'legacy';
  const s = (on: boolean) => (on ? yes : no);
  return {
    batch: yes,
    citations: s(vision),
    code_execution: s(modern),
    context_management: {
      supported: modern,
      clear_thinking_20251015: modern ? yes : null,
      clear_tool_uses_20250919: modern ? yes : null,
      compact_20260112: frontier ? yes : null,
    },
    effort: {
      supported: frontier,
      low: s(frontier),
      medium: s(frontier),
      high: s(frontier),
      max: s(frontier),
      xhigh: frontier ? yes : null,
    },
    image_input: s(vision),
    pdf_input: s(vision),
    server_tools: { supported: modern, code_execution: s(modern), web_search: s(modern) },
    structured_outputs: s(modern),
    thinking: {
      supported: modern,
      types: { adaptive: s(frontier), between_tools: s(frontier), disabled: yes, enabled: s(modern) },
    },
  };
}

interface Spec {
  id: string;
  name: string;
  line: ModelLine | null;
  created: string; // YYYY-MM-DD
  tier: Tier;
  input: number;
  output: number;
  deprecated?: string; // YYYY-MM-DD
  retires?: string; // YYYY-MM-DD
  retired?: boolean;
}

const day = (d: string | undefined) => (d ? `${d}T00:00:00Z` : null);

function model(spec: Spec): FakeModel {
  const lifecycle: Lifecycle = spec.retired ? 'retired' : spec.deprecated ? 'deprecated' : 'active';
  return {
    type: 'model',
    id: spec.id,
    display_name: spec.name,
    created_at: day(spec.created)!,
    lifecycle,
    deprecated_at: day(spec.deprecated),
    retires_at: day(spec.retires),
    line: spec.line,
    max_input_tokens: spec.input,
    max_tokens: spec.output,
    capabilities: capabilities(spec.tier),
  };
}

const M = 1_000_000;
const K200 = 200_000;

const SPECS: Spec[] = [
  // Active, 4.6 and later: undated ids that are pinned snapshots themselves.
  { id: 'claude-fable-5-2', name: 'Claude Fable 5.2', line: 'fable', created: '2026-10-28', tier: 'frontier', input: M, output: 128_000 },
  { id: 'claude-mythos-5-2', name: 'Claude Mythos 5.2', line: 'mythos', created: '2026-10-14', tier: 'frontier', input: M, output: 128_000 },
  { id: 'claude-haiku-5-5', name: 'Claude Haiku 5.5', line: 'haiku', created: '2026-09-30', tier: 'frontier', input: K200, output: 64_000 },
  { id: 'claude-sonnet-5-5', name: 'Claude Sonnet 5.5', line: 'sonnet', created: '2026-09-16', tier: 'frontier', input: M, output: 128_000 },
  { id: 'claude-fable-5-1', name: 'Claude Fable 5.1', line: 'fable', created: '2026-08-26', tier: 'frontier', input: M, output: 128_000 },
  { id: 'claude-opus-5-5', name: 'Claude Opus 5.5', line: 'opus', created: '2026-08-12', tier: 'frontier', input: M, output: 128_000 },
  { id: 'claude-mythos-5-1', name: 'Claude Mythos 5.1', line: 'mythos', created: '2026-07-22', tier: 'frontier', input: M, output: 128_000 },
  { id: 'claude-sonnet-5', name: 'Claude Sonnet 5', line: 'sonnet', created: '2026-06-24', tier: 'frontier', input: M, output: 128_000 },
  { id: 'claude-fable-5', name: 'Claude Fable 5', line: 'fable', created: '2026-06-10', tier: 'frontier', input: M, output: 128_000 },
  { id: 'claude-mythos-5', name: 'Claude Mythos 5', line: 'mythos', created: '2026-05-27', tier: 'frontier', input: M, output: 128_000 },
  { id: 'claude-opus-5', name: 'Claude Opus 5', line: 'opus', created: '2026-05-13', tier: 'frontier', input: M, output: 128_000 },
  { id: 'claude-opus-4-8', name: 'Claude Opus 4.8', line: 'opus', created: '2026-04-22', tier: 'frontier', input: M, output: 128_000 },
  { id: 'claude-opus-4-7', name: 'Claude Opus 4.7', line: 'opus', created: '2026-03-25', tier: 'frontier', input: M, output: 128_000 },
  // Deprecated with a retirement date already in the past (facts §1): "overdue", still served.
  { id: 'claude-mythos-preview', name: 'Claude Mythos Preview', line: 'mythos', created: '2026-03-04', tier: 'frontier', input: M, output: 128_000, deprecated: '2026-05-27', retires: '2026-06-30' },
  { id: 'claude-opus-4-6', name: 'Claude Opus 4.6', line: 'opus', created: '2026-02-05', tier: 'frontier', input: M, output: 128_000 },
  { id: 'claude-sonnet-4-6', name: 'Claude Sonnet 4.6', line: 'sonnet', created: '2026-01-21', tier: 'frontier', input: M, output: 64_000 },
  // Active, dated snapshots behind the pre-4.6 aliases.
  { id: 'claude-opus-4-5-20251101', name: 'Claude Opus 4.5', line: 'opus', created: '2025-11-24', tier: 'claude4', input: K200, output: 64_000 },
  { id: 'claude-haiku-4-5-20251001', name: 'Claude Haiku 4.5', line: 'haiku', created: '2025-10-15', tier: 'claude4', input: K200, output: 64_000 },
  // Deprecated: end of life 2026-11-30, replacement claude-sonnet-5-5.
  { id: 'claude-sonnet-4-5-20250929', name: 'Claude Sonnet 4.5', line: 'sonnet', created: '2025-09-29', tier: 'claude4', input: K200, output: 64_000, deprecated: '2026-09-16', retires: '2026-11-30' },
  // Retired: requests naming them fail with 404 not_found_error.
  { id: 'claude-opus-4-1-20250805', name: 'Claude Opus 4.1', line: 'opus', created: '2025-08-05', tier: 'claude4', input: K200, output: 32_000, deprecated: '2026-04-22', retires: '2026-08-05', retired: true },
  { id: 'claude-opus-4-20250514', name: 'Claude Opus 4', line: 'opus', created: '2025-05-22', tier: 'claude4', input: K200, output: 32_000, deprecated: '2026-02-05', retires: '2026-06-15', retired: true },
  { id: 'claude-sonnet-4-20250514', name: 'Claude Sonnet 4', line: 'sonnet', created: '2025-05-22', tier: 'claude4', input: K200, output: 64_000, deprecated: '2026-02-05', retires: '2026-06-15', retired: true },
  { id: 'claude-3-7-sonnet-20250219', name: 'Claude Sonnet 3.7', line: 'sonnet', created: '2025-02-24', tier: 'claude4', input: K200, output: 64_000, deprecated: '2025-10-28', retires: '2026-02-19', retired: true },
  { id: 'claude-3-5-haiku-20241022', name: 'Claude Haiku 3.5', line: 'haiku', created: '2024-10-22', tier: 'claude3', input: K200, output: 8_192, deprecated: '2025-10-28', retires: '2026-02-19', retired: true },
  { id: 'claude-3-5-sonnet-20241022', name: 'Claude Sonnet 3.5 (New)', line: 'sonnet', created: '2024-10-22', tier: 'claude3', input: K200, output: 8_192, deprecated: '2025-08-13', retires: '2025-10-28', retired: true },
  { id: 'claude-3-5-sonnet-20240620', name: 'Claude Sonnet 3.5 (Old)', line: 'sonnet', created: '2024-06-20', tier: 'claude3', input: K200, output: 8_192, deprecated: '2025-08-13', retires: '2025-10-28', retired: true },
  { id: 'claude-3-haiku-20240307', name: 'Claude Haiku 3', line: 'haiku', created: '2024-03-07', tier: 'claude3', input: K200, output: 4_096, deprecated: '2026-01-21', retires: '2026-04-20', retired: true },
  { id: 'claude-3-opus-20240229', name: 'Claude Opus 3', line: 'opus', created: '2024-02-29', tier: 'claude3', input: K200, output: 4_096, deprecated: '2025-06-30', retires: '2026-01-05', retired: true },
  { id: 'claude-3-sonnet-20240229', name: 'Claude Sonnet 3', line: 'sonnet', created: '2024-02-29', tier: 'claude3', input: K200, output: 4_096, deprecated: '2025-01-21', retires: '2025-07-21', retired: true },
  { id: 'claude-2.1', name: 'Claude 2.1', line: null, created: '2023-11-21', tier: 'legacy', input: K200, output: 4_096, deprecated: '2025-01-21', retires: '2025-07-21', retired: true },
  { id: 'claude-instant-1.2', name: 'Claude Instant 1.2', line: null, created: '2023-08-09', tier: 'legacy', input: 100_000, output: 4_096, deprecated: '2024-09-04', retires: '2024-11-06', retired: true },
  { id: 'claude-2.0', name: 'Claude 2.0', line: null, created: '2023-07-11', tier: 'legacy', input: 100_000, output: 4_096, deprecated: '2025-01-21', retires: '2025-07-21', retired: true },
  { id: 'claude-1.3', name: 'Claude 1.3', line: null, created: '2023-04-18', tier: 'legacy', input: 100_000, output: 4_096, deprecated: '2024-09-04', retires: '2024-11-06', retired: true },
];

/** Every known model, newest first by created_at (ties: by id, descending, for a stable order). */
export const MODEL_CATALOG: readonly FakeModel[] = SPECS.map(model).sort(
  (a, b) => b.created_at.localeCompare(a.created_at) || b.id.localeCompare(a.id),
);

/**
 * Names that float to (or, for old spellings, stand for) a dated snapshot.
 * Aliases are resolved by GET /v1/models/{id} and accepted by /v1/messages,
 * but never listed by GET /v1/models, like the real API.
 */
export const MODEL_ALIASES: Readonly<Record<string, string>> = {
  'claude-haiku-4-5': 'claude-haiku-4-5-20251001',
  'claude-opus-4-5': 'claude-opus-4-5-20251101',
  'claude-sonnet-4-5': 'claude-sonnet-4-5-20250929',
  'claude-opus-4-1': 'claude-opus-4-1-20250805',
  'claude-opus-4-0': 'claude-opus-4-20250514',
  'claude-sonnet-4-0': 'claude-sonnet-4-20250514',
  'claude-4-opus-20250514': 'claude-opus-4-20250514',
  'claude-4-sonnet-20250514': 'claude-sonnet-4-20250514',
  'claude-3-7-sonnet-latest': 'claude-3-7-sonnet-20250219',
  'claude-3-5-haiku-latest': 'claude-3-5-haiku-20241022',
  'claude-3-5-sonnet-latest': 'claude-3-5-sonnet-20241022',
  'claude-3-opus-latest': 'claude-3-opus-20240229',
};

const BY_ID = new Map(MODEL_CATALOG.map((m) => [m.id, m]));

/** The catalogue entry for an id or alias (any lifecycle), or undefined. */
export function findModel(idOrAlias: string): FakeModel | undefined {
  const id = Object.hasOwn(MODEL_ALIASES, idOrAlias) ? MODEL_ALIASES[idOrAlias] : idOrAlias;
  return BY_ID.get(id);
}

/** Models in the given lifecycle stages, newest first. */
export function modelsIn(lifecycles: readonly Lifecycle[]): FakeModel[] {
  return MODEL_CATALOG.filter((m) => lifecycles.includes(m.lifecycle));
}
