/**
 * The hover card of a model literal, as Markdown: name, lifecycle on the day, dates, limits,
 * and where the data came from. Pure: the VS Code hover provider only wraps it.
 */
import type { CatalogSource, Judgement, ModelInfo } from './types';

/** Thousands separators without Intl: creating an Intl.NumberFormat costs ~10-30 ms at start-up. */
function withSeparators(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function tokens(n: number | undefined): string {
  return n === undefined ? 'unknown (refresh the model list with a key for live figures)' : `${withSeparators(n)} tokens`;
}

/** Escapes Markdown so IDs and names from a server cannot inject links or formatting. */
function md(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>~]/g, (c) => `\\${c}`);
}

function lifecycleLine(judgement: Judgement): string {
  switch (judgement.kind) {
    case 'current':
      return 'Active, pinned: it does not change under you.';
    case 'alias':
      return `Alias: today it points to \`${md(judgement.target)}\`, and moves when a newer snapshot ships.`;
    case 'deprecated':
      if (judgement.retiresAt === '') return 'Deprecated; no retirement date announced.';
      return judgement.overdue
        ? `Deprecated, past its end of life (${judgement.retiresAt}).`
        : `Deprecated: end of life ${judgement.retiresAt} (${judgement.daysLeft} day${judgement.daysLeft === 1 ? '' : 's'} left).`;
    case 'retired':
      return judgement.retiredAt ? `Retired on ${judgement.retiredAt}: requests fail with 404 not_found_error.` : 'Retired: requests fail with 404 not_found_error.';
    case 'unknown':
      return 'Not a Claude model: this name never existed, so every request fails.';
    case 'platform': {
      const platform = judgement.platform === 'bedrock' ? 'Amazon Bedrock' : 'Google Vertex AI';
      const head = `${platform} ID of \`${md(judgement.baseId)}\`.`;
      const base = judgement.base.kind;
      // The dates are the first-party API's: the platform retires on its own schedule.
      if (base === 'deprecated' || base === 'retired') {
        return `${head} On the first-party Claude API: ${lifecycleLine(judgement.base)} ${platform} retires models on its own schedule, so its date may differ.`;
      }
      return `${head} ${lifecycleLine(judgement.base)}`;
    }
  }
}

function modelOf(judgement: Judgement): ModelInfo | undefined {
  if (judgement.kind === 'platform') return modelOf(judgement.base);
  return judgement.kind === 'unknown' ? undefined : judgement.model;
}

function replacementOf(judgement: Judgement): string | undefined {
  if (judgement.kind === 'platform') return replacementOf(judgement.base);
  if (judgement.kind === 'deprecated' || judgement.kind === 'retired') return judgement.replacement;
  if (judgement.kind === 'unknown') return judgement.suggestions[0];
  return undefined;
}

/** Markdown for the hover over `literal`, judged on `asOf`. */
export function modelCard(literal: string, judgement: Judgement, source: CatalogSource): string {
  const model = modelOf(judgement);
  const title = model?.displayName ? `**${md(model.displayName)}** \`${md(literal)}\`` : `**\`${md(literal)}\`**`;
  const lines = [title, '', lifecycleLine(judgement)];
  const replacement = replacementOf(judgement);
  if (replacement) lines.push('', `${judgement.kind === 'unknown' ? 'Did you mean' : 'Use instead'}: \`${md(replacement)}\``);
  if (model) {
    lines.push('', '| | |', '|---|---|');
    if (model.releasedAt) lines.push(`| Released | ${model.releasedAt} |`);
    if (model.deprecatedAt) lines.push(`| Deprecated | ${model.deprecatedAt} |`);
    if (model.retiresAt) lines.push(`| End of life${judgement.kind === 'platform' ? ' (first-party API)' : ''} | ${model.retiresAt} |`);
    lines.push(`| Context window | ${tokens(model.contextWindow)} |`, `| Max output | ${tokens(model.maxOutput)} |`);
  }
  const origin = source.source === 'live' ? `the Models API, fetched ${source.asOf}` : `the bundled snapshot of ${source.asOf}`;
  lines.push('', `_Data: ${origin}._`);
  return lines.join('\n');
}
