/**
 * Model access: each model of `inputs.models` through `count_tokens` (free), all side by side, and the
 * catalog's judgement (unknown, deprecated, retired, with replacements) beside the API's answer. The live
 * API wins over the bundled table: a model the table calls retired that answers is available; a model the
 * table calls current that gets a 404 is not available to this key. Pure.
 */
import type { Judgement } from '../../models/types';
import { exchange, type ApiExchange } from '../api/exchange';
import { explainApiFailure } from '../api/explain';
import { apiTargetFor, failureSetting } from '../api/target';
import type { CheckContext, CheckOutcome, DiagnosisCheck, Evidence } from '../types';

/** More models than this are listed but not sent: a workspace with hundreds of IDs must not fire hundreds of requests. */
export const MAX_MODELS_CHECKED = 20;

/** One model's finding. */
interface ModelFinding {
  id: string;
  where?: string;
  judgement: Judgement;
  /** Not sent: a Bedrock or Vertex ID, or past the cap. */
  notSent?: string;
  answer?: ApiExchange;
}

type Verdict = 'available' | 'unavailable' | 'unjudged' | 'deprecated' | 'notSent';

export const modelsCheck: DiagnosisCheck = {
  id: 'models',
  title: 'Model access',
  needs: ['auth'],
  async run(context: CheckContext): Promise<CheckOutcome> {
    const { inputs } = context;
    if (inputs.models.length === 0) return { status: 'skipped', summary: 'Not run: no models to check.', skippedBecause: 'no models given (none in the workspace, no default)' };
    const target = apiTargetFor(context);
    if (!target) return { status: 'skipped', summary: 'Not run: no credential.', skippedBecause: 'no credential' };
    const day = new Date(context.now()).toISOString().slice(0, 10);
    const unique = [...new Map(inputs.models.map((m) => [m.id, m])).values()];

    const findings = await Promise.all(
      unique.map(async (model, index): Promise<ModelFinding> => {
        const judgement = inputs.catalog.judge(model.id, day);
        const finding: ModelFinding = { id: model.id, judgement, ...(model.where && { where: model.where }) };
        if (judgement.kind === 'platform') return { ...finding, notSent: `a ${judgement.platform === 'bedrock' ? 'Bedrock' : 'Vertex'} ID: this checks the first-party API` };
        if (index >= MAX_MODELS_CHECKED) return { ...finding, notSent: `more than ${MAX_MODELS_CHECKED} models` };
        const answer = await exchange(context, target, {
          send: (client, signal) => client.messages.countTokens({ model: model.id, messages: [{ role: 'user', content: 'ping' }] }, { signal, maxRetries: 0 }).asResponse(),
          isExpected: (json) => typeof (json as { input_tokens?: unknown } | null)?.input_tokens === 'number',
          expected: 'a token count',
        });
        return { ...finding, answer };
      }),
    );

    const judged = findings.map((f) => ({ finding: f, verdict: verdictOf(f) }));
    const evidence: Evidence[] = judged.map(({ finding, verdict }) => ({ label: finding.id, value: describe(finding, verdict) }));
    const requestIds = findings.flatMap((f) => (f.answer?.requestId ? [f.answer.requestId] : []));
    const common = { evidence, ...(requestIds.length > 0 && { requestIds }) };
    const of = (v: Verdict) => judged.filter((j) => j.verdict === v).map((j) => j.finding);
    const unavailable = of('unavailable');
    const unjudged = of('unjudged');
    const deprecated = of('deprecated');
    const sent = findings.filter((f) => f.answer).length;

    if (unavailable.length > 0) {
      const [first] = unavailable;
      const cause =
        unavailable.length === 1
          ? unavailableSentence(first)
          : `${unavailable.length} of ${sent} models are not available: ${unavailable.map((f) => `${f.id} (${shortReason(f)})`).join(', ')}.`;
      const replacements = unavailable.map((f) => ({ f, use: replacementOf(f.judgement) })).filter((r) => r.use);
      return {
        status: 'fail',
        summary: `${unavailable.length} of ${sent} not available (404).`,
        owner: 'you',
        cause,
        nextStep:
          replacements.length > 0
            ? `Replace ${replacements.map((r) => `${r.f.id} with ${r.use}${r.f.where ? ` (${r.f.where})` : ''}`).join('; ')}.`
            : 'Use a model this key can reach (the Models API lists them); ask your admin if a model should be enabled for your workspace.',
        ...common,
      };
    }
    if (unjudged.length > 0) {
      const [first] = unjudged;
      const explanation = explainApiFailure(first.answer!.classification, failureSetting(context, `count_tokens for ${first.id}`, target.credential));
      return { status: 'warn', summary: `${unjudged.length} of ${sent} could not be checked: ${explanation.summary}`, owner: explanation.owner, nextStep: explanation.nextStep, ...common };
    }
    if (deprecated.length > 0) {
      const [first] = deprecated;
      const judgement = first.judgement as Extract<Judgement, { kind: 'deprecated' }>;
      const when = judgement.overdue ? 'is past its retirement date' : judgement.retiresAt ? `retires on ${judgement.retiresAt} (in ${judgement.daysLeft} days)` : 'is deprecated';
      return {
        status: 'warn',
        summary: `${sent} available; ${deprecated.length} deprecated.`,
        owner: 'you',
        cause: `The model ${first.id} still works but ${when}.`,
        nextStep: judgement.replacement ? `Move to ${judgement.replacement}${first.where ? ` (${first.where})` : ''} before then.` : 'Move to a current model before then.',
        ...common,
      };
    }
    const notSent = of('notSent').length;
    return { status: 'pass', summary: `${sent} model${sent === 1 ? '' : 's'} available${notSent > 0 ? ` (${notSent} not checked)` : ''}.`, ...common };
  },
};

function verdictOf(f: ModelFinding): Verdict {
  if (!f.answer) return 'notSent';
  const { outcome } = f.answer.classification;
  if (outcome === 'notFound') return 'unavailable';
  if (outcome !== 'ok') return 'unjudged';
  return f.judgement.kind === 'deprecated' ? 'deprecated' : 'available';
}

function replacementOf(judgement: Judgement): string | undefined {
  if (judgement.kind === 'retired' || judgement.kind === 'deprecated') return judgement.replacement;
  if (judgement.kind === 'unknown') return judgement.suggestions[0];
  return undefined;
}

function shortReason(f: ModelFinding): string {
  if (f.judgement.kind === 'retired') return 'retired';
  if (f.judgement.kind === 'unknown') return 'unknown';
  return 'not available to this key';
}

function unavailableSentence(f: ModelFinding): string {
  const { judgement } = f;
  if (judgement.kind === 'retired') return `The model ${f.id} is retired (404)${judgement.replacement ? `; use ${judgement.replacement}` : ''}.`;
  if (judgement.kind === 'unknown') return `The model ${f.id} does not exist (404)${judgement.suggestions[0] ? `; did you mean ${judgement.suggestions[0]}?` : '.'}`;
  return `The model ${f.id} is not available to this key (404).`;
}

/** One evidence line: the API's answer, then the catalog's judgement. */
function describe(f: ModelFinding, verdict: Verdict): string {
  const where = f.where ? ` [${f.where}]` : '';
  if (verdict === 'notSent') return `not checked: ${f.notSent}${where}`;
  const answer = f.answer!;
  const api =
    verdict === 'unavailable'
      ? `404 from count_tokens`
      : verdict === 'unjudged'
        ? `not judged: ${answer.classification.detail ?? answer.classification.outcome}`
        : `available (count_tokens ${answer.status} in ${Math.round(answer.latencyMs)} ms)`;
  return `${api}; ${catalogSays(f.judgement, verdict)}${where}`;
}

function catalogSays(judgement: Judgement, verdict: Verdict): string {
  const live = verdict === 'available' || verdict === 'deprecated';
  switch (judgement.kind) {
    case 'current':
      return verdict === 'unavailable' ? 'the catalog lists it as current: not enabled for this key' : 'current';
    case 'alias':
      return `an alias of ${judgement.target}`;
    case 'deprecated':
      return `deprecated${judgement.retiresAt ? `, retires ${judgement.retiresAt}` : ''}${judgement.replacement ? `; replacement ${judgement.replacement}` : ''}`;
    case 'retired':
      return live
        ? `the bundled table says retired${judgement.retiredAt ? ` on ${judgement.retiredAt}` : ''}, but the API still serves it`
        : `retired${judgement.retiredAt ? ` on ${judgement.retiredAt}` : ''}${judgement.replacement ? `; replacement ${judgement.replacement}` : ''}`;
    case 'unknown':
      return live ? 'not in the bundled table (newer than it)' : `unknown${judgement.suggestions.length > 0 ? `; did you mean ${judgement.suggestions.slice(0, 2).join(' or ')}?` : ''}`;
    case 'platform':
      return `a ${judgement.platform} ID`;
  }
}
