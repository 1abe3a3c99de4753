/**
 * The optional live call: a one-token `messages.create` to the cheapest current model of the catalog (the
 * newest current Haiku), only when the user asked (`inputs.live`: it costs tokens). It proves what the
 * free checks cannot: that a real generation goes through. Pure.
 */
import { exchange } from '../api/exchange';
import { explainApiFailure } from '../api/explain';
import { apiTargetFor, failureSetting } from '../api/target';
import type { ModelCatalog } from '../../models/catalog';
import type { CheckContext, CheckOutcome, DiagnosisCheck } from '../types';

/** The cheapest line first; the live call uses the newest current model of the first line that has one. */
const CHEAPEST_LINES = ['haiku', 'sonnet'];

/** The model the live call goes to on `day`. */
export function cheapestCurrentModel(catalog: ModelCatalog, day: string): string | undefined {
  for (const line of CHEAPEST_LINES) {
    const model = catalog.newestOfLine(line, day);
    if (model) return model.aliasOf ?? model.id;
  }
  return undefined;
}

export const liveCallCheck: DiagnosisCheck = {
  id: 'liveCall',
  title: 'Live call',
  needs: ['models'],
  async run(context: CheckContext): Promise<CheckOutcome> {
    if (!context.inputs.live) return { status: 'skipped', summary: 'Not run: off by default, it costs tokens (--live, or say yes when asked).', skippedBecause: 'off: it costs tokens' };
    const target = apiTargetFor(context);
    if (!target) return { status: 'skipped', summary: 'Not run: no credential.', skippedBecause: 'no credential' };
    const day = new Date(context.now()).toISOString().slice(0, 10);
    const model = cheapestCurrentModel(context.inputs.catalog, day);
    if (!model) return { status: 'skipped', summary: 'Not run: the catalog has no current Haiku or Sonnet model.', skippedBecause: 'no current cheap model in the catalog' };

    const answer = await exchange(context, target, {
      send: (client, signal) => client.messages.create({ model, max_tokens: 1, messages: [{ role: 'user', content: 'ping' }] }, { signal, maxRetries: 0 }).asResponse(),
      isExpected: (json) => (json as { type?: unknown } | null)?.type === 'message',
      expected: 'a message',
    });
    const usage = (answer.json as { usage?: { input_tokens?: unknown; output_tokens?: unknown } } | undefined)?.usage;
    const evidence = [
      { label: 'Request', value: `messages.create, model ${model}, max_tokens 1 (costs a few input tokens and 1 output token)` },
      ...(answer.status !== undefined ? [{ label: 'HTTP status', value: String(answer.status) }] : []),
      { label: 'Latency', value: `${Math.round(answer.latencyMs)} ms` },
      ...(answer.requestId ? [{ label: 'request-id', value: answer.requestId }] : []),
      ...(typeof usage?.output_tokens === 'number' ? [{ label: 'Usage', value: `${String(usage.input_tokens)} input, ${usage.output_tokens} output tokens` }] : []),
    ];
    const common = { evidence, ...(answer.requestId && { requestIds: [answer.requestId] }) };
    if (answer.classification.outcome === 'ok') {
      return { status: 'pass', summary: `${model} answered in ${Math.round(answer.latencyMs)} ms${answer.requestId ? ` (request-id ${answer.requestId})` : ''}.`, ...common };
    }
    const explanation = explainApiFailure(answer.classification, failureSetting(context, `messages.create for ${model}`, target.credential));
    const cause = answer.classification.outcome === 'notFound' ? `The live call's model ${model} was not found (404): not available to this key.` : explanation.cause;
    return { status: 'fail', summary: explanation.summary, owner: explanation.owner, cause, nextStep: explanation.nextStep, ...common };
  },
};
